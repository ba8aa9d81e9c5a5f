using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG010: model output reaches SQL text (command text, Dapper and EF Core raw SQL) without validation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToSqlAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG010);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG010,
            TaintSources.LlmOutput,
            SqlSinks.CreateFinder,
            contextSanitizer: null,
            SqlSinks.OperationKinds));
    }
}
