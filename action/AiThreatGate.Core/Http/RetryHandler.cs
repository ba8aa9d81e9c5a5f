using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AiThreatGate.Core.Http;

/// <summary>
/// Retry policy: attempts, how long a client may wait in total (retries stop when the budget is spent), and how long
/// one attempt may take.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts = 4, TimeSpan? MaxTotalWait = null, TimeSpan? BaseDelay = null, TimeSpan? AttemptTimeout = null)
{
    public TimeSpan TotalWait => MaxTotalWait ?? TimeSpan.FromSeconds(90);

    public TimeSpan FirstDelay => BaseDelay ?? TimeSpan.FromSeconds(1);

    public TimeSpan PerAttempt => AttemptTimeout ?? TimeSpan.FromSeconds(60);

    /// <summary>Tests shorten the budget through AITHREATGATE_RETRY_SECONDS; production keeps the default.</summary>
    public static RetryPolicy FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("AITHREATGATE_RETRY_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new RetryPolicy(MaxTotalWait: TimeSpan.FromSeconds(seconds), BaseDelay: TimeSpan.FromMilliseconds(200))
            : new RetryPolicy();
}

/// <summary>
/// The retry discipline both CI services need, as a link of the HTTP pipeline so that any client built on
/// <see cref="HttpClient"/> gets it inside its own request path (Octokit's <c>HttpClientAdapter</c> takes the handler,
/// the Azure DevOps client builds its <see cref="HttpClient"/> on it): 5xx and network failures with exponential
/// backoff, 429 and rate-limited 403 responses after <c>Retry-After</c> or the <c>x-ratelimit-reset</c> time, all inside
/// a total time budget, each attempt inside its own timeout. A response that is still an error when the budget is
/// spent is returned as it is, for the client to turn into its own exception; a network failure or a timeout, which
/// has no response, becomes a <see cref="ServiceApiException"/> naming the request path only.
/// </summary>
public sealed class RetryHandler : DelegatingHandler
{
    private readonly RetryPolicy _retry;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public RetryHandler(RetryPolicy retry, HttpMessageHandler innerHandler, Func<TimeSpan, CancellationToken, Task>? delay = null)
        : base(innerHandler)
    {
        _retry = retry;
        _delay = delay ?? Task.Delay;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is read once: each attempt sends a fresh copy, because a sent request message may not be reused.
        var content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            using var attemptRequest = Copy(request, content);
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_retry.PerAttempt);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(attemptRequest, attemptTimeout.Token);
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
                throw new ServiceApiException(HttpStatusCode.ServiceUnavailable, $"{request.Method} {ServiceErrors.Describe(request.RequestUri)}: the service is unreachable: {exception.Message}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ServiceApiException(HttpStatusCode.RequestTimeout, $"{request.Method} {ServiceErrors.Describe(request.RequestUri)}: the service timed out");
            }

            // Callers look at the request they sent (Octokit keeps its receive time in its properties).
            response.RequestMessage = request;
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

            return response;
        }
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? content)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (content is not null)
        {
            copy.Content = new ByteArrayContent(content);
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
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

            if (ServiceErrors.Header(response, "x-ratelimit-remaining") == "0" && long.TryParse(ServiceErrors.Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
            {
                var until = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
                return until < TimeSpan.Zero ? Backoff(attempt) : until + TimeSpan.FromSeconds(1);
            }

            return status == 429 ? Backoff(attempt) : null;
        }

        return status >= 500 ? retryAfter ?? Backoff(attempt) : null;
    }

    private TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(_retry.FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
}
