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

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if ((node is ArgumentSyntax argument ? argument.Expression : node) is not InterpolatedStringExpressionSyntax sql
                || sql.Parent is not AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target } assignment
                || assignment.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } statement
                || !sql.Contents.OfType<InterpolationSyntax>().Any())
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Pass the values as SQL parameters", cancellationToken => ParameterizeAsync(context.Document, sql, target.Expression, statement, cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ParameterizeAsync(Document document, InterpolatedStringExpressionSyntax sql, ExpressionSyntax command, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var text = new System.Text.StringBuilder();
        var parameters = new List<StatementSyntax>();
        var index = 0;
        foreach (var content in sql.Contents)
        {
            if (content is InterpolatedStringTextSyntax literal)
            {
                text.Append(literal.TextToken.ValueText);
                continue;
            }

            var hole = (InterpolationSyntax)content;
            var name = "@p" + index.ToString(CultureInfo.InvariantCulture);
            var variable = "parameter" + index.ToString(CultureInfo.InvariantCulture);
            text.Append(name);
            parameters.Add(SyntaxFactory.ParseStatement(
                $"var {variable} = {command}.CreateParameter();\n"));
            parameters.Add(SyntaxFactory.ParseStatement($"{variable}.ParameterName = \"{name}\";\n"));
            parameters.Add(SyntaxFactory.ParseStatement($"{variable}.Value = (object?)({hole.Expression}) ?? global::System.DBNull.Value;\n"));
            parameters.Add(SyntaxFactory.ParseStatement($"{command}.Parameters.Add({variable});\n"));
            index++;
        }

        var newStatement = statement.ReplaceNode(sql, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text.ToString())).WithTriviaFrom(sql));
        var annotated = parameters.Select(p => SimplifiableSyntax.Annotate(p).WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        var updated = root!.ReplaceNode(statement, new[] { newStatement }.Concat(annotated));
        return await SimplifiableSyntax.SimplifyAndFormatAsync(document, updated, cancellationToken).ConfigureAwait(false);
    }
}
