using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Http;
using Octokit;
using Octokit.Internal;

namespace AiThreatGate.GitHub;

/// <summary>
/// The GitHub REST calls the gate makes, through Octokit: check runs (with annotations) and issue comments (listed
/// across pages). Octokit sends the Bearer token and its user agent ("AiThreatGate/version (...)"); the HTTP
/// pipeline under it (<see cref="OctokitHttpClient"/>) adds the API version header and the project's retry policy.
/// Octokit's exceptions become <see cref="ServiceApiException"/>s worded as before: method, path, status, and
/// GitHub's message with its validation <c>errors</c>; never the token.
/// </summary>
public sealed class GitHubApiClient : IDisposable
{
    public const string ApiVersion = "2022-11-28";

    private readonly OctokitHttpClient _http;
    private readonly GitHubClient _github;

    /// <param name="apiUrl">https://api.github.com, or a GHES API root such as https://ghes.example.com/api/v3 (GITHUB_API_URL).</param>
    /// <param name="transport">The innermost handler (tests); a <see cref="SocketsHttpHandler"/> otherwise.</param>
    public GitHubApiClient(Uri apiUrl, string token, RetryPolicy? retry = null, HttpMessageHandler? transport = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("A GitHub token is required (GITHUB_TOKEN or the action's github-token input).", nameof(token));
        }

        _http = new OctokitHttpClient(retry ?? new RetryPolicy(), transport, delay);

        // The Connection takes the base address as given (GitHubClient's own constructor would append api/v3 to any
        // host but api.github.com); Octokit's endpoints are relative, so the root must end with '/' to keep /api/v3.
        var connection = new Connection(
            new ProductHeaderValue("AiThreatGate", Core.Reports.ToolInfo.Version),
            new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/"),
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            _http,
            new SimpleJsonSerializer());
        _github = new GitHubClient(connection);
    }

    /// <summary>Creates the check run and returns its id.</summary>
    public async Task<long> CreateCheckRunAsync(string repository, NewCheckRun checkRun, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var created = await CallAsync("POST", $"/repos/{repository}/check-runs", () => _github.Check.Run.Create(owner, name, checkRun), cancellationToken);

        // Octokit yields no object for an empty 2xx body.
        return created is { Id: > 0 } ? created.Id : throw new ServiceApiException(HttpStatusCode.BadGateway, "GitHub returned no check run id");
    }

    public Task<CheckRun> UpdateCheckRunAsync(string repository, long id, CheckRunUpdate update, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync("PATCH", $"/repos/{repository}/check-runs/{id}", () => _github.Check.Run.Update(owner, name, id, update), cancellationToken);
    }

    /// <summary>Every comment of the issue or pull request, 100 a page, Octokit following the <c>Link: rel="next"</c> headers.</summary>
    public Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(string repository, int issue, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync("GET", $"/repos/{repository}/issues/{issue}/comments", () => _github.Issue.Comment.GetAllForIssue(owner, name, issue, new ApiOptions { PageSize = 100 }), cancellationToken);
    }

    public Task<IssueComment> CreateIssueCommentAsync(string repository, int issue, string body, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync("POST", $"/repos/{repository}/issues/{issue}/comments", () => _github.Issue.Comment.Create(owner, name, issue, body), cancellationToken);
    }

    public Task<IssueComment> UpdateIssueCommentAsync(string repository, long id, string body, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync("PATCH", $"/repos/{repository}/issues/comments/{id}", () => _github.Issue.Comment.Update(owner, name, id, body), cancellationToken);
    }

    private static async Task<T> CallAsync<T>(string method, string path, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await OctokitHttpClient.WithCancellationAsync(call, cancellationToken);
        }
        catch (ApiException exception)
        {
            throw Translate(method, path, exception);
        }
    }

    /// <summary>
    /// Octokit's exception as the gate words it. The message is read from the answer's own body (GitHub's
    /// <c>message</c> and <c>errors</c>), so a 422 names the resource, field and code; the rate-limit signals come from
    /// the headers, like the retry handler's.
    /// </summary>
    internal static ServiceApiException Translate(string method, string path, ApiException exception)
    {
        var response = exception.HttpResponse;
        var body = response?.Body as string ?? exception.ApiError?.Message ?? exception.Message;
        var headers = response?.Headers;
        string? Header(string header) => headers?.FirstOrDefault(h => string.Equals(h.Key, header, StringComparison.OrdinalIgnoreCase)).Value;
        var status = response?.StatusCode ?? exception.StatusCode;
        var translated = ServiceApiException.FromResponse(method, path, status, body, Header);
        return exception is RateLimitExceededException or SecondaryRateLimitExceededException && !translated.IsRateLimited
            ? new ServiceApiException(status, translated.Message, rateLimited: true)
            : translated;
    }

    private static (string Owner, string Name) Split(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < repository.Length - 1
            ? (repository[..slash], repository[(slash + 1)..])
            : throw new ArgumentException($"'{repository}' is not owner/name", nameof(repository));
    }

    public void Dispose() => _http.Dispose();
}
