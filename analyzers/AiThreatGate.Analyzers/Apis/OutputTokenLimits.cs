using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// The completion calls of the SDKs with their options and the property on them that limits the output tokens:
/// OpenAI <c>MaxOutputTokenCount</c>, Microsoft.Extensions.AI <c>MaxOutputTokens</c>, Semantic Kernel, LLamaSharp and the
/// Azure.AI.OpenAI 1.0 betas' <c>ChatCompletionsOptions</c> <c>MaxTokens</c>, OllamaSharp <c>NumPredict</c>. Calls are looked up by method name first.
/// </summary>
internal sealed class OutputTokenLimits
{
    private static readonly Dictionary<string, OutputTokenLimits> ByMethod = Build();

    private OutputTokenLimits(string[] types, string[] optionsTypes, string limitProperty, string advice, bool optionsOnReceiver = false, bool coveredByPipeline = false)
    {
        Types = types;
        OptionsTypes = optionsTypes;
        LimitProperty = limitProperty;
        Advice = advice;
        OptionsOnReceiver = optionsOnReceiver;
        CoveredByPipeline = coveredByPipeline;
    }

    public string[] Types { get; }

    public string[] OptionsTypes { get; }

    public string LimitProperty { get; }

    public string Advice { get; }

    public bool OptionsOnReceiver { get; }

    public bool CoveredByPipeline { get; }

    public bool Matches(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (Array.IndexOf(Types, type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None))) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsOptionsParameter(IParameterSymbol parameter)
    {
        for (var type = parameter.Type; type is not null; type = type.BaseType)
        {
            if (Array.IndexOf(OptionsTypes, type.Name) >= 0)
            {
                return true;
            }
        }

        return parameter.Type.AllInterfaces.Any(i => Array.IndexOf(OptionsTypes, i.Name) >= 0);
    }

    /// <summary>The completion API <paramref name="method"/> belongs to, when it is one.</summary>
    public static bool TryGet(IMethodSymbol method, out OutputTokenLimits api) =>
        ByMethod.TryGetValue(method.Name, out api!) && api.Matches(method);

    /// <summary>A protocol method (the request is a <c>BinaryContent</c> JSON body, or <c>RequestOptions</c>): its limit is in the caller's JSON.</summary>
    public static bool HasProtocolBody(IInvocationOperation invocation) =>
        invocation.Arguments.Any(a => a.Parameter?.Type.Name is "BinaryContent" or "RequestOptions");

    private static Dictionary<string, OutputTokenLimits> Build()
    {
        var apis = new Dictionary<string, OutputTokenLimits>(StringComparer.Ordinal);
        void Add(OutputTokenLimits api, params string[] methods)
        {
            foreach (var method in methods)
            {
                apis.Add(method, api);
            }
        }

        Add(
            new OutputTokenLimits(new[] { "OpenAI.Chat.ChatClient" }, new[] { "ChatCompletionOptions" }, "MaxOutputTokenCount", "ChatCompletionOptions.MaxOutputTokenCount"),
            "CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync");
        Add(
            new OutputTokenLimits(new[] { "OpenAI.Responses.ResponsesClient", "OpenAI.Responses.OpenAIResponseClient" }, new[] { "CreateResponseOptions", "ResponseCreationOptions" }, "MaxOutputTokenCount", "CreateResponseOptions.MaxOutputTokenCount"),
            "CreateResponse", "CreateResponseAsync", "CreateResponseStreaming", "CreateResponseStreamingAsync");

        // Azure.AI.OpenAI 1.0 betas. Their text completions (GetCompletions) are left out: that API's max_tokens defaults to 16.
        Add(
            new OutputTokenLimits(new[] { "Azure.AI.OpenAI.OpenAIClient" }, new[] { "ChatCompletionsOptions" }, "MaxTokens", "ChatCompletionsOptions.MaxTokens"),
            "GetChatCompletions", "GetChatCompletionsAsync", "GetChatCompletionsStreaming", "GetChatCompletionsStreamingAsync");
        Add(
            new OutputTokenLimits(
                new[] { "Microsoft.Extensions.AI.IChatClient", "Microsoft.Extensions.AI.ChatClientExtensions", "Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions" },
                new[] { "ChatOptions" },
                "MaxOutputTokens",
                "ChatOptions.MaxOutputTokens (or a default with ConfigureOptions in the client pipeline)",
                coveredByPipeline: true),
            "GetResponseAsync", "GetStreamingResponseAsync");
        Add(
            new OutputTokenLimits(
                new[] { "Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService", "Microsoft.SemanticKernel.ChatCompletion.ChatCompletionServiceExtensions", "Microsoft.SemanticKernel.KernelExtensions" },
                new[] { "PromptExecutionSettings", "KernelArguments" },
                "MaxTokens",
                "MaxTokens on the prompt execution settings"),
            "GetChatMessageContentsAsync", "GetChatMessageContentAsync", "GetStreamingChatMessageContentsAsync", "InvokePromptAsync", "InvokePromptStreamingAsync");
        Add(
            new OutputTokenLimits(new[] { "LLama.Abstractions.ILLamaExecutor", "LLama.StatelessExecutor", "LLama.StatefulExecutorBase", "LLama.ChatSession" }, new[] { "IInferenceParams", "InferenceParams" }, "MaxTokens", "InferenceParams.MaxTokens (the default, -1, generates without end)"),
            "InferAsync", "ChatAsync");
        Add(
            new OutputTokenLimits(new[] { "OllamaSharp.IOllamaApiClient", "OllamaSharp.OllamaApiClient", "OllamaSharp.OllamaApiClientExtensions" }, new[] { "GenerateRequest", "ChatRequest" }, "NumPredict", "RequestOptions.NumPredict on the request"),
            "GenerateAsync");
        Add(
            new OutputTokenLimits(new[] { "OllamaSharp.Chat" }, Array.Empty<string>(), "NumPredict", "Chat.Options.NumPredict", optionsOnReceiver: true),
            "SendAsync", "SendAsAsync");
        return apis;
    }
}
