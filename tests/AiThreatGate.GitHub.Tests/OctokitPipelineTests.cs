using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Http;
using AiThreatGate.Testing;
using Octokit;
using Xunit;

namespace AiThreatGate.GitHub.Tests;

/// <summary>
/// The GitHub client at the HTTP level, without a server: Octokit's requests go through the project's handler chain
/// (retry policy, API version header), a GHES API root keeps its /api/v3 path, and GitHub's errors keep their wording.
/// </summary>
public sealed class OctokitPipelineTests
{
    /// <summary>Answers from a queue (then 201 with a check run) and records every request that reached the wire.</summary>
    private sealed class ScriptedTransport : HttpMessageHandler
    {
        public Queue<Func<HttpResponseMessage>> Answers { get; } = new();

        public List<(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? Body)> Seen { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Seen.Add((request.Method, request.RequestUri!, request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)), body));
            return Answers.Count > 0 ? Answers.Dequeue()() : Json(HttpStatusCode.Created, """{"id":77,"name":"AiThreatGate","head_sha":"abc","status":"in_progress"}""");
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private static (GitHubApiClient Client, ScriptedTransport Transport, List<TimeSpan> Waits) Create(string apiUrl = "https://ghes.example.com/api/v3")
    {
        var transport = new ScriptedTransport();
        var waits = new List<TimeSpan>();
        var client = new GitHubApiClient(new Uri(apiUrl), FakeGitHub.Token, new RetryPolicy(MaxTotalWait: TimeSpan.FromSeconds(30)), transport, (delay, _) =>
        {
            waits.Add(delay);
            return Task.CompletedTask;
        });
        return (client, transport, waits);
    }

    [Fact]
    public async Task A_ghes_api_root_keeps_its_path_and_every_request_carries_the_token_version_and_user_agent()
    {
        var (client, transport, _) = Create();
        using (client)
        {
            var id = await client.CreateCheckRunAsync("octo/repo", new NewCheckRun("AiThreatGate", "abc") { Status = CheckStatus.InProgress }, CancellationToken.None);

            Assert.Equal(77, id);
            var request = Assert.Single(transport.Seen);
            Assert.Equal("https://ghes.example.com/api/v3/repos/octo/repo/check-runs", request.Uri.AbsoluteUri);
            Assert.Equal("Bearer " + FakeGitHub.Token, request.Headers["authorization"]);
            Assert.Equal(GitHubApiClient.ApiVersion, request.Headers["x-github-api-version"]);
            Assert.StartsWith("AiThreatGate/", request.Headers["user-agent"], StringComparison.Ordinal);
            var body = JsonNode.Parse(request.Body!)!.AsObject();
            Assert.Equal("in_progress", body["status"]!.GetValue<string>());
            Assert.DoesNotContain(body, p => p.Value is null); // Octokit leaves unset members out
        }
    }

    [Fact]
    public async Task Retries_happen_inside_octokits_pipeline_with_retry_after_and_the_rate_limit_reset()
    {
        var (client, transport, waits) = Create();
        var reset = DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        transport.Answers.Enqueue(() => Json(HttpStatusCode.BadGateway, """{"message":"Server Error"}"""));
        transport.Answers.Enqueue(() => Json((HttpStatusCode)429, """{"message":"Too Many Requests"}""", ("Retry-After", "2")));
        transport.Answers.Enqueue(() => Json(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded"}""", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)));
        using (client)
        {
            await client.UpdateCheckRunAsync("octo/repo", 77, new CheckRunUpdate { Status = CheckStatus.Completed, Conclusion = CheckConclusion.Success }, CancellationToken.None);
        }

