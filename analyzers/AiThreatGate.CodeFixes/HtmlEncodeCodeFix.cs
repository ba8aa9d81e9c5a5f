using System.Collections.Immutable;
using System.Composition;
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

/// <summary>AITG014: encodes the model output for HTML (<c>HtmlEncoder.Default.Encode</c>) where it is rendered.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HtmlEncodeCodeFix)), Shared]
public sealed class HtmlEncodeCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "AITG014.HtmlEncode";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleCatalog.AITG014.Id);

    /// <summary>Each fix wraps one rendered value in place and adds no using or helper, so the batch fixer's merged text edits cannot overlap.</summary>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var value = node switch
            {
                ArgumentSyntax argument => argument.Expression,
                ExpressionSyntax expression => expression,
                _ => null,
            };
            // Console markup (Spectre.Console) is not HTML: an HTML encoder leaves its tags as they are.
            if (value is null || diagnostic.Properties.ContainsKey(RuleCatalog.MarkupProperty))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Encode for HTML (HtmlEncoder.Default.Encode)", cancellationToken => EncodeAsync(context.Document, value, cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> EncodeAsync(Document document, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var encoded = SimplifiableSyntax.Annotate(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Text.Encodings.Web.HtmlEncoder.Default.Encode"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia())))))
            .WithTriviaFrom(value);
        var updated = root!.ReplaceNode(value, encoded);
        return await Simplifier.ReduceAsync(document.WithSyntaxRoot(updated), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
