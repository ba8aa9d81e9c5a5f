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

    /// <summary>
    /// The assemblies of the AI/ML SDKs (the real packages and the stubs of what is not served). Removing them must
    /// leave no SDK type an analyzer resolves: <see cref="Without_the_sdks_no_sdk_type_resolves"/> checks that this
    /// list keeps up with the packages the tests reference.
    /// </summary>
    private static readonly string[] AiSdkAssemblyPrefixes =
    {
        "AiThreatGate.Stubs", "OpenAI", "Anthropic", "Azure.AI.", "Microsoft.Extensions.AI", "Microsoft.Extensions.VectorData",
        "Microsoft.ML", "Microsoft.SemanticKernel", "TorchSharp", "LLamaSharp", "OllamaSharp", "Python.Runtime", "MessagePack", "Grpc.",
        "ModelContextProtocol", "Microsoft.Agents.AI", "Azure.Search.Documents",
    };

    private static bool IsAiSdk(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        return AiSdkAssemblyPrefixes.Any(prefix => file.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>One type per SDK the SDK-bound rules key on, each in the assembly it comes from.</summary>
    public static TheoryData<string> SdkMarkerTypes => new()
    {
        "OpenAI.Chat.ChatClient", "Anthropic.AnthropicClient", "Microsoft.Extensions.AI.IChatClient", "Microsoft.Extensions.AI.FunctionInvokingChatClient",
        "Microsoft.Extensions.VectorData.VectorStoreCollection`2", "Microsoft.ML.MLContext", "Microsoft.ML.ITransformer", "Microsoft.ML.OnnxCatalog",
        "Microsoft.ML.TensorflowCatalog", "Microsoft.ML.OnnxRuntime.InferenceSession", "Microsoft.SemanticKernel.Kernel",
        "Microsoft.SemanticKernel.KernelExtensions", "Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings", "TorchSharp.torch",
        "TorchSharp.PyBridge.PyBridgeModuleExtensions", "LLama.LLamaWeights", "OllamaSharp.OllamaApiClient", "Python.Runtime.PythonEngine",
        "MessagePack.MessagePackSerializer", "Grpc.Core.ServerCallContext", "Tensorflow.Binding", "Azure.AI.OpenAI.AzureOpenAIClient",
        "ModelContextProtocol.Server.McpServerToolAttribute", "ModelContextProtocol.Client.McpClient", "Microsoft.Agents.AI.AIAgent",
        "Azure.Search.Documents.SearchClient",
    };

    // Without this, a package whose assembly name the list above misses would keep the SDK referenced in the
    // "without the SDK" compilation, and Registers_nothing_without_the_sdk would fail for the wrong reason (or, for a
    // rule keyed on that SDK alone, pass without testing anything).
    [Theory]
    [MemberData(nameof(SdkMarkerTypes))]
    public void Without_the_sdks_no_sdk_type_resolves(string metadataName)
    {
        Assert.NotNull(Compile(withSdks: true).GetTypeByMetadataName(metadataName));
        Assert.Null(Compile(withSdks: false).GetTypeByMetadataName(metadataName));
    }

    private static CSharpCompilation Compile(bool withSdks)
    {
        var references = Verification.TestCompilation.References
            .Where(r => withSdks || !IsAiSdk(r.Display ?? string.Empty))
            .ToImmutableArray();
        return CSharpCompilation.Create(
            "Plain",
            new[] { CSharpSyntaxTree.ParseText("class C { int Add(int a, int b) => a + b; string Read(string p) => System.IO.File.ReadAllText(p); }") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(string analyzerName, bool withSdks)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(RuleCatalog).Assembly.GetTypes().Single(t => t.Name == analyzerName))!;
        var compilation = Compile(withSdks);
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
    }
}
