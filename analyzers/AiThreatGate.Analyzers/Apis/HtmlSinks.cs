using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Where text is rendered as raw markup: <c>HtmlString</c>, <c>Html.Raw</c>, <c>MarkupString</c>, content results of type <c>text/html</c>.</summary>
internal static class HtmlSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.Conversion };

    /// <summary>HTML encoders (<c>HtmlEncoder.Encode</c>, <c>WebUtility.HtmlEncode</c>, <c>HttpUtility.HtmlEncode</c>): they sanitize for HTML only (a SQL or command sink still flags it).</summary>
    public static bool IsHtmlEncoder(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { } method } invocation
        && (method.Name == "Encode" && (method.ContainingType?.Name is "HtmlEncoder" || invocation.Instance?.Type?.Name is "HtmlEncoder")
            || method.Name == "HtmlEncode" && method.ContainingType?.Name is "WebUtility" or "HttpUtility");

    /// <summary>What sanitizes model output for an HTML sink: an HTML encoder, or a Markdig conversion with raw HTML disabled and link and image URLs restricted (<see cref="MarkdownRendering"/>).</summary>
    public static bool IsSanitizer(IOperation operation) => IsHtmlEncoder(operation) || MarkdownRendering.IsRestrictedConversion(operation);

    /// <summary>
    /// The sink as the message names it: when the value was converted from Markdown by Markdig on the way, what that
    /// conversion lets through (the Markdown's raw HTML, or links and images that load any URL).
    /// </summary>
    public static string DescribeSink(IOperation value, ValueFlow flow, string sink)
    {
        IOperation? conversion = null;
        flow.Walk(
            value,
            operation =>
            {
                if (MarkdownRendering.IsConversion(operation))
                {
                    conversion = operation;
                    return true;
                }

                return false;
            },
            MarkdownRendering.IsRestrictedConversion);
        return conversion is not IInvocationOperation invocation
            ? sink
            : MarkdownRendering.SafetyOf(invocation) == MarkdownRendering.Safety.RawHtml
                ? sink + " of Markdown converted by Markdig's Markdown.ToHtml, which passes raw HTML in the Markdown through (build the pipeline with DisableHtml())"
                : sink + " of Markdown converted by Markdig's Markdown.ToHtml with raw HTML disabled, where the model's links and images still load any URL and can exfiltrate data (allow only known link and image URLs)";
    }

    /// <summary>The text an operation renders as markup, or null when the compilation references no markup type.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
    {
        var htmlString = new TypeSet(compilation, "Microsoft.AspNetCore.Html.HtmlString");
        var markupString = new TypeSet(compilation, "Microsoft.AspNetCore.Components.MarkupString");
        var htmlHelper = new TypeSet(compilation, "Microsoft.AspNetCore.Mvc.Rendering.IHtmlHelper");
        if (htmlString.IsEmpty && markupString.IsEmpty && htmlHelper.IsEmpty)
        {
            return null;
        }

        return operation => operation switch
        {
            IObjectCreationOperation creation when (htmlString.Contains(creation.Type) || markupString.Contains(creation.Type)) && creation.Arguments.Length == 1 =>
                new SinkUse(creation.Arguments[0].Value, "new " + creation.Type!.Name),
            IConversionOperation { IsImplicit: false } conversion when markupString.Contains(conversion.Type) && conversion.Operand.Type?.SpecialType == SpecialType.System_String =>
                new SinkUse(conversion.Operand, "(MarkupString)"),
            IInvocationOperation { TargetMethod.Name: "Raw" } raw when htmlHelper.ContainsOrInherits(raw.TargetMethod.ContainingType) && raw.Arguments.Length == 1 =>
                new SinkUse(raw.Arguments[0].Value, "Html.Raw"),
            IInvocationOperation content when IsHtmlContent(content) => new SinkUse(TaintSinkRule.Argument(content.Arguments, "content", "text")!, content.TargetMethod.ContainingType.Name + "." + content.TargetMethod.Name + " (text/html)"),
            _ => null,
        };
    }

    /// <summary><c>Results.Content(text, "text/html")</c>, <c>Controller.Content(text, "text/html")</c>, <c>TypedResults.Content</c>.</summary>
    private static bool IsHtmlContent(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "Content"
        && TaintSinkRule.Argument(invocation.Arguments, "content") is not null
        && invocation.Arguments.Any(a => a.Parameter?.Name == "contentType" && a.Value.ConstantValue is { HasValue: true, Value: string type } && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase));
}
