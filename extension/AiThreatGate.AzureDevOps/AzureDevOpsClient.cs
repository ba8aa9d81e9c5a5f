using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Http;

namespace AiThreatGate.AzureDevOps;

// A stand-in for the official client (Microsoft.TeamFoundationServer.Client's GitHttpClient, which is not restorable
// here: NU1101). The methods the gate uses carry GitHttpClient's names and parameter lists (project, repositoryId,
// pullRequestId, ..., userState, cancellationToken), and the DTOs carry the official type, property and enum names
// (GitPullRequestStatus, GitStatusContext, GitStatusState, GitPullRequestIteration, GitCommitRef,
// GitPullRequestCommentThread, Comment, CommentThreadStatus, CommentType), with the JSON shapes of the Git REST 7.1
// Swagger. Swapping in the official client touches this file only: delete the DTOs below, derive AzureDevOpsClient
// from GitHttpClient (constructed from the collection URI and a VssOAuthAccessTokenCredential), and add a
// `global using Microsoft.TeamFoundation.SourceControl.WebApi;` (plus the package reference). The publisher does not
// change. What the official client would not do for us stays in the pipeline below: the retry policy.

/// <summary>The Azure DevOps Git REST 7.1 calls the gate makes: PR iterations, statuses and comment threads.</summary>
public sealed class AzureDevOpsClient : IDisposable
{
    public const string ApiVersion = "7.1";

    /// <summary>The service's JSON: camelCase names and enum values; unset (default) members are not sent.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient _http;

    public AzureDevOpsClient(AzureDevOpsContext context, RetryPolicy? retry = null, HttpMessageHandler? transport = null)
    {
        // The retry handler bounds each attempt and the total wait, so the HttpClient itself has no timeout.
        _http = new HttpClient(new JsonResponseGuard(new RetryHandler(retry ?? new RetryPolicy(), transport ?? new SocketsHttpHandler())))
        {
            BaseAddress = context.CollectionUri,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.Token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AiThreatGate", Core.Reports.ToolInfo.Version));
    }

    /// <summary>POST .../pullRequests/{id}/statuses. With <see cref="GitPullRequestStatus.IterationId"/> the status belongs to that iteration.</summary>
    public Task<GitPullRequestStatus> CreatePullRequestStatusAsync(GitPullRequestStatus status, string project, string repositoryId, int pullRequestId, object? userState = null, CancellationToken cancellationToken = default) =>
        SendAsync<GitPullRequestStatus>(HttpMethod.Post, PullRequestPath(project, repositoryId, pullRequestId, "statuses"), status, cancellationToken);

    /// <summary>GET .../pullRequests/{id}/iterations: each push of the pull request, with its source commit.</summary>
    public async Task<List<GitPullRequestIteration>> GetPullRequestIterationsAsync(string project, string repositoryId, int pullRequestId, bool? includeCommits = null, object? userState = null, CancellationToken cancellationToken = default) =>
        (await SendAsync<VssJsonCollectionWrapper<GitPullRequestIteration>>(HttpMethod.Get, PullRequestPath(project, repositoryId, pullRequestId, "iterations"), null, cancellationToken)).Value ?? new List<GitPullRequestIteration>();

    /// <summary>GET .../pullRequests/{id}/threads (the service returns them all; there is no paging on this list).</summary>
    public async Task<List<GitPullRequestCommentThread>> GetThreadsAsync(string project, string repositoryId, int pullRequestId, int? iteration = null, int? baseIteration = null, object? userState = null, CancellationToken cancellationToken = default) =>
        (await SendAsync<VssJsonCollectionWrapper<GitPullRequestCommentThread>>(HttpMethod.Get, PullRequestPath(project, repositoryId, pullRequestId, "threads"), null, cancellationToken)).Value ?? new List<GitPullRequestCommentThread>();

    public Task<GitPullRequestCommentThread> CreateThreadAsync(GitPullRequestCommentThread commentThread, string project, string repositoryId, int pullRequestId, object? userState = null, CancellationToken cancellationToken = default) =>
        SendAsync<GitPullRequestCommentThread>(HttpMethod.Post, PullRequestPath(project, repositoryId, pullRequestId, "threads"), commentThread, cancellationToken);

    public Task<GitPullRequestCommentThread> UpdateThreadAsync(GitPullRequestCommentThread commentThread, string project, string repositoryId, int pullRequestId, int threadId, object? userState = null, CancellationToken cancellationToken = default) =>
        SendAsync<GitPullRequestCommentThread>(HttpMethod.Patch, PullRequestPath(project, repositoryId, pullRequestId, $"threads/{threadId.ToString(CultureInfo.InvariantCulture)}"), commentThread, cancellationToken);

    public Task<Comment> UpdateCommentAsync(Comment comment, string project, string repositoryId, int pullRequestId, int threadId, int commentId, object? userState = null, CancellationToken cancellationToken = default) =>
        SendAsync<Comment>(HttpMethod.Patch, PullRequestPath(project, repositoryId, pullRequestId, $"threads/{threadId.ToString(CultureInfo.InvariantCulture)}/comments/{commentId.ToString(CultureInfo.InvariantCulture)}"), comment, cancellationToken);

    private static string PullRequestPath(string project, string repositoryId, int pullRequestId, string rest) =>
        $"{Uri.EscapeDataString(project)}/_apis/git/repositories/{Uri.EscapeDataString(repositoryId)}/pullRequests/{pullRequestId.ToString(CultureInfo.InvariantCulture)}/{rest}?api-version={ApiVersion}";

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        where T : new()
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ServiceApiException.FromResponse(method.Method, path, response.StatusCode, text, name => ServiceErrors.Header(response, name));
        }

        return string.IsNullOrWhiteSpace(text) ? new T() : JsonSerializer.Deserialize<T>(text, Json) ?? new T();
    }

    public void Dispose() => _http.Dispose();
}
