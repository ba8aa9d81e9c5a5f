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

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var text = node is ArgumentSyntax argument ? argument.Expression : node as ExpressionSyntax;
            if (text is null || Split(text, model, context.CancellationToken) is not { } split || Plan(text, model, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Move the input into a user message", cancellationToken => ApplyAsync(context.Document, text, split, plan, cancellationToken), EquivalenceKey),
                diagnostic);
        }
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
    private static Insertion? Plan(ExpressionSyntax text, SemanticModel model, CancellationToken cancellationToken)
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

    private static async Task<Document> ApplyAsync(Document document, ExpressionSyntax text, (string Instructions, ExpressionSyntax Input) split, Insertion plan, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var constant = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(split.Instructions)).WithTriviaFrom(text);
        var userMessage = SimplifiableSyntax.Annotate(plan.CreateUserMessage(split.Input.WithoutTrivia())).WithAdditionalAnnotations(Formatter.Annotation);
        var anchor = plan.Anchor;
        var updatedAnchor = anchor.ReplaceNode(text, constant);

        SyntaxNode updated = anchor switch
        {
            StatementSyntax statement => root.ReplaceNode(statement, new[]
            {
                (StatementSyntax)updatedAnchor,
                ((StatementSyntax)userMessage).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()),
            }),
            _ when anchor.Parent is ExpressionElementSyntax element => root.ReplaceNode(element, new SyntaxNode[] { element.WithExpression((ExpressionSyntax)updatedAnchor), SyntaxFactory.ExpressionElement((ExpressionSyntax)userMessage) }),
            _ when anchor.Parent is ArgumentSyntax argument => root.ReplaceNode(argument, new SyntaxNode[] { argument.WithExpression((ExpressionSyntax)updatedAnchor), SyntaxFactory.Argument((ExpressionSyntax)userMessage) }),
            _ when anchor.Parent is InitializerExpressionSyntax initializer => root.ReplaceNode(initializer, initializer.WithExpressions(Insert(initializer.Expressions, (ExpressionSyntax)anchor, (ExpressionSyntax)updatedAnchor, (ExpressionSyntax)userMessage))),
            _ => root,
        };

        return await SimplifiableSyntax.SimplifyAndFormatAsync(document, updated, cancellationToken).ConfigureAwait(false);
    }

    private static SeparatedSyntaxList<ExpressionSyntax> Insert(SeparatedSyntaxList<ExpressionSyntax> list, ExpressionSyntax original, ExpressionSyntax replacement, ExpressionSyntax added)
    {
        var index = list.IndexOf(original);
        return list.Replace(original, replacement).Insert(index + 1, added);
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
