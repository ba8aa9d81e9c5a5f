using System;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Model output that arrives as a value rather than straight from a completion call: a parameter, field or property
/// (a Blazor component's <c>[Parameter]</c>, a record member) typed as one of the SDKs' response types
/// (<c>ChatResponse</c>, <c>ChatCompletion</c>, <c>ChatMessageContent</c>, <c>FunctionResult</c>, <c>AgentResponse</c>,
/// their streaming updates, arrays and collections of them). Whoever passed it in, its text is what a model wrote.
/// </summary>
/// <remarks>
/// <c>Microsoft.Extensions.AI.ChatMessage</c> carries user turns as well as answers, so a value of that type counts
/// only when its name says it is an answer (<c>response</c>, <c>reply</c>, <c>answer</c>, <c>assistant</c>,
/// <c>completion</c>, <c>generated</c>: <c>ChatMessage assistantMessage</c>, <c>LastReply</c>). A message read from a
/// response (<c>response.Messages</c>, <c>update.Message</c>) is model output through its receiver anyway.
/// </remarks>
internal sealed class ModelOutputValues
{
    private static readonly string[] AnswerWords = { "response", "reply", "answer", "assistant", "completion", "generated" };

    private readonly TypeSet _messageTypes;

    public ModelOutputValues(Compilation compilation) => _messageTypes = new TypeSet(compilation, "Microsoft.Extensions.AI.ChatMessage");

    /// <summary>Whether the parameter, field or property <paramref name="reference"/> reads holds model output by its type (and, for a chat message, its name).</summary>
    public bool Holds(IOperation reference, TypeSet outputTypes)
    {
        if (reference.Type is not { } type || ValueFlow.ReferencedSymbol(reference) is not { } symbol)
        {
            return false;
        }

        if (LlmOutputSources.ReturnsOutputType(type, outputTypes))
        {
            return true;
        }

        return !_messageTypes.IsEmpty && LlmOutputSources.ReturnsOutputType(type, _messageTypes) && NamesAnAnswer(symbol.Name);
    }

    private static bool NamesAnAnswer(string name)
    {
        foreach (var word in AnswerWords)
        {
            if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
