using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// The AI and model SDKs as the syntax prefilter knows them (<see cref="SyntaxIndex"/>): a member that names one of
/// their types, one of their completion calls, or a configured source, can take part in an AI flow. The rules ask
/// for the operation trees of such members only.
/// </summary>
internal static class AiRelation
{
    // Namespaces of the SDKs whose types make a member AI-related.
    private static readonly string[] SdkNamespaces =
    {
        "OpenAI", "Azure.AI.OpenAI", "Azure.AI.Inference", "Anthropic", "Microsoft.Extensions.AI", "Microsoft.SemanticKernel",
        "Microsoft.Extensions.VectorData", "OllamaSharp", "LLama", "Microsoft.ML", "TorchSharp", "Tensorflow", "Python.Runtime",

        // MCP servers and clients, Microsoft Agent Framework agents, Azure AI Search retrieval.
        "ModelContextProtocol", "Microsoft.Agents.AI", "Azure.Search.Documents",
    };

    // Completion calls that may appear without their receiver's type name in the member (a receiver from a base class).
    private static readonly string[] MemberNames =
    {
        "CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync", "GetResponseAsync",
        "GetStreamingResponseAsync", "InvokePromptAsync", "InvokePromptStreamingAsync", "GetChatMessageContentAsync",
        "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync", "InferAsync", "CreateResponse", "CreateResponseAsync",
        "GetChatCompletions", "GetChatCompletionsAsync", "GetChatCompletionsStreaming", "GetChatCompletionsStreamingAsync",
        "KernelFunction", "OllamaTool", "AIFunctionFactory", "McpServerTool", "McpServerToolType", "CallToolAsync", "RunStreamingAsync",
    };

    // Microsoft.Extensions.AI: AIFunctionFactory.Create(Tools.DeleteFile) makes the method a tool the model can call.
    private static readonly string[] ToolFactoryNames = { "AIFunctionFactory" };

    /// <summary>
    /// The SDKs, their completion calls, the options naming configured sources of every taint source kind, the
    /// factories that make methods tools, the prefixes of the SDKs' API keys (<see cref="ApiKeyShapes"/>), and the
    /// paths of models' HTTP endpoints (<see cref="CompletionEndpoints"/>).
    /// </summary>
    public static AiRelationSeeds Seeds { get; } = new(
        SdkNamespaces,
        MemberNames,
        TaintSources.All.Select(kind => kind.SourcesOption),
        ToolFactoryNames,
        ApiKeyShapes.LiteralPrefixes,
        CompletionEndpoints.PathFragments,
        SummarizedNames);

    // What summaries of other projects make AI-related: their sources' names, and the HttpClient calls that can request
    // a route whose server returns model output.
    private static System.Collections.Generic.IEnumerable<string> SummarizedNames(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options)
    {
        var summaries = FlowSummaries.For(options);
        return summaries.HasRoutes ? summaries.SourceNames.Concat(HttpApiRoutes.RequestMethodNames) : summaries.SourceNames;
    }

    /// <summary>Whether a namespace is the framework's (<c>System</c>, <c>Microsoft</c>) or one of the AI SDKs' (or nested in one).</summary>
    public static bool IsFrameworkOrSdkNamespace(INamespaceSymbol? ns) => Seeds.IsFrameworkOrSdkNamespace(ns);

    /// <summary>Members that can take part in an AI flow: what every rule about model output, prompts or models looks into.</summary>
    public static BodyFilter Members { get; } = BodyFilter.AiRelated(Seeds);

    /// <summary>AI-related members, and any member that mentions one of <paramref name="names"/> (APIs a rule flags anywhere).</summary>
    public static BodyFilter MembersOrMentioning(params string[] names) => BodyFilter.AiRelatedOrMentioning(Seeds, names);
}
