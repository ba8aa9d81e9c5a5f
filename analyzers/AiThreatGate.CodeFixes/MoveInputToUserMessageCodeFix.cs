using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace AiThreatGate.CodeFixes;

/// <summary>
/// AITG020: keeps the instructions constant and moves the one untrusted part into a user-role message placed right
/// after them. Offered where the shape allows it: the instruction text is an interpolated string or a concatenation
/// with exactly one non-constant part, and the system message is a statement (<c>history.AddSystemMessage(...)</c>)
/// or an element of a message list, array, collection expression or <c>params</c> argument list.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveInputToUserMessageCodeFix)), Shared]
public sealed class MoveInputToUserMessageCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "AITG020.MoveToUserMessage";

    /// <summary>Stands where the input was, so the instructions still read as a sentence and say where the text went.</summary>
    public const string Placeholder = "[given in the user message]";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleCatalog.AITG020.Id);

    /// <summary>
    /// Not the batch fixer: two system messages of one list both add an element to that list, which merged text edits
    /// treat as a conflict. All of a document's messages are split on one tree instead.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (context, document, diagnostics) =>
        {
            var plans = await PlansForAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
            return plans.Count == 0 ? document : await ApplyAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
        });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var plan in await PlansForAsync(context.Document, new[] { diagnostic }, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Move the input into a user message", cancellationToken => ApplyAsync(context.Document, new[] { plan }, cancellationToken), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>One plan per instruction text that has the shape the fix handles, in document order.</summary>
    private static async Task<List<Plan>> PlansForAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return plans;
        }

        foreach (var diagnostic in diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var text = node is ArgumentSyntax argument ? argument.Expression : node as ExpressionSyntax;
            if (text is null
                || plans.Any(p => p.Text == text)
                || Split(text, model, cancellationToken) is not { } split
                || PlanInsertion(text, model, cancellationToken) is not { } insertion)
            {
                continue;
            }

            plans.Add(new Plan(text, split.Instructions, split.Input, insertion));
        }

        return plans.OrderBy(p => p.Text.SpanStart).ToList();
    }

    /// <summary>The instructions without the input, and the input: null unless exactly one part is not a constant.</summary>
    private static (string Instructions, ExpressionSyntax Input)? Split(ExpressionSyntax text, SemanticModel model, CancellationToken cancellationToken)
    {
        var constant = new System.Text.StringBuilder();
        ExpressionSyntax? input = null;
        switch (text)
        {
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax literal)
                    {
                        constant.Append(literal.TextToken.ValueText);
                    }
                    else if (content is InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole && input is null)
                    {
                        input = hole.Expression;
                        constant.Append(Placeholder);
                    }
                    else
                    {
                        return null;
                    }
                }

                break;
            case BinaryExpressionSyntax concatenation when concatenation.IsKind(SyntaxKind.AddExpression):
                foreach (var part in Flatten(concatenation))
                {
                    if (model.GetConstantValue(part, cancellationToken) is { HasValue: true, Value: string value })
                    {
                        constant.Append(value);
                    }
                    else if (input is null && model.GetTypeInfo(part, cancellationToken).Type?.SpecialType == SpecialType.System_String)
                    {
                        input = part;
                        constant.Append(Placeholder);
                    }
                    else
                    {
                        return null;
                    }
                }

                break;
            default:
                return null;
        }

        return input is null ? null : (constant.ToString(), input);
    }

    private static IEnumerable<ExpressionSyntax> Flatten(ExpressionSyntax expression)
    {
        if (expression is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression))
        {
            return Flatten(binary.Left).Concat(Flatten(binary.Right));
        }

        return new[] { expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : expression };
    }

    /// <summary>How to add the user message next to the system message, or null when the shape does not allow it.</summary>
    private static Insertion? PlanInsertion(ExpressionSyntax text, SemanticModel model, CancellationToken cancellationToken)
    {
        if (text.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } })
        {
            return null;
        }

        var symbol = model.GetSymbolInfo(call, cancellationToken).Symbol as IMethodSymbol;
        var type = symbol?.ContainingType?.ToDisplayString();
        switch (call)
        {
            // history.AddSystemMessage(...); → history.AddSystemMessage(...); history.AddUserMessage(input);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member, Parent: ExpressionStatementSyntax { Parent: BlockSyntax } statement }
                when type == "Microsoft.SemanticKernel.ChatCompletion.ChatHistory" && symbol!.Name is "AddSystemMessage" or "AddDeveloperMessage":
                return new Insertion(statement, input => SyntaxFactory.ParseStatement(member.Expression + ".AddUserMessage(" + input + ");"));
            case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or InvocationExpressionSyntax:
                var userMessage = UserMessageFor(type, symbol, call, model, cancellationToken);
                return userMessage is null || !IsListElement((ExpressionSyntax)call, model, cancellationToken) ? null : new Insertion((ExpressionSyntax)call, userMessage);
            default:
                return null;
        }
    }

    private static System.Func<ExpressionSyntax, SyntaxNode>? UserMessageFor(string? type, IMethodSymbol? symbol, SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "OpenAI.Chat.SystemChatMessage" or "OpenAI.Chat.DeveloperChatMessage":
            case "OpenAI.Chat.ChatMessage" when symbol!.Name is "CreateSystemMessage" or "CreateDeveloperMessage":
                return input => SyntaxFactory.ParseExpression("new global::OpenAI.Chat.UserChatMessage(" + input + ")");
            case "Microsoft.Extensions.AI.ChatMessage" when call is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments }
                && model.GetSymbolInfo(arguments[0].Expression, cancellationToken).Symbol is IPropertySymbol { Name: "System" }:
                return input => SyntaxFactory.ParseExpression("new global::Microsoft.Extensions.AI.ChatMessage(global::Microsoft.Extensions.AI.ChatRole.User, " + input + ")");
            default:
                return null;
        }
    }

    /// <summary>An element of a collection initializer, array, collection expression, or a <c>params</c> argument: a sibling can follow it.</summary>
    private static bool IsListElement(ExpressionSyntax message, SemanticModel model, CancellationToken cancellationToken) => message.Parent switch
    {
        InitializerExpressionSyntax => true,
        ExpressionElementSyntax { Parent: CollectionExpressionSyntax } => true,
        ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } argument =>
            model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
            && invocation.ArgumentList.Arguments.IndexOf(argument) is var index and >= 0
            && method.Parameters.Length > 0 && method.Parameters[System.Math.Min(index, method.Parameters.Length - 1)].IsParams,
        _ => false,
    };

    private static async Task<Document> ApplyAsync(Document document, IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var plan in plans)
        {
            if (plan.Insertion.Anchor is StatementSyntax statement)
            {
                editor.ReplaceNode(plan.Text, Constant(plan));
                editor.InsertAfter(statement, ((StatementSyntax)UserMessage(plan)).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()));
            }
        }

        // A list is rebuilt once with all its new messages, so that two system messages of one list both gain their
        // user message, and each new element repeats the layout (separator, indentation) of the one it follows.
        foreach (var group in plans.Where(p => p.Insertion.Anchor is not StatementSyntax).GroupBy(p => p.Insertion.Anchor.Parent is ExpressionElementSyntax or ArgumentSyntax ? p.Insertion.Anchor.Parent.Parent! : p.Insertion.Anchor.Parent!))
        {
            SyntaxNode rebuilt = group.Key switch
            {
                CollectionExpressionSyntax collection => collection.WithElements(InsertAfter(collection.Elements, group, (element, plan) => element.ReplaceNode(plan.Text, Constant(plan)), plan => SyntaxFactory.ExpressionElement((ExpressionSyntax)UserMessage(plan)))),
                ArgumentListSyntax arguments => arguments.WithArguments(InsertAfter(arguments.Arguments, group, (argument, plan) => argument.ReplaceNode(plan.Text, Constant(plan)), plan => SyntaxFactory.Argument((ExpressionSyntax)UserMessage(plan)))),
                InitializerExpressionSyntax initializer => initializer.WithExpressions(InsertAfter(initializer.Expressions, group, (expression, plan) => expression.ReplaceNode(plan.Text, Constant(plan)), plan => (ExpressionSyntax)UserMessage(plan))),
                _ => group.Key,
            };
            editor.ReplaceNode(group.Key, rebuilt);
        }

        return await SimplifiableSyntax.SimplifyAndFormatAsync(document, editor.GetChangedRoot(), cancellationToken).ConfigureAwait(false);
    }

    private static LiteralExpressionSyntax Constant(Plan plan) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(plan.Instructions)).WithTriviaFrom(plan.Text);

    private static SyntaxNode UserMessage(Plan plan) =>
        SimplifiableSyntax.Annotate(plan.Insertion.CreateUserMessage(plan.Input.WithoutTrivia())).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// <paramref name="list"/> with each planned element updated and followed by its new element. The new element takes
    /// the indentation of the one it follows and a copy of the separator after it, so one-per-line lists stay that way.
    /// </summary>
    private static SeparatedSyntaxList<TElement> InsertAfter<TElement>(SeparatedSyntaxList<TElement> list, IEnumerable<Plan> plans, System.Func<TElement, Plan, TElement> update, System.Func<Plan, TElement> create)
        where TElement : SyntaxNode
    {
        var items = new List<SyntaxNodeOrToken>();
        for (var index = 0; index < list.Count; index++)
        {
            var element = list[index];
            var separator = index < list.SeparatorCount ? list.GetSeparator(index) : default(SyntaxToken?);
            var plan = plans.FirstOrDefault(p => element.Span.Contains(p.Text.Span));
            if (plan is null)
            {
                items.Add(element);
            }
            else
            {
                items.Add(update(element, plan).WithoutTrailingTrivia());
                items.Add(separator ?? SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(EndsLine(element) ? element.GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                items.Add(create(plan).WithLeadingTrivia(element.GetLeadingTrivia()).WithTrailingTrivia(element.GetTrailingTrivia()));
            }

            if (separator is { } token)
            {
                items.Add(token);
            }
        }

        return SyntaxFactory.SeparatedList<TElement>(items);
    }

    /// <summary>The last element of a one-per-line list carries the line break itself; the new element then goes on its own line too.</summary>
    private static bool EndsLine(SyntaxNode element) => element.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia);

    private sealed class Plan
    {
        public Plan(ExpressionSyntax text, string instructions, ExpressionSyntax input, Insertion insertion)
        {
            Text = text;
            Instructions = instructions;
            Input = input;
            Insertion = insertion;
        }

        /// <summary>The instruction text as written, with the input in it.</summary>
        public ExpressionSyntax Text { get; }

        /// <summary>The constant instructions that replace it.</summary>
        public string Instructions { get; }

        public ExpressionSyntax Input { get; }

        public Insertion Insertion { get; }
    }

    private sealed class Insertion
    {
        public Insertion(SyntaxNode anchor, System.Func<ExpressionSyntax, SyntaxNode> createUserMessage)
        {
            Anchor = anchor;
            CreateUserMessage = createUserMessage;
        }

        /// <summary>The system-message statement or expression the user message follows.</summary>
        public SyntaxNode Anchor { get; }

        public System.Func<ExpressionSyntax, SyntaxNode> CreateUserMessage { get; }
    }
}
