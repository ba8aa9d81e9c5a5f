using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Model output: results of completion calls of the OpenAI, Azure OpenAI, Microsoft.Extensions.AI, Anthropic, Semantic
/// Kernel, LLamaSharp and OllamaSharp SDKs, parameters of methods exposed to a model as tools, and methods configured
/// in <c>aithreatgate.llm_output_sources</c>.
/// </summary>
internal sealed class LlmOutputSources : SourceKind
{
    public const string SourcesOptionName = "aithreatgate.llm_output_sources";

    private static readonly string[] OutputTypeNames =
    {
        "OpenAI.Chat.ChatCompletion", "OpenAI.Chat.StreamingChatCompletionUpdate", "OpenAI.Chat.ChatToolCall", "OpenAI.Chat.StreamingChatToolCallUpdate",
        "OpenAI.Responses.ResponseResult", "OpenAI.Responses.OpenAIResponse", "OpenAI.Responses.StreamingResponseUpdate",
        "OpenAI.Assistants.ThreadMessage", "OpenAI.Assistants.StreamingUpdate",
        "Microsoft.Extensions.AI.ChatResponse", "Microsoft.Extensions.AI.ChatResponse`1", "Microsoft.Extensions.AI.ChatResponseUpdate",
        "Anthropic.Models.Messages.Message", "Anthropic.Models.Messages.RawMessageStreamEvent",
        "Microsoft.SemanticKernel.FunctionResult", "Microsoft.SemanticKernel.ChatMessageContent", "Microsoft.SemanticKernel.StreamingChatMessageContent",
    };

    private static readonly string[] TextStreamMethods =
    {
        "LLama.Abstractions.ILLamaExecutor.InferAsync", "LLama.StatelessExecutor.InferAsync", "LLama.StatefulExecutorBase.InferAsync", "LLama.ChatSession.ChatAsync",
        "OllamaSharp.Chat.SendAsync", "OllamaSharp.Chat.SendAsAsync",
    };

    private static readonly string[] ToolAttributeNames = { "KernelFunctionAttribute", "OllamaToolAttribute" };

    public LlmOutputSources()
        : base(SourcesOptionName, "aithreatgate.llm_output_sanitizers", "LlmOutputValidatorAttribute")
    {
    }

    public override BodyFilter Members => AiRelation.Members;

    public override SourceMatcher? CreateMatcher(Compilation compilation, bool configured)
    {
        var matcher = new Matcher(new TypeSet(compilation, OutputTypeNames));
        var hasStreams = TypeSet.AnyOf(compilation, "LLama.Abstractions.ILLamaExecutor", "OllamaSharp.Chat");
        var hasTools = TypeSet.AnyOf(compilation, "Microsoft.SemanticKernel.KernelFunctionAttribute");
        return matcher.OutputTypes.IsEmpty && !hasStreams && !hasTools && !configured ? null : matcher;
    }

    /// <summary>Whether <paramref name="method"/> is a completion call of a supported LLM SDK (its result is model output).</summary>
    public static bool IsModelCall(IMethodSymbol method, TypeSet outputTypes) => ReturnsOutputType(method.ReturnType, outputTypes) || IsTextStream(method);

    /// <summary>The model-output types the compilation references.</summary>
    public static TypeSet OutputTypes(Compilation compilation) => new(compilation, OutputTypeNames);

    private static bool ReturnsOutputType(ITypeSymbol type, TypeSet outputTypes)
    {
        for (var depth = 0; depth < 3 && type is INamedTypeSymbol named; depth++)
        {
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
        public Matcher(TypeSet outputTypes) => OutputTypes = outputTypes;

        public TypeSet OutputTypes { get; }

        public override bool IsSource(IOperation operation, TaintSettings settings) => operation switch
        {
            IInvocationOperation invocation => IsModelCall(invocation.TargetMethod, OutputTypes) || IsConfigured(operation, settings),
            IParameterReferenceOperation parameter => parameter.Parameter.ContainingSymbol is IMethodSymbol owner && ToolAttributeNames.Any(name => AnalyzerSettings.HasAttributeNamed(owner, name)),
            _ => false,
        };

        public override string Describe(IOperation source) => source is IParameterReferenceOperation parameter
            ? "tool parameter " + parameter.Parameter.Name
            : base.Describe(source);
    }
}
