using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// The calls that make a model do work, and cost, for each request: completions (<see cref="LlmOutputSources"/>),
/// embedding generation, Semantic Kernel prompt invocations of any result type, ML.NET predictions (also through
/// Microsoft.Extensions.ML's <c>PredictionEnginePool</c>) and transforms, ONNX Runtime sessions, Ollama, the Azure.AI.OpenAI 1.0
/// betas' image generations. What an endpoint must not
/// reach without rate limiting (AITG024).
/// </summary>
internal sealed class ModelCalls
{
    private readonly TypeSet _outputTypes;
    private readonly FlowSummaries? _summaries;

    /// <param name="summaries">Summaries of other projects: a method there that returns model output calls the model (a service library).</param>
    public ModelCalls(Compilation compilation, FlowSummaries? summaries = null)
    {
        _outputTypes = LlmOutputSources.OutputTypes(compilation);
        _summaries = summaries is { IsEmpty: false } ? summaries : null;
    }

    public bool IsModelCall(IMethodSymbol method) =>
        LlmOutputSources.IsModelCall(method, _outputTypes)
        || _summaries?.SourceOf(method, TaintSources.LlmOutput.Name) is not null
        || IsEmbeddingCall(method)
        || method.Name is "Predict" && method.ContainingType?.Name is "PredictionEngine" or "PredictionEngineBase"
        || method.Name is "Predict" && method.ContainingType is { Name: "PredictionEnginePoolExtensions" or "PredictionEnginePool" } pool && SymbolNames.IsInNamespace(pool, "Microsoft.Extensions.ML")
        || IsPromptInvocation(method)
        || method.Name is "Run" or "RunAsync" && method.ContainingType?.Name == "InferenceSession"
        || method.Name is "Transform" && method.ContainingType is { } transformer && IsTransformer(transformer)
        || method.Name is "GenerateAsync" or "ChatAsync" && method.ContainingType?.ContainingNamespace?.ToDisplayString() == "OllamaSharp"
        || method.Name is "GetImageGenerations" or "GetImageGenerationsAsync" && IsAzureOpenAIBetaClient(method.ContainingType);

    /// <summary>
    /// The Azure.AI.OpenAI 1.0 betas' client, <c>Azure.AI.OpenAI.OpenAIClient</c>: its chat and text completions
    /// return output types (<see cref="LlmOutputSources"/>); its embeddings and image generations cost all the same.
    /// (Azure.AI.OpenAI 2.x names its client <c>AzureOpenAIClient</c> and derives from OpenAI's.)
    /// </summary>
    private static bool IsAzureOpenAIBetaClient(INamedTypeSymbol? type) =>
        type is { Name: "OpenAIClient" } && SymbolNames.IsInNamespace(type, "Azure.AI.OpenAI");

    /// <summary>
    /// Embedding generation: Microsoft.Extensions.AI <c>IEmbeddingGenerator&lt;,&gt;.GenerateAsync</c> and its extensions
    /// (<c>GenerateAsync(value)</c>, <c>GenerateVectorAsync</c>, <c>GenerateAndZipAsync</c>, the 9.x names
    /// <c>GenerateEmbeddingAsync</c>/<c>GenerateEmbeddingVectorAsync</c>), OpenAI <c>EmbeddingClient.GenerateEmbedding(s)[Async]</c>,
    /// Semantic Kernel's <c>IEmbeddingGenerationService</c>, OllamaSharp <c>EmbedAsync</c>, the Azure.AI.OpenAI 1.0 betas'
    /// <c>OpenAIClient.GetEmbeddings(Async)</c>.
    /// </summary>
    public static bool IsEmbeddingCall(IMethodSymbol method) => method.ContainingType is { } type && method.Name switch
    {
        "GenerateAsync" or "GenerateVectorAsync" or "GenerateAndZipAsync" or "GenerateEmbeddingAsync" or "GenerateEmbeddingVectorAsync" =>
            type.Name is "IEmbeddingGenerator" or "EmbeddingGeneratorExtensions" && SymbolNames.IsInNamespace(type, "Microsoft.Extensions.AI")
            || type.Name is "IEmbeddingGenerationService" or "EmbeddingGenerationExtensions" or "ITextEmbeddingGenerationService" && SymbolNames.IsInNamespace(type, "Microsoft.SemanticKernel.Embeddings")
            || type.Name == "EmbeddingClient" && SymbolNames.IsInNamespace(type, "OpenAI.Embeddings"),
        "GenerateEmbeddings" or "GenerateEmbeddingsAsync" or "GenerateEmbedding" =>
            type.Name == "EmbeddingClient" && SymbolNames.IsInNamespace(type, "OpenAI.Embeddings")
            || type.Name is "IEmbeddingGenerationService" or "ITextEmbeddingGenerationService" && SymbolNames.IsInNamespace(type, "Microsoft.SemanticKernel.Embeddings"),
        "EmbedAsync" => type.ContainingNamespace?.ToDisplayString() == "OllamaSharp",
        "GetEmbeddings" or "GetEmbeddingsAsync" => IsAzureOpenAIBetaClient(type),
        _ => false,
    };

    /// <summary>
    /// Semantic Kernel's prompt invocations whose result is converted to the caller's type
    /// (<c>kernel.InvokePromptAsync&lt;string&gt;(...)</c>, <c>kernel.InvokeAsync&lt;string&gt;(function)</c>), which return
    /// no <c>FunctionResult</c> that <see cref="LlmOutputSources"/> would recognise, but run the model all the same.
    /// </summary>
    private static bool IsPromptInvocation(IMethodSymbol method) =>
        method.Name is "InvokePromptAsync" or "InvokePromptStreamingAsync" or "InvokeAsync" or "InvokeStreamingAsync"
        && method.ContainingType is { Name: "Kernel" or "KernelExtensions" } type && SymbolNames.IsInNamespace(type, "Microsoft.SemanticKernel");

    /// <summary>
    /// ML.NET's <c>ITransformer</c> or a class implementing it: <c>model.Transform(data)</c> on a
    /// <c>TransformerChain&lt;T&gt;</c> (what <c>Fit</c> returns) binds to the class's method, not the interface's.
    /// </summary>
    private static bool IsTransformer(INamedTypeSymbol type) =>
        IsMlTransformerInterface(type) || type.TypeKind != TypeKind.Interface && System.Linq.Enumerable.Any(type.AllInterfaces, IsMlTransformerInterface);

    private static bool IsMlTransformerInterface(INamedTypeSymbol type) =>
        type.Name == "ITransformer" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.ML";
}
