using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG014: model output rendered as raw markup (HtmlString, Html.Raw, MarkupString, HTML content results, Markdown converted to HTML, Spectre.Console markup).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToHtmlAnalyzer : DiagnosticAnalyzer, ITaintRule
{
    // Console findings say so, and the HTML-encoding code fix is not offered for them.
    private static readonly ImmutableDictionary<string, string?> ConsoleMarkup = ImmutableDictionary<string, string?>.Empty.Add(RuleCatalog.MarkupProperty, "console");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG014);

    private static readonly ImmutableArray<TaintRuleDefinition> RuleDefinitions = ImmutableArray.Create(
        new TaintRuleDefinition(
            RuleCatalog.AITG014,
            HtmlSinks.CreateFinder,
            new SinkRuleOptions(TaintSources.LlmOutput) { ContextSanitizer = HtmlSinks.IsSanitizer, DescribeSink = HtmlSinks.DescribeSink },
            HtmlSinks.OperationKinds),

        // Console markup is another language with its own escaper: an HTML encoder does not make text safe there.
        new TaintRuleDefinition(
            RuleCatalog.AITG014,
            ConsoleMarkupSinks.CreateFinder,
            new SinkRuleOptions(TaintSources.LlmOutput) { ContextSanitizer = ConsoleMarkupSinks.IsMarkupEscaper, Properties = ConsoleMarkup },
            ConsoleMarkupSinks.OperationKinds));

    ImmutableArray<TaintRuleDefinition> ITaintRule.Definitions => RuleDefinitions;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleDefinitions));
    }
}
