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
using Microsoft.CodeAnalysis.Simplification;

namespace AiThreatGate.CodeFixes;

/// <summary>AITG001: sets Json.NET <c>TypeNameHandling</c> to <c>None</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TypeNameHandlingNoneCodeFix)), Shared]
public sealed class TypeNameHandlingNoneCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "AITG001.TypeNameHandlingNone";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleCatalog.AITG001.Id);

    /// <summary>Each fix replaces the value of one assignment and adds nothing else, so the batch fixer's merged text edits cannot overlap.</summary>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var assignment = node?.FirstAncestorOrSelf<AssignmentExpressionSyntax>();
            if (assignment is null || !IsTypeNameHandlingTarget(assignment.Left))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Set TypeNameHandling to None",
                    cancellationToken => ReplaceAsync(context.Document, assignment, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static bool IsTypeNameHandlingTarget(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "TypeNameHandling",
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "TypeNameHandling",
        _ => false,
    };

    private static async Task<Document> ReplaceAsync(Document document, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var none = SimplifiableSyntax.Annotate(SyntaxFactory.ParseExpression("global::Newtonsoft.Json.TypeNameHandling.None"))
            .WithTriviaFrom(assignment.Right);
        var updated = root!.ReplaceNode(assignment.Right, none);
        return await Simplifier.ReduceAsync(document.WithSyntaxRoot(updated), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
