using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG011: model output chooses a program or its arguments (Process.Start, ProcessStartInfo).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToCommandAnalyzer : DiagnosticAnalyzer, ITaintRule
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG011);

    private static readonly ImmutableArray<TaintRuleDefinition> RuleDefinitions = ImmutableArray.Create(
        new TaintRuleDefinition(RuleCatalog.AITG011, OsCommandSinks.CreateFinder, new SinkRuleOptions(TaintSources.LlmOutput), OsCommandSinks.OperationKinds));

    ImmutableArray<TaintRuleDefinition> ITaintRule.Definitions => RuleDefinitions;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleDefinitions));
    }
}
