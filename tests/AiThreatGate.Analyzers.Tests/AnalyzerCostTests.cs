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
        Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.SymbolActionsCount);
    }

    [Theory]
    [MemberData(nameof(SdkBoundAnalyzers))]
    public async Task Registers_work_with_the_sdk(string analyzerName)
    {
        var telemetry = await TelemetryAsync(analyzerName, withSdks: true);
        Assert.True(telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.SymbolActionsCount > 0);
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
