using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Model output: results of completion calls of the OpenAI, Azure OpenAI (2.x and the 1.0 betas' <c>OpenAIClient</c>), Microsoft.Extensions.AI, Anthropic, Semantic
/// Kernel, Microsoft Agent Framework, LLamaSharp and OllamaSharp SDKs; values of their response types wherever they come
/// from (<see cref="ModelOutputValues"/>: a parameter, field or property typed <c>ChatResponse</c>); the arguments the
/// model chooses for a tool (<see cref="ToolParameters"/>: <c>[KernelFunction]</c>, <c>[OllamaTool]</c>,
/// <c>[McpServerTool]</c>); results of MCP tool calls (<see cref="ModelContextProtocolApis.IsToolCall"/>); responses of
/// <c>HttpClient</c> requests to a completions endpoint (<see cref="CompletionEndpoints"/>); and methods configured in
/// <c>aithreatgate.llm_output_sources</c>.
/// </summary>
internal sealed class LlmOutputSources : SourceKind
{
    /// <summary>Model output reaches SQL, commands, code, paths and markup through shapes the analyzers may not know yet: the audit level covers them.</summary>
    public override bool Auditable => true;

    public const string SourcesOptionName = "aithreatgate.llm_output_sources";

    private static readonly string[] OutputTypeNames =
    {
        "OpenAI.Chat.ChatCompletion", "OpenAI.Chat.StreamingChatCompletionUpdate", "OpenAI.Chat.ChatToolCall", "OpenAI.Chat.StreamingChatToolCallUpdate",
        "OpenAI.Responses.ResponseResult", "OpenAI.Responses.OpenAIResponse", "OpenAI.Responses.StreamingResponseUpdate",
        "OpenAI.Assistants.ThreadMessage", "OpenAI.Assistants.StreamingUpdate",
        "Microsoft.Extensions.AI.ChatResponse", "Microsoft.Extensions.AI.ChatResponse`1", "Microsoft.Extensions.AI.ChatResponseUpdate",
        "Anthropic.Models.Messages.Message", "Anthropic.Models.Messages.RawMessageStreamEvent",
        "Microsoft.SemanticKernel.FunctionResult", "Microsoft.SemanticKernel.ChatMessageContent", "Microsoft.SemanticKernel.StreamingChatMessageContent",
        "Microsoft.Agents.AI.AgentResponse", "Microsoft.Agents.AI.AgentResponse`1", "Microsoft.Agents.AI.AgentResponseUpdate",

        // Azure.AI.OpenAI 1.0 betas: OpenAIClient.GetChatCompletions(Async) returns Response<ChatCompletions>
        // (Choices[i].Message.Content), GetCompletions(Async) Response<Completions> (Choices[i].Text), and their
        // Streaming variants StreamingChatCompletions / StreamingCompletions. 2.x has none of these types.
        "Azure.AI.OpenAI.ChatCompletions", "Azure.AI.OpenAI.StreamingChatCompletions", "Azure.AI.OpenAI.Completions", "Azure.AI.OpenAI.StreamingCompletions",
    };

    private static readonly string[] TextStreamMethods =
    {
        "LLama.Abstractions.ILLamaExecutor.InferAsync", "LLama.StatelessExecutor.InferAsync", "LLama.StatefulExecutorBase.InferAsync", "LLama.ChatSession.ChatAsync",
        "OllamaSharp.Chat.SendAsync", "OllamaSharp.Chat.SendAsAsync",
    };

    public LlmOutputSources()
        : base(SourcesOptionName, "aithreatgate.llm_output_sanitizers", "LlmOutputValidatorAttribute")
    {
    }

    public override string Name => "llm-output";

    /// <summary>A call of the solution's own HTTP API (its server, in another project, returns model output: a route summary).</summary>
    public override HttpRoute? RouteRequestedBy(IOperation operation) => HttpApiRoutes.RouteRequestedBy(operation);

    public override BodyFilter Members => AiRelation.Members;

    public override SourceMatcher? CreateMatcher(Compilation compilation, bool configured)
    {
        var matcher = new Matcher(new TypeSet(compilation, OutputTypeNames), new ModelOutputValues(compilation));
        var hasStreams = TypeSet.AnyOf(compilation, "LLama.Abstractions.ILLamaExecutor", "OllamaSharp.Chat");
        var hasTools = TypeSet.AnyOf(compilation, "Microsoft.SemanticKernel.KernelFunctionAttribute", ModelContextProtocolApis.ServerToolAttributeType)
            || TypeSet.AnyOf(compilation, ModelContextProtocolApis.ClientTypeNames);
        return matcher.OutputTypes.IsEmpty && !hasStreams && !hasTools && !configured && !CallsCompletionEndpoint(compilation) ? null : matcher;
    }

    // A model called over HTTP with no SDK: some member names a completions endpoint (read from the syntax index's
    // per-tree member lists, which every compilation has built for the credential rule anyway).
    private static bool CallsCompletionEndpoint(Compilation compilation) =>
        compilation.SyntaxTrees.Any(tree => SyntaxIndex.MembersOf(tree, AiRelation.Seeds).Any(member => member.Mentions(SyntaxIndex.EndpointLiteralMarker)));

    /// <summary>Whether <paramref name="method"/> is a completion call of a supported LLM SDK (its result is model output).</summary>
    public static bool IsModelCall(IMethodSymbol method, TypeSet outputTypes) => ReturnsOutputType(method.ReturnType, outputTypes) || IsTextStream(method);

    /// <summary>The model-output types the compilation references.</summary>
    public static TypeSet OutputTypes(Compilation compilation) => new(compilation, OutputTypeNames);

    /// <summary>Whether <paramref name="type"/> is one of <paramref name="outputTypes"/>, or a task, result, stream, array or collection of one.</summary>
    public static bool ReturnsOutputType(ITypeSymbol type, TypeSet outputTypes)
    {
        for (var depth = 0; depth < 3; depth++)
        {
            if (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
                continue;
            }

            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            if (outputTypes.Contains(named))
            {
                return true;
            }

            // Task<T>, ValueTask<T>, ClientResult<T>, IAsyncEnumerable<T>, CollectionResult<T>, IReadOnlyList<T>...
            if (named.TypeArguments.Length != 1)
            {
                return false;
            }

            type = named.TypeArguments[0];
        }

        return false;
    }

    private static bool IsTextStream(IMethodSymbol method)
    {
        if (method.Name is not ("InferAsync" or "ChatAsync" or "SendAsync" or "SendAsAsync" or "GenerateAsync"))
        {
            return false;
        }

        var name = method.ContainingType?.ToDisplayString() + "." + method.Name;
        return Array.IndexOf(TextStreamMethods, name) >= 0
            || method.ContainingType?.ToDisplayString() == "OllamaSharp.OllamaApiClientExtensions" && method.Name == "GenerateAsync";
    }

    private sealed class Matcher : SourceMatcher
    {
        private readonly ModelOutputValues _values;

        public Matcher(TypeSet outputTypes, ModelOutputValues values)
        {
            OutputTypes = outputTypes;
            _values = values;
        }

        public TypeSet OutputTypes { get; }

        public override bool IsSource(IOperation operation, TaintSettings settings) => operation switch
        {
            IInvocationOperation invocation => IsModelCall(invocation.TargetMethod, OutputTypes) || ModelContextProtocolApis.IsToolCall(invocation.TargetMethod)
                || CompletionEndpoints.IsCompletionRequest(invocation) || IsConfigured(operation, settings),
            IParameterReferenceOperation parameter when ToolParameters.IsModelChosen(parameter.Parameter) => true,
            IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation => _values.Holds(operation, OutputTypes),
            _ => false,
        };

        public override string Describe(IOperation source) => source switch
        {
            IParameterReferenceOperation parameter when ToolParameters.IsModelChosen(parameter.Parameter) => "tool parameter " + parameter.Parameter.Name,
            IInvocationOperation invocation when ModelContextProtocolApis.IsToolCall(invocation.TargetMethod) => "MCP tool result of " + base.Describe(source),
            IInvocationOperation invocation when CompletionEndpoints.IsCompletionRequest(invocation) => "the model's response to " + base.Describe(source) + " of a completions endpoint",
            IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when _values.Holds(source, OutputTypes) => "model output held by " + source.Syntax,
            _ => base.Describe(source),
        };
    }
}
