using System;
using System.IO;
using System.Text.Json;

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
                using var document = JsonDocument.Parse(File.ReadAllText(eventPath));
                if (document.RootElement.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object)
                {
                    number = pr.GetProperty("number").GetInt32();

                    // The PR's head commit, not GITHUB_SHA (the merge commit of refs/pull/N/merge).
                    headSha = pr.GetProperty("head").GetProperty("sha").GetString() ?? headSha;
                    baseSha = pr.GetProperty("base").GetProperty("sha").GetString();
                    var headRepo = pr.GetProperty("head").TryGetProperty("repo", out var h) && h.ValueKind == JsonValueKind.Object ? h.GetProperty("full_name").GetString() : null;
                    var baseRepo = pr.GetProperty("base").TryGetProperty("repo", out var b) && b.ValueKind == JsonValueKind.Object ? b.GetProperty("full_name").GetString() : repository;
                    fork = headRepo is not null && !string.Equals(headRepo, baseRepo, StringComparison.OrdinalIgnoreCase);
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
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

public sealed class GitHubConfigurationException : Exception
{
    public GitHubConfigurationException(string message)
        : base(message)
    {
    }

    public GitHubConfigurationException()
    {
    }

    public GitHubConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
