using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AiThreatGate.Core.Http;

/// <summary>Retry policy: attempts and how long a client may wait in total (retries stop when the budget is spent).</summary>
public sealed record RetryPolicy(int MaxAttempts = 4, TimeSpan? MaxTotalWait = null, TimeSpan? BaseDelay = null)
{
    public TimeSpan TotalWait => MaxTotalWait ?? TimeSpan.FromSeconds(90);

    public TimeSpan FirstDelay => BaseDelay ?? TimeSpan.FromSeconds(1);

    /// <summary>Tests shorten the budget through AITHREATGATE_RETRY_SECONDS; production keeps the default.</summary>
    public static RetryPolicy FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("AITHREATGATE_RETRY_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new RetryPolicy(MaxTotalWait: TimeSpan.FromSeconds(seconds), BaseDelay: TimeSpan.FromMilliseconds(200))
            : new RetryPolicy();
}

/// <summary>A REST call failed: the status and the service's own message, never a credential.</summary>
public sealed class ServiceApiException : Exception
{
    public ServiceApiException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    public ServiceApiException(HttpStatusCode status, string message, bool rateLimited)
        : base(message)
    {
        Status = status;
        IsRateLimited = rateLimited;
    }

    public ServiceApiException()
    {
    }

    public ServiceApiException(string message)
        : base(message)
    {
    }

    public ServiceApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public HttpStatusCode Status { get; }

    /// <summary>The service's rate limit was still exhausted when the retries' time budget ran out (429, or 403 with rate-limit headers).</summary>
    public bool IsRateLimited { get; }

    /// <summary>401: the token is invalid, expired or revoked (not a permission problem).</summary>
    public bool IsBadCredentials => Status is HttpStatusCode.Unauthorized;

    /// <summary>
    /// The credential may not write (fork PRs, missing permissions): callers degrade to the log and summary instead
    /// of failing. A rate-limited 403 is not a permission problem, and neither is a 401.
    /// </summary>
    public bool IsForbidden => !IsRateLimited && Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
}

/// <summary>
/// Sends HTTP requests with the retry discipline both CI services need: 5xx and network failures with exponential
/// backoff, 429 and rate-limited 403 responses after <c>Retry-After</c> or the <c>x-ratelimit-reset</c> time, all
/// inside a total time budget. Errors carry the service's message and the request path only.
/// </summary>
public sealed class RetryingSender
{
    private readonly HttpClient _http;
    private readonly RetryPolicy _retry;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public RetryingSender(HttpClient http, RetryPolicy retry, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _http = http;
        _retry = retry;
        _delay = delay ?? Task.Delay;
    }

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            using var request = createRequest();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < _retry.MaxAttempts && waited < _retry.TotalWait)
            {
                var delay = Backoff(attempt);
                waited += delay;
                await _delay(delay, cancellationToken);
                continue;
            }
            catch (HttpRequestException exception)
            {
                throw new ServiceApiException(HttpStatusCode.ServiceUnavailable, $"{request.Method} {Describe(request.RequestUri)}: the service is unreachable: {exception.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ServiceApiException(HttpStatusCode.RequestTimeout, $"{request.Method} {Describe(request.RequestUri)}: the service timed out");
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var retryAfter = RetryDelay(response, attempt);
            if (retryAfter is { } delayBy && attempt < _retry.MaxAttempts && waited + delayBy <= _retry.TotalWait)
            {
                response.Dispose();
                waited += delayBy;
                await _delay(delayBy, cancellationToken);
                continue;
            }

            var message = await ErrorMessageAsync(response, cancellationToken);
            var status = response.StatusCode;
            var rateLimited = IsRateLimitResponse(response, message);
            response.Dispose();
            throw new ServiceApiException(status, $"{request.Method} {Describe(request.RequestUri)} failed with {(int)status} {status}: {message}", rateLimited);
        }
    }

    /// <summary>How long to wait before retrying, or null when the response is not retryable.</summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, int attempt)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (status is 403 or 429)
        {
            if (retryAfter is { } after)
            {
                return after < TimeSpan.Zero ? TimeSpan.Zero : after;
            }

            if (Header(response, "x-ratelimit-remaining") == "0" && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
            {
                var until = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
                return until < TimeSpan.Zero ? Backoff(attempt) : until + TimeSpan.FromSeconds(1);
            }

            return status == 429 ? Backoff(attempt) : null;
        }

        return status >= 500 ? retryAfter ?? Backoff(attempt) : null;
    }

    /// <summary>429, or a 403 that carries rate-limit signals (Retry-After, an exhausted x-ratelimit-remaining, GitHub's "rate limit" message).</summary>
    private static bool IsRateLimitResponse(HttpResponseMessage response, string message) =>
        (int)response.StatusCode == 429
        || (int)response.StatusCode == 403 && (response.Headers.RetryAfter is not null
            || Header(response, "x-ratelimit-remaining") == "0"
            || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase));

    private TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(_retry.FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
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

    /// <summary>A request's path without query or host, safe for messages.</summary>
    public static string Describe(object? uri) => uri switch
    {
        Uri { IsAbsoluteUri: true } absolute => absolute.AbsolutePath,
        Uri relative => relative.OriginalString.Split('?')[0],
        string text => text.Split('?')[0],
        _ => "(request)",
    };
}