        Assert.Equal(4, transport.Seen.Count);
        Assert.All(transport.Seen, r => Assert.Equal("""{"status":"completed","conclusion":"success"}""", r.Body)); // each attempt re-sends the body
        Assert.Equal(TimeSpan.FromSeconds(2), waits[1]);
        Assert.InRange(waits[2], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Octokits_errors_keep_the_gates_wording_and_githubs_validation_detail()
    {
        var (client, transport, _) = Create("https://api.github.com");
        transport.Answers.Enqueue(() => Json((HttpStatusCode)422, """{"message":"Validation Failed","errors":[{"resource":"Label","code":"invalid","field":"color"}]}"""));
        transport.Answers.Enqueue(() => Json(HttpStatusCode.Forbidden, """{"message":"Resource not accessible by integration"}"""));
        transport.Answers.Enqueue(() => Json(HttpStatusCode.Unauthorized, """{"message":"Bad credentials"}"""));
        using (client)
        {
            var invalid = await Assert.ThrowsAsync<ServiceApiException>(() => client.CreateIssueCommentAsync("octo/repo", 2, "x", CancellationToken.None));
            Assert.Equal("POST /repos/octo/repo/issues/2/comments failed with 422 UnprocessableEntity: Validation Failed (resource: Label, code: invalid, field: color)", invalid.Message);

            var forbidden = await Assert.ThrowsAsync<ServiceApiException>(() => client.UpdateIssueCommentAsync("octo/repo", 5, "x", CancellationToken.None));
            Assert.True(forbidden.IsForbidden);
            Assert.False(forbidden.IsRateLimited);

            var unauthorized = await Assert.ThrowsAsync<ServiceApiException>(() => client.ListIssueCommentsAsync("octo/repo", 2, CancellationToken.None));
            Assert.True(unauthorized.IsBadCredentials);
            Assert.DoesNotContain(FakeGitHub.Token, invalid.Message + forbidden.Message + unauthorized.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_callers_cancellation_reaches_octokits_requests()
    {
        var (client, _, _) = Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using (client)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListIssueCommentsAsync("octo/repo", 2, cancelled.Token));
        }
    }

    [Theory]
    [InlineData("event-pull_request-opened.payload.json", "pull_request")]
    [InlineData("event-pull_request-synchronize.payload.json", "pull_request")]
    [InlineData("event-pull_request-opened.with-null-body.json", "pull_request_target")]
    [InlineData("event-pull_request-opened.payload.json", null)]
    public void Pull_request_payloads_are_read_with_octokit_webhooks(string fixture, string? eventName)
    {
        var context = GitHubContext.FromEnvironment(Variables(RepositoryPaths.SharedFile("fixtures", "github", fixture), eventName));

        Assert.Equal(2, context.PullRequestNumber);
        Assert.Equal("ec26c3e57ca3a959ca5aad62de7213c562f8c821", context.HeadSha);
        Assert.Equal("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", context.BaseSha);
        Assert.False(context.IsFork);
    }

    [Fact]
    public void Other_events_have_no_pull_request_and_a_broken_payload_is_named()
    {
        var checkRun = GitHubContext.FromEnvironment(Variables(RepositoryPaths.SharedFile("fixtures", "github", "event-check_run-completed.payload.json"), "check_run"));
        Assert.Null(checkRun.PullRequestNumber);
        Assert.Equal("0000000000000000000000000000000000000abc", checkRun.HeadSha);

        var broken = Path.Combine(Path.GetTempPath(), $"aitg-event-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, """{"action":"opened","pull_request":{"number":2}}""");
        try
        {
            var error = Assert.Throws<GitHubConfigurationException>(() => GitHubContext.FromEnvironment(Variables(broken, "pull_request")));
            Assert.Contains("not a readable GitHub event payload", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static Func<string, string?> Variables(string eventPath, string? eventName) => name => name switch
    {
        "GITHUB_REPOSITORY" => "Codertocat/Hello-World",
        "GITHUB_TOKEN" => FakeGitHub.Token,
        "GITHUB_SHA" => "0000000000000000000000000000000000000abc",
        "GITHUB_EVENT_PATH" => eventPath,
        "GITHUB_EVENT_NAME" => eventName,
        _ => null,
    };
}
