using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// A model called without an SDK: an <c>HttpClient</c> request to an OpenAI-compatible completions endpoint
/// (<c>/v1/chat/completions</c>, <c>/v1/completions</c>, Azure OpenAI's <c>/openai/deployments/{d}/chat/completions</c>),
/// which OpenAI, Azure OpenAI, OpenRouter, Groq, Mistral, Ollama, vLLM and LM Studio all serve. The response of such a
/// call is model output, however the application reads it (<c>ReadFromJsonAsync&lt;MyDto&gt;</c>, <c>ReadAsStringAsync</c>).
/// </summary>
/// <remarks>
/// The call is recognized by a constant in its request URL that contains <see cref="PathFragments"/>: the string passed
/// to <c>PostAsync</c>, <c>PostAsJsonAsync</c> or <c>SendAsync</c>, part of an interpolation or concatenation, a
/// <c>new Uri(...)</c>, a constant field, or the initializer of a local (<c>var request = new HttpRequestMessage(HttpMethod.Post,
/// "chat/completions")</c>). A URL read from configuration, or built in another method, is not recognized: configure
/// such a method in <c>aithreatgate.llm_output_sources</c>. Ollama's native <c>/api/chat</c> and <c>/api/generate</c>
/// are not recognized by path: applications name their own endpoints so too.
/// </remarks>
internal static class CompletionEndpoints
{
    /// <summary>What a request path to a completions endpoint contains; a member holding a literal with one is marked by the syntax index.</summary>
    public static readonly string[] PathFragments = { "/completions" };

    /// <summary>Whether <paramref name="invocation"/> sends a request to a completions endpoint (its result is the model's response).</summary>
    public static bool IsCompletionRequest(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("PostAsync" or "PostAsJsonAsync" or "SendAsync" or "Send")
            || method.ContainingType is not { } type
            || !(type.Name is "HttpClient" or "HttpMessageInvoker" && SymbolNames.IsInNamespace(type, "System.Net.Http")
                || type.Name == "HttpClientJsonExtensions" && SymbolNames.IsInNamespace(type, "System.Net.Http.Json")))
        {
            return false;
        }

        var target = TaintSinkRule.Argument(invocation.Arguments, "requestUri", "request");
        return target is not null && NamesEndpoint(target, 3);
    }

    private static bool NamesEndpoint(IOperation value, int depth)
    {
        value = ValueFlow.Unwrap(value);
        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return ContainsFragment(text);
        }

        if (depth == 0)
        {
            return false;
        }

        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.OfType<IInterpolatedStringTextOperation>().Any(part => NamesEndpoint(part.Text, depth - 1))
                    || interpolated.Parts.OfType<IInterpolationOperation>().Any(part => NamesEndpoint(part.Expression, depth - 1));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return NamesEndpoint(concatenation.LeftOperand, depth - 1) || NamesEndpoint(concatenation.RightOperand, depth - 1);
            case IObjectCreationOperation creation:
                // new Uri("chat/completions", UriKind.Relative), new Uri(baseUri, "chat/completions"), new HttpRequestMessage(method, url)
                // or new HttpRequestMessage { RequestUri = new Uri(url) }.
                return creation.Arguments.Any(argument => (argument.Value.Type?.SpecialType == SpecialType.System_String || argument.Value.Type?.Name == "Uri")
                        && NamesEndpoint(argument.Value, depth - 1))
                    || creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
                        .Any(assignment => ValueFlow.ReferencedSymbol(assignment.Target)?.Name == "RequestUri" && NamesEndpoint(assignment.Value, depth - 1)) == true;
            case ILocalReferenceOperation local:
                return ValueFlow.ValuesOf(local, local.Local).Any(assigned => NamesEndpoint(assigned, depth - 1));
            default:
                return false;
        }
    }

    private static bool ContainsFragment(string text) => PathFragments.Any(fragment => text.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0);
}
