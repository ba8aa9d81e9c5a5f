using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AiThreatGate.CodeFixes;

/// <summary>Fixes write fully qualified names; every name is marked so the simplifier shortens it where the file's usings allow.</summary>
internal static class SimplifiableSyntax
{
    public static TNode Annotate<TNode>(TNode node)
        where TNode : SyntaxNode =>
        node.ReplaceNodes(
                node.DescendantNodes().Where(n => n is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation))
            .WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>The document with <paramref name="root"/>, its annotated names shortened and its annotated nodes formatted.</summary>
    public static async System.Threading.Tasks.Task<Document> SimplifyAndFormatAsync(Document document, SyntaxNode root, System.Threading.CancellationToken cancellationToken)
    {
        var simplified = await Simplifier.ReduceAsync(document.WithSyntaxRoot(root), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(simplified, Microsoft.CodeAnalysis.Formatting.Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
