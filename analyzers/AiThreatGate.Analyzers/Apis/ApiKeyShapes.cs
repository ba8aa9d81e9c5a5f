using System;
using System.Linq;
using System.Text.RegularExpressions;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// How the AI SDKs take API keys and what their keys look like: the credential types, the client namespaces whose
/// key parameters and properties hold one, the key shapes of OpenAI and Anthropic, and the environment variable each
/// SDK reads its key from.
/// </summary>
internal static class ApiKeyShapes
{
    /// <summary>How the SDKs' keys start: a literal starting so is marked by the syntax index (see <see cref="AiRelation.Seeds"/>).</summary>
    public static readonly string[] LiteralPrefixes = { "sk-", "hf_", "AIza" };

    /// <summary>The environment variable named when the SDK is not known from the code.</summary>
    public const string DefaultEnvironmentVariable = "OPENAI_API_KEY";

    private static readonly string[] CredentialTypes = { "System.ClientModel.ApiKeyCredential", "Azure.AzureKeyCredential" };

    /// <summary>The simple names of the credential types (what a member constructing one mentions).</summary>
    public static readonly string[] CredentialTypeNames = CredentialTypes.Select(type => type.Substring(type.LastIndexOf('.') + 1)).ToArray();

    // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-) key shapes (OpenAI-compatible services such as DeepSeek
    // and SiliconFlow issue sk- keys too), Hugging Face access tokens (hf_) and Google API keys (AIza, 39 characters).
    private static readonly Regex KeyShape = new(
        @"^(sk-(proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}|hf_[A-Za-z0-9]{30,}|AIza[A-Za-z0-9_\-]{35})$",
        RegexOptions.CultureInvariant,
        TimeSpan.FromMilliseconds(100));

    /// <summary>The key credential types of the compilation (<c>ApiKeyCredential</c>, <c>AzureKeyCredential</c>): their constructor takes the key.</summary>
    public static TypeSet Credentials(Compilation compilation) => new(compilation, CredentialTypes);

    /// <summary>Whether <paramref name="text"/> (trimmed) has the shape of an OpenAI, Anthropic, Hugging Face or Google key and is not filler ("sk-xxxx...").</summary>
    public static bool IsKeyShaped(string text) => KeyShape.IsMatch(text.Trim()) && !KeyPlaceholders.IsPlaceholder(text);

    /// <summary>A property of an AI client's options that holds its key.</summary>
    public static bool IsKeyProperty(IPropertySymbol property) => property.Name is "ApiKey" or "AuthToken" && IsAiClientNamespace(property.ContainingType);

    /// <summary>Whether <paramref name="type"/> belongs to an AI SDK whose clients take a key (OpenAI, Semantic Kernel, Microsoft.Extensions.AI, Anthropic, Azure OpenAI).</summary>
    public static bool IsAiClientNamespace(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns == "OpenAI" || ns.StartsWith("OpenAI.", StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal)
            || ns == "Anthropic" || ns.StartsWith("Anthropic.", StringComparison.Ordinal)
            || ns.StartsWith("Azure.AI.OpenAI", StringComparison.Ordinal);
    }

    /// <summary>The environment variable the SDK of <paramref name="type"/> reads its key from.</summary>
    public static string EnvironmentVariableFor(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("Anthropic", StringComparison.Ordinal))
        {
            return "ANTHROPIC_API_KEY";
        }

        return ns.StartsWith("Azure", StringComparison.Ordinal) ? "AZURE_OPENAI_API_KEY" : DefaultEnvironmentVariable;
    }

    // Request headers that carry a service key or a bearer token (OpenAI, Azure OpenAI / API Management, Anthropic, Google).
    private static readonly string[] CredentialHeaders = { "Authorization", "api-key", "x-api-key", "Ocp-Apim-Subscription-Key", "x-goog-api-key" };

    /// <summary>Identifiers a member names when it sets a credential header by hand (what the syntax prefilter looks for).</summary>
    public static readonly string[] HeaderApiNames = { "AuthenticationHeaderValue", "DefaultRequestHeaders", "Headers" };

    /// <summary>
    /// Where <paramref name="parameter"/> of <paramref name="method"/> receives a credential sent in a request header:
    /// the token of <c>new AuthenticationHeaderValue(scheme, token)</c>, or the value of <c>headers.Add(name, value)</c> /
    /// <c>TryAddWithoutValidation</c> when <paramref name="headerName"/> is a credential header. Null otherwise.
    /// </summary>
    public static string? CredentialHeader(IMethodSymbol method, IParameterSymbol parameter, string? headerName)
    {
        var type = method.ContainingType;
        if (type is null || parameter.Ordinal != 1)
        {
            return null;
        }

        if (method.MethodKind == MethodKind.Constructor && IsNamed(type, "System.Net.Http.Headers", "AuthenticationHeaderValue"))
        {
            return "the Authorization header";
        }

        if (method.Name is "Add" or "TryAddWithoutValidation" && headerName is not null && InheritsHttpHeaders(type))
        {
            var header = Array.Find(CredentialHeaders, name => string.Equals(name, headerName, StringComparison.OrdinalIgnoreCase));
            return header is null ? null : "the " + header + " header";
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="parameter"/> is the key of a dictionary (<c>Add(key, value)</c>, <c>TryAdd</c>, <c>ContainsKey</c>,
    /// <c>TryGetValue</c>, <c>Remove</c> on a type implementing a dictionary interface, such as <c>KernelArguments</c> or
    /// <c>AIFunctionArguments</c>): a name, not a credential, even when the parameter is called <c>key</c>.
    /// </summary>
    public static bool IsDictionaryKey(IMethodSymbol method, IParameterSymbol parameter) =>
        parameter.Ordinal == 0
        && method.Name is "Add" or "TryAdd" or "ContainsKey" or "TryGetValue" or "Remove"
        && method.ContainingType is { } type
        && type.AllInterfaces.Any(i => i.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections"
            && i.Name is "IDictionary" or "IReadOnlyDictionary");

    private static bool InheritsHttpHeaders(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsNamed(current, "System.Net.Http.Headers", "HttpHeaders"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamed(INamedTypeSymbol type, string ns, string name) =>
        type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns;
}
