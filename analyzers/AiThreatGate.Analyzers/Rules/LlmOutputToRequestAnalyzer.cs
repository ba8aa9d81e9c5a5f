using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG015: model output chooses an outbound request's target (HttpClient, HttpRequestMessage, BaseAddress, WebClient, WebRequest).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToRequestAnalyzer : DiagnosticAnalyzer, ITaintRule
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG015);

    private static readonly ImmutableArray<TaintRuleDefinition> RuleDefinitions = ImmutableArray.Create(
        new TaintRuleDefinition(
            RuleCatalog.AITG015,
            RequestTargetSinks.CreateFinder,
            new SinkRuleOptions(TaintSources.LlmOutput) { ContextSanitizer = RequestTargetSinks.IsUrlEncoder },
            RequestTargetSinks.OperationKinds));

    ImmutableArray<TaintRuleDefinition> ITaintRule.Definitions => RuleDefinitions;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleDefinitions));
    }
}
