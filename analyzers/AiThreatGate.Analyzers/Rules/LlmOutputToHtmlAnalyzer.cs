using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Infrastructure;
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
        var htmlString = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Html.HtmlString");
        var markupString = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Components.MarkupString");
        var htmlHelper = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Rendering.IHtmlHelper");
        if (htmlString is null && markupString is null && htmlHelper is null)
        {
            return null;
        }

        return operation => operation switch
        {
            IObjectCreationOperation creation when (Same(creation.Type, htmlString) || Same(creation.Type, markupString)) && creation.Arguments.Length == 1 =>
                new SinkUse(creation.Arguments[0].Value, "new " + creation.Type!.Name),
            IConversionOperation { IsImplicit: false } conversion when Same(conversion.Type, markupString) && conversion.Operand.Type?.SpecialType == SpecialType.System_String =>
                new SinkUse(conversion.Operand, "(MarkupString)"),
            IInvocationOperation { TargetMethod.Name: "Raw" } raw when htmlHelper is not null && Implements(raw.TargetMethod.ContainingType, htmlHelper) && raw.Arguments.Length == 1 =>
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

    private static bool Same(ITypeSymbol? type, INamedTypeSymbol? expected) => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol @interface) =>
        SymbolEqualityComparer.Default.Equals(type, @interface) || type.AllInterfaces.Contains(@interface, SymbolEqualityComparer.Default);
}
