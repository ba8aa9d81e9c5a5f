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
using AiThreatGate.Core.Http;

namespace AiThreatGate.GitHub;

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
    private readonly RetryingSender _sender;

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
        _sender = new RetryingSender(_http, retry ?? new RetryPolicy(), delay);
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
            var page = ParseJson(await response.Content.ReadAsStringAsync(cancellationToken), "GET", next, response.StatusCode) as JsonArray
                ?? throw new ServiceApiException(response.StatusCode, $"GET {Describe(next)}: expected a JSON array");
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
        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : ParseJson(text, method.Method, url, response.StatusCode) ?? new JsonObject();
    }

    /// <summary>A proxy or an outage page can answer 200 with HTML: that is a service failure, not a crash.</summary>
    private static JsonNode? ParseJson(string text, string method, string url, HttpStatusCode status)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            var start = text.Length > 80 ? text[..80] + "…" : text;
            throw new ServiceApiException(HttpStatusCode.BadGateway, $"{method} {Describe(url)} answered {(int)status} with a body that is not JSON: {start.ReplaceLineEndings(" ")}");
        }
    }

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        _sender.SendAsync(createRequest, cancellationToken);

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

    private static string Describe(object? uri) => RetryingSender.Describe(uri);

    public void Dispose() => _http.Dispose();
}
