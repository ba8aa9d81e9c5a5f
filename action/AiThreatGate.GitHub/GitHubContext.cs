using System;
using System.IO;
using System.Text.Json;
using Octokit.Webhooks.Events;

namespace AiThreatGate.GitHub;

/// <summary>
/// What a GitHub Actions run tells the gate through its environment: repository, API URL (GHES), token, step summary
/// and output files, and, for pull_request events, the PR number and its head and base commits.
/// </summary>
public sealed record GitHubContext(
    string Repository,
    Uri ApiUrl,
    string Token,
    string? StepSummaryPath,
    string? OutputPath,
    string HeadSha,
    string? BaseSha,
    int? PullRequestNumber,
    bool IsFork,
    string? RunUrl)
{
    /// <summary>Reads the Actions environment; the message of a failure names the missing variable, never a value.</summary>
    public static GitHubContext FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string Required(string name) => getVariable(name) is { Length: > 0 } value ? value : throw new GitHubConfigurationException($"{name} is not set: --github runs inside GitHub Actions (or set it yourself)");

        var repository = Required("GITHUB_REPOSITORY");
        var token = getVariable("GITHUB_TOKEN") is { Length: > 0 } t ? t
            : getVariable("INPUT_GITHUB-TOKEN") is { Length: > 0 } input ? input
            : throw new GitHubConfigurationException("GITHUB_TOKEN is not set: pass the action's github-token input or map secrets.GITHUB_TOKEN into the step's env");
        var apiUrl = new Uri(getVariable("GITHUB_API_URL") is { Length: > 0 } api ? api : "https://api.github.com");
        var headSha = getVariable("GITHUB_SHA") ?? string.Empty;
        string? baseSha = null;
        int? number = null;
        var fork = false;

        var eventPath = getVariable("GITHUB_EVENT_PATH");
        if (!string.IsNullOrEmpty(eventPath))
        {
            if (!File.Exists(eventPath))
            {
                throw new GitHubConfigurationException($"GITHUB_EVENT_PATH '{eventPath}' does not exist");
            }

            try
            {
                if (EventPullRequest.Read(getVariable("GITHUB_EVENT_NAME"), File.ReadAllText(eventPath)) is { } pr)
                {
                    number = pr.Number;

                    // The PR's head commit, not GITHUB_SHA (the merge commit of refs/pull/N/merge).
                    headSha = pr.HeadSha ?? headSha;
                    baseSha = pr.BaseSha;
                    var baseRepo = pr.BaseRepository ?? repository;
                    fork = pr.HeadRepository is not null && !string.Equals(pr.HeadRepository, baseRepo, StringComparison.OrdinalIgnoreCase);
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
            {
                throw new GitHubConfigurationException($"{eventPath}: not a readable GitHub event payload: {exception.Message}");
            }
        }

        if (string.IsNullOrEmpty(headSha))
        {
            throw new GitHubConfigurationException("GITHUB_SHA is not set and the event has no pull_request.head.sha");
        }

        var server = getVariable("GITHUB_SERVER_URL");
        var runId = getVariable("GITHUB_RUN_ID");
        var runUrl = server is { Length: > 0 } && runId is { Length: > 0 } ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}" : null;
        return new GitHubContext(repository, apiUrl, token, getVariable("GITHUB_STEP_SUMMARY"), getVariable("GITHUB_OUTPUT"), headSha, baseSha, number, fork, runUrl);
    }

    /// <summary>Hides the token in records printed by mistake.</summary>
    public override string ToString() => $"GitHubContext {{ Repository = {Repository}, HeadSha = {HeadSha}, PullRequest = {PullRequestNumber} }}";
}

/// <summary>
/// The pull request an Actions event is about, read from GITHUB_EVENT_PATH with Octokit.Webhooks' payload types.
/// Only the fields the gate needs are kept: the head repository is null when the fork was deleted.
/// </summary>
internal sealed record EventPullRequest(int Number, string? HeadSha, string? BaseSha, string? HeadRepository, string? BaseRepository)
{
    /// <summary>
    /// The pull request of a pull_request, pull_request_target, pull_request_review or pull_request_review_comment
    /// payload; null for other events. Without GITHUB_EVENT_NAME, a payload with a <c>pull_request</c> object is read
    /// as a pull_request event.
    /// </summary>
    public static EventPullRequest? Read(string? eventName, string json)
    {
        switch (eventName)
        {
            case "pull_request" or "pull_request_target":
                return FromPullRequest(Deserialize<PullRequestEvent>(json));
            case "pull_request_review":
                return FromSimple(Deserialize<PullRequestReviewEvent>(json).PullRequest);
            case "pull_request_review_comment":
                return FromSimple(Deserialize<PullRequestReviewCommentEvent>(json).PullRequest);
            case null or "":
                using (var document = JsonDocument.Parse(json))
                {
                    return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object
                        ? FromPullRequest(Deserialize<PullRequestEvent>(json))
                        : null;
                }

            default:
                return null;
        }
    }

    private static T Deserialize<T>(string json)
        where T : class =>
        JsonSerializer.Deserialize<T>(json) ?? throw new JsonException("the payload is null");

    private static EventPullRequest FromPullRequest(PullRequestEvent payload)
    {
        var pr = payload.PullRequest;
        return new EventPullRequest(checked((int)pr.Number), pr.Head.Sha, pr.Base.Sha, pr.Head.Repo?.FullName, pr.Base.Repo?.FullName);
    }

    private static EventPullRequest FromSimple(Octokit.Webhooks.Models.SimplePullRequest pr) =>
        new(checked((int)pr.Number), pr.Head.Sha, pr.Base.Sha, pr.Head.Repo?.FullName, pr.Base.Repo?.FullName);
}
