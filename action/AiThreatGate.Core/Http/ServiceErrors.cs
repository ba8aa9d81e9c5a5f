using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;

namespace AiThreatGate.Core.Http;

/// <summary>How error answers of the CI services are read: their message, validation details, and rate-limit signals.</summary>
public static class ServiceErrors
{
    /// <summary>
    /// The service's <c>message</c> with its <c>errors</c> detail (GitHub's 422 names the resource, field and code),
    /// or the start of a body that is not JSON (a proxy's HTML page).
    /// </summary>
    public static string Message(string text)
    {
        try
        {
            var json = JsonNode.Parse(text);
            var message = json is JsonObject && json["message"] is JsonValue value && value.TryGetValue<string>(out var said) ? said : text.Length > 300 ? text[..300] : text;
            if (json is JsonObject && json["errors"] is JsonArray errors && errors.Count > 0)
            {
                message += " (" + string.Join("; ", errors.Select(e => e is JsonObject o
                    ? string.Join(", ", o.Select(p => $"{p.Key}: {p.Value}"))
                    : e?.ToString())) + ")";
            }

            return message;
        }
        catch (System.Text.Json.JsonException)
        {
            return text.Length > 300 ? text[..300] : text;
        }
    }

    /// <summary>429, or a 403 that carries rate-limit signals (Retry-After, an exhausted x-ratelimit-remaining, GitHub's "rate limit" message).</summary>
    public static bool IsRateLimited(int status, Func<string, string?> header, string message) =>
        status == 429
        || status == 403 && (header("Retry-After") is not null
            || header("x-ratelimit-remaining") == "0"
            || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase));

    /// <summary>A request's path without query or host, safe for messages.</summary>
    public static string Describe(object? uri) => uri switch
    {
        Uri { IsAbsoluteUri: true } absolute => absolute.AbsolutePath,
        Uri relative => relative.OriginalString.Split('?')[0],
        string text => text.Split('?')[0],
        _ => "(request)",
    };

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
