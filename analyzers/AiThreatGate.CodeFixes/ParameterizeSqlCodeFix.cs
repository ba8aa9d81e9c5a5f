using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// AITG010: turns <c>command.CommandText = $"... {value} ..."</c> into a parameterized command: each interpolation
/// hole becomes <c>@p0</c>, <c>@p1</c>... and a parameter with its value is added through <c>IDbCommand.CreateParameter</c>,
/// which every ADO.NET provider supports. Offered only for that shape (an interpolated string assigned in a statement).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterizeSqlCodeFix)), Shared]
public sealed class ParameterizeSqlCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "AITG010.Parameterize";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleCatalog.AITG010.Id);

    /// <summary>
    /// Not the batch fixer: two commands built in one method would each declare <c>parameter0</c>, and merged text
    /// edits cannot see that. All of a document's commands are parameterized on one tree, with names unique per member.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (context, document, diagnostics) =>
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var plans = root is null ? new List<Plan>() : PlansFor(root, diagnostics);
            return plans.Count == 0 ? document : await ParameterizeAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
        });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var plan in PlansFor(root, new[] { diagnostic }))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Pass the values as SQL parameters", cancellationToken => ParameterizeAsync(context.Document, new[] { plan }, cancellationToken), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>One plan per fixable <c>CommandText</c> statement, in document order; a statement reported twice is fixed once.</summary>
    private static List<Plan> PlansFor(SyntaxNode root, IEnumerable<Diagnostic> diagnostics)
    {
        var plans = new List<Plan>();
        foreach (var diagnostic in diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if ((node is ArgumentSyntax argument ? argument.Expression : node) is not InterpolatedStringExpressionSyntax sql
                || sql.Parent is not AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target } assignment
                || assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } statement
                || !sql.Contents.OfType<InterpolationSyntax>().Any()
                || plans.Any(p => p.Statement == statement))
            {
                continue;
            }

            plans.Add(new Plan(sql, target.Expression, statement));
        }

        return plans.OrderBy(p => p.Statement.SpanStart).ToList();
    }

    private static async Task<Document> ParameterizeAsync(Document document, IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var takenByScope = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var plan in plans)
        {
            var scope = LocalScopeOf(plan.Statement);
            if (!takenByScope.TryGetValue(scope, out var taken))
            {
                takenByScope[scope] = taken = DeclaredNames(scope);
            }

            var text = new System.Text.StringBuilder();
            var parameters = new List<StatementSyntax>();
            var index = 0;
            foreach (var content in plan.Sql.Contents)
            {
                if (content is InterpolatedStringTextSyntax literal)
                {
                    text.Append(literal.TextToken.ValueText);
                    continue;
                }

                var hole = (InterpolationSyntax)content;
                var name = "@p" + index.ToString(CultureInfo.InvariantCulture);
                var variable = FreeName("parameter", taken);
                text.Append(name);
                parameters.Add(SyntaxFactory.ParseStatement($"var {variable} = {plan.Command}.CreateParameter();\n"));
                parameters.Add(SyntaxFactory.ParseStatement($"{variable}.ParameterName = \"{name}\";\n"));
                parameters.Add(SyntaxFactory.ParseStatement($"{variable}.Value = (object?)({hole.Expression}) ?? global::System.DBNull.Value;\n"));
                parameters.Add(SyntaxFactory.ParseStatement($"{plan.Command}.Parameters.Add({variable});\n"));
                index++;
            }

            editor.ReplaceNode(plan.Sql, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text.ToString())).WithTriviaFrom(plan.Sql));
            editor.InsertAfter(plan.Statement, parameters.Select(p => SimplifiableSyntax.Annotate(p).WithAdditionalAnnotations(Formatter.Annotation)));
        }

        return await SimplifiableSyntax.SimplifyAndFormatAsync(document, editor.GetChangedRoot(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where a new local's name must be unique: C# rejects a local that repeats or shadows another local of the same
    /// member (CS0128, CS0136), so the whole member counts; top-level statements share the compilation unit.
    /// </summary>
    private static SyntaxNode LocalScopeOf(SyntaxNode statement)
    {
        var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax);
        return member ?? statement.SyntaxTree.GetRoot();
    }

    private static HashSet<string> DeclaredNames(SyntaxNode scope) => new(
        scope.DescendantNodesAndSelf().Select(n => n switch
        {
            VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
            SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
            ParameterSyntax parameter => parameter.Identifier.ValueText,
            ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
            CatchDeclarationSyntax caught => caught.Identifier.ValueText,
            LocalFunctionStatementSyntax function => function.Identifier.ValueText,
            _ => null,
        }).Where(name => name is not null)!,
        System.StringComparer.Ordinal);

    /// <summary><paramref name="stem"/>0, 1, ...: the first not in <paramref name="taken"/>, which it then joins.</summary>
    private static string FreeName(string stem, HashSet<string> taken)
    {
        for (var number = 0; ; number++)
        {
            var name = stem + number.ToString(CultureInfo.InvariantCulture);
            if (taken.Add(name))
            {
                return name;
            }
        }
    }

    private sealed class Plan
    {
        public Plan(InterpolatedStringExpressionSyntax sql, ExpressionSyntax command, ExpressionStatementSyntax statement)
        {
            Sql = sql;
            Command = command;
            Statement = statement;
        }

        public InterpolatedStringExpressionSyntax Sql { get; }

        public ExpressionSyntax Command { get; }

        public ExpressionStatementSyntax Statement { get; }
    }
}
