using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG013: model output names a file or folder (File.*, Directory.*, FileInfo, DirectoryInfo, FileStream).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToPathAnalyzer : DiagnosticAnalyzer, ITaintRule
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG013);

    private static readonly ImmutableArray<TaintRuleDefinition> RuleDefinitions = ImmutableArray.Create(
        new TaintRuleDefinition(
            RuleCatalog.AITG013,
            FileSystemSinks.CreateFinder,
            new SinkRuleOptions(TaintSources.LlmOutput)
            {
                ContextSanitizer = FileSystemSinks.IsPathSanitizer,
                ContextCheck = FileSystemSinks.IsPathCheck,
                InsufficientCheck = FileSystemSinks.IsRawPrefixCheck,
            },
            FileSystemSinks.OperationKinds));

    ImmutableArray<TaintRuleDefinition> ITaintRule.Definitions => RuleDefinitions;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleDefinitions));
    }
}
