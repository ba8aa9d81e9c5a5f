using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG014: model output rendered as raw markup (HtmlString, Html.Raw, MarkupString, HTML content results).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToHtmlAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG014);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG014,
            TaintSources.LlmOutput,
            CreateSinkFinder,
            IsHtmlEncoder,
            OperationKind.ObjectCreation,
            OperationKind.Invocation,
            OperationKind.Conversion));
    }

    /// <summary>HTML encoding sanitizes for HTML only (a SQL or command sink still flags it).</summary>
    private static bool IsHtmlEncoder(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { } method } invocation
        && (method.Name == "Encode" && (method.ContainingType?.Name is "HtmlEncoder" || invocation.Instance?.Type?.Name is "HtmlEncoder")
            || method.Name == "HtmlEncode" && method.ContainingType?.Name is "WebUtility" or "HttpUtility");

    private static Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation)
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
