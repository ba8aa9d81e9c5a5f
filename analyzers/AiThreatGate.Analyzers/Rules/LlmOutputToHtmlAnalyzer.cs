using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG014: model output rendered as raw markup (HtmlString, Html.Raw, MarkupString, HTML content results).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToHtmlAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG014);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG014,
            TaintSources.LlmOutput,
            HtmlSinks.CreateFinder,
            contextSanitizer: HtmlSinks.IsHtmlEncoder,
            HtmlSinks.OperationKinds));
    }
}
