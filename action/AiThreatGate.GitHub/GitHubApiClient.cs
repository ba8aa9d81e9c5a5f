using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AiThreatGate.GitHub;

/// <summary>A GitHub API call failed: the status code and GitHub's own message, never the token.</summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    public GitHubApiException()
    {
    }

    public GitHubApiException(string message)
        : base(message)
    {
    }

    public GitHubApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public HttpStatusCode Status { get; }

    /// <summary>The token may not write (fork PRs, read-only permissions): the gate degrades instead of failing.</summary>
    public bool IsForbidden => Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized;
}

/// <summary>Retry policy: attempts and how long the client may wait in total (retries stop when the budget is spent).</summary>
public sealed record RetryPolicy(int MaxAttempts = 4, TimeSpan? MaxTotalWait = null, TimeSpan? BaseDelay = null)
{
    public TimeSpan TotalWait => MaxTotalWait ?? TimeSpan.FromSeconds(90);

    public TimeSpan FirstDelay => BaseDelay ?? TimeSpan.FromSeconds(1);
}

/// <summary>
/// The GitHub REST endpoints the gate uses, over HttpClient + System.Text.Json: check runs and issue comments.
/// Sends the token, API version and user agent; retries 5xx and secondary rate limits (403/429 with Retry-After or
/// an exhausted x-ratelimit-remaining) with backoff inside a time budget; follows Link pagination; surfaces 422
/// validation errors with GitHub's message.
/// </summary>
public sealed class GitHubApiClient : IDisposable
{
    public const string ApiVersion = "2022-11-28";

    private readonly HttpClient _http;
    private readonly RetryPolicy _retry;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public GitHubApiClient(Uri apiUrl, string token, RetryPolicy? retry = null, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("A GitHub token is required (GITHUB_TOKEN or the action's github-token input).", nameof(token));
        }

        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/");
        _http.Timeout = TimeSpan.FromSeconds(60);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", ApiVersion);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AiThreatGate", Core.Reports.ToolInfo.Version));
        _retry = retry ?? new RetryPolicy();
        _delay = delay ?? Task.Delay;
    }

    public Task<JsonNode> CreateCheckRunAsync(string repository, JsonObject body, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, $"repos/{repository}/check-runs", body, cancellationToken);

    public Task<JsonNode> UpdateCheckRunAsync(string repository, long id, JsonObject body, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Patch, $"repos/{repository}/check-runs/{id.ToString(CultureInfo.InvariantCulture)}", body, cancellationToken);

    public Task<IReadOnlyList<JsonNode>> ListIssueCommentsAsync(string repository, int issue, CancellationToken cancellationToken) =>
        GetAllPagesAsync($"repos/{repository}/issues/{issue.ToString(CultureInfo.InvariantCulture)}/comments?per_page=100", cancellationToken);

    public Task<JsonNode> CreateIssueCommentAsync(string repository, int issue, string body, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, $"repos/{repository}/issues/{issue.ToString(CultureInfo.InvariantCulture)}/comments", new JsonObject { ["body"] = body }, cancellationToken);

    public Task<JsonNode> UpdateIssueCommentAsync(string repository, long id, string body, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Patch, $"repos/{repository}/issues/comments/{id.ToString(CultureInfo.InvariantCulture)}", new JsonObject { ["body"] = body }, cancellationToken);

    /// <summary>Every item of a paginated list, following <c>Link: &lt;…&gt;; rel="next"</c>.</summary>
    public async Task<IReadOnlyList<JsonNode>> GetAllPagesAsync(string url, CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        string? next = url;
        var pages = 0;
        while (next is not null && pages++ < 100)
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, next), cancellationToken);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonArray
                ?? throw new GitHubApiException(response.StatusCode, $"GET {Describe(next)}: expected a JSON array");
            items.AddRange(page.Where(i => i is not null)!);
            next = NextLink(response);
        }

        return items;
    }

    private async Task<JsonNode> SendJsonAsync(HttpMethod method, string url, JsonObject body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        using var response = await SendAsync(() => new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
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
                throw new GitHubApiException(HttpStatusCode.ServiceUnavailable, $"{request.Method} {Describe(request.RequestUri)}: GitHub API unreachable: {exception.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new GitHubApiException(HttpStatusCode.RequestTimeout, $"{request.Method} {Describe(request.RequestUri)}: GitHub API timed out");
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
            response.Dispose();
            throw new GitHubApiException(status, $"{request.Method} {Describe(request.RequestUri)} failed with {(int)status} {status}: {message}");
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

    private TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(_retry.FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in string.Join(",", values).Split(','))
        {
            var sections = part.Split(';');
            if (sections.Length > 1 && sections.Skip(1).Any(s => s.Trim() == "rel=\"next\""))
            {
                return sections[0].Trim().TrimStart('<').TrimEnd('>');
            }
        }

        return null;
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var json = JsonNode.Parse(text);
            var message = json?["message"]?.GetValue<string>() ?? text;
            if (json?["errors"] is JsonArray errors && errors.Count > 0)
            {
                message += " (" + string.Join("; ", errors.Select(e => e is JsonObject o
                    ? string.Join(", ", o.Select(p => $"{p.Key}: {p.Value}"))
                    : e?.ToString())) + ")";
            }

            return message;
        }
        catch (JsonException)
        {
            return text.Length > 300 ? text[..300] : text;
        }
    }

    /// <summary>A request's path without query or host, safe for messages.</summary>
    private static string Describe(object? uri) => uri switch
    {
        Uri { IsAbsoluteUri: true } absolute => absolute.AbsolutePath,
        Uri relative => relative.OriginalString.Split('?')[0],
        string text => text.Split('?')[0],
        _ => "(request)",
    };

    public void Dispose() => _http.Dispose();
}
