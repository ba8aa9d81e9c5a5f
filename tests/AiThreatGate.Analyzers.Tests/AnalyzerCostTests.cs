using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Xunit;

namespace AiThreatGate.Analyzers.Tests;

/// <summary>Rules that need an AI/ML SDK register no per-operation work in a compilation that does not reference it.</summary>
public sealed class AnalyzerCostTests
{
    public static TheoryData<string> SdkBoundAnalyzers => new()
    {
        nameof(UnverifiedModelLoadAnalyzer),
        nameof(PickleModelFormatAnalyzer),
        nameof(NativeCodeWithModelAnalyzer),
        nameof(UnverifiedTrainingDataAnalyzer),
        nameof(LlmOutputToSqlAnalyzer),
        nameof(UntrustedInputInInstructionsAnalyzer),
        nameof(UnvalidatedModelInputAnalyzer),
        nameof(ExternalContentInPromptAnalyzer),
        nameof(UnboundedOutputTokensAnalyzer),
        nameof(InferenceEndpointRateLimitAnalyzer),
        nameof(UnapprovedDangerousToolAnalyzer),
        nameof(PromptTemplateEncodingDisabledAnalyzer),
    };

    [Theory]
    [MemberData(nameof(SdkBoundAnalyzers))]
    public async Task Registers_nothing_without_the_sdk(string analyzerName)
    {
        var telemetry = await TelemetryAsync(analyzerName, withSdks: false);
        Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.SymbolActionsCount + telemetry.SemanticModelActionsCount);
    }

    [Theory]
    [MemberData(nameof(SdkBoundAnalyzers))]
    public async Task Registers_work_with_the_sdk(string analyzerName)
    {
        var telemetry = await TelemetryAsync(analyzerName, withSdks: true);
        Assert.True(telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.SymbolActionsCount + telemetry.SemanticModelActionsCount > 0);
    }

    public static TheoryData<string> AllAnalyzers()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(RuleCatalog).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)).OrderBy(t => t.Name))
        {
            data.Add(type.Name);
        }

        return data;
    }

    // An operation action or operation block action makes the compiler build an operation tree for every method body
    // of the project; the rules ask for the trees of the members their syntax prefilter accepts instead.
    [Theory]
    [MemberData(nameof(AllAnalyzers))]
    public async Task Registers_no_compiler_operation_actions(string analyzerName)
    {
        var telemetry = await TelemetryAsync(analyzerName, withSdks: true);
        Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockEndActionsCount);
    }

    private static bool IsAiSdk(string path) =>
        path.Contains("AiThreatGate.Stubs", StringComparison.Ordinal)
        || System.IO.Path.GetFileName(path).StartsWith("OpenAI", StringComparison.Ordinal)
        || System.IO.Path.GetFileName(path).StartsWith("Anthropic", StringComparison.Ordinal)
        || System.IO.Path.GetFileName(path).StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal);

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(string analyzerName, bool withSdks)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(RuleCatalog).Assembly.GetTypes().Single(t => t.Name == analyzerName))!;
        var references = Verification.TestCompilation.References
            .Where(r => withSdks || !IsAiSdk(r.Display ?? string.Empty))
            .ToImmutableArray();
        var compilation = CSharpCompilation.Create(
            "Plain",
            new[] { CSharpSyntaxTree.ParseText("class C { int Add(int a, int b) => a + b; string Read(string p) => System.IO.File.ReadAllText(p); }") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
    }
}
