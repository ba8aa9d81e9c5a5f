using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Http;

namespace AiThreatGate.AzureDevOps;

/// <summary>The Azure DevOps Git REST 7.1 endpoints the gate uses: PR iterations, statuses, comment threads.</summary>
public sealed class AzureDevOpsClient : IDisposable
{
    public const string ApiVersion = "7.1";

    private readonly HttpClient _http;
    private readonly RetryingSender _sender;
    private readonly string _pullRequestPath;

    public AzureDevOpsClient(AzureDevOpsContext context, RetryPolicy? retry = null)
    {
        _http = new HttpClient { BaseAddress = context.CollectionUri, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.Token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AiThreatGate", Core.Reports.ToolInfo.Version));
        _sender = new RetryingSender(_http, retry ?? new RetryPolicy());
        _pullRequestPath = $"{Uri.EscapeDataString(context.Project)}/_apis/git/repositories/{Uri.EscapeDataString(context.RepositoryId)}/pullRequests/{context.PullRequestId.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The PR's latest iteration, which a status is attached to so "reset on new changes" policies work.</summary>
    /// <summary>The pull request's iterations with the source commit each one pushed (null where the service omits it).</summary>
    public async Task<IReadOnlyList<(int Id, string? SourceCommit)>> IterationsAsync(CancellationToken cancellationToken)
    {
        var list = await GetAsync($"{_pullRequestPath}/iterations", cancellationToken);
        return (list["value"] as JsonArray)?
            .Where(i => i?["id"] is not null)
            .Select(i => (i!["id"]!.GetValue<int>(), i["sourceRefCommit"]?["commitId"]?.GetValue<string>()))
            .ToList() ?? new List<(int, string?)>();
    }

    public Task<JsonNode> PostStatusAsync(JsonObject status, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{_pullRequestPath}/statuses", status, cancellationToken);

    public async Task<IReadOnlyList<JsonNode>> ListThreadsAsync(CancellationToken cancellationToken)
    {
        var list = await GetAsync($"{_pullRequestPath}/threads", cancellationToken);
        return (list["value"] as JsonArray)?.Where(t => t is not null).Select(t => t!).ToList() ?? new List<JsonNode>();
    }

    public Task<JsonNode> CreateThreadAsync(JsonObject thread, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{_pullRequestPath}/threads", thread, cancellationToken);

    public Task<JsonNode> UpdateThreadAsync(int threadId, JsonObject thread, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"{_pullRequestPath}/threads/{threadId.ToString(CultureInfo.InvariantCulture)}", thread, cancellationToken);

    public Task<JsonNode> UpdateCommentAsync(int threadId, int commentId, string content, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"{_pullRequestPath}/threads/{threadId.ToString(CultureInfo.InvariantCulture)}/comments/{commentId.ToString(CultureInfo.InvariantCulture)}", new JsonObject { ["content"] = content }, cancellationToken);

    private async Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, WithVersion(path)), cancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? new JsonObject();
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        using var response = await _sender.SendAsync(() => new HttpRequestMessage(method, WithVersion(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
    }

    private static string WithVersion(string path) => path + "?api-version=" + ApiVersion;

    public void Dispose() => _http.Dispose();
}
