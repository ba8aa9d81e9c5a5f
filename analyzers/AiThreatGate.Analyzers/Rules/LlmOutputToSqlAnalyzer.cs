using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG010: model output reaches SQL text (command text, Dapper and EF Core raw SQL) without validation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToSqlAnalyzer : DiagnosticAnalyzer, ITaintRule
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG010);

    private static readonly ImmutableArray<TaintRuleDefinition> RuleDefinitions = ImmutableArray.Create(
        new TaintRuleDefinition(RuleCatalog.AITG010, SqlSinks.CreateFinder, new SinkRuleOptions(TaintSources.LlmOutput), SqlSinks.OperationKinds));

    ImmutableArray<TaintRuleDefinition> ITaintRule.Definitions => RuleDefinitions;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleDefinitions));
    }
}
