using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.GitHub.Tests;

/// <summary>
/// When the GitHub API fails after its retries, the verdict still reaches the log, the job summary and the step
/// outputs, the error is named precisely, and the step fails (exit 2), whatever the verdict.
/// </summary>
public sealed class ApiFailureTests
{
    private static void FailRepeatedly(FakeGitHub github, string method, string path, int status, Dictionary<string, string>? headers = null, string? body = null)
    {
        for (var i = 0; i < 8; i++)
        {
            github.FailNext(method, path, status, headers, body ?? """{"message":"Server Error"}""");
        }
    }

    private static void AssertVerdictDelivered(ProcessResult result, ActionsRun run, string verdict)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(verdict == "pass" ? "AiThreatGate: PASS" : "AiThreatGate: BLOCKED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(verdict == "pass" ? "AiThreatGate: pass" : "AiThreatGate: blocked", run.Summary, StringComparison.Ordinal);
        Assert.Equal(verdict, run.Outputs["verdict"]);
        Assert.Contains("the gate does not pass", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeGitHub.Token, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_that_outlasts_the_retries_keeps_the_verdict_and_fails_the_step_even_on_a_pass()
    {
        await using var github = await FakeGitHub.StartAsync();
        FailRepeatedly(github, "PATCH", "/check-runs/", 500);
        using var run = await ActionsRun.CreateAsync();

        var result = await run.GateAsync(github, "--sarif", run.WriteSarif(), "--block-priority", "critical");

        AssertVerdictDelivered(result, run, "pass");
        Assert.Contains("Could not complete the check run: GitHub's API failed (500)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("::error title=AiThreatGate::Could not complete the check run", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_to_create_the_check_run_at_the_start_does_not_stop_the_evaluation()
    {
        await using var github = await FakeGitHub.StartAsync();
        FailRepeatedly(github, "POST", "/check-runs", 503);
        using var run = await ActionsRun.CreateAsync();

        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        AssertVerdictDelivered(result, run, "blocked");
        Assert.Contains("::warning title=AiThreatGate::Could not create the check run: GitHub's API failed (503)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_credentials_are_named_as_such_not_as_a_missing_permission()
    {
        await using var github = await FakeGitHub.StartAsync();
        FailRepeatedly(github, "POST", "/check-runs", 401, body: """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""");
        using var run = await ActionsRun.CreateAsync();

        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        AssertVerdictDelivered(result, run, "blocked");
        Assert.Contains("bad credentials (401): the token is invalid, expired or revoked", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("lacks", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exhausted_rate_limit_is_named_as_a_rate_limit()
    {
        await using var github = await FakeGitHub.StartAsync();
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        FailRepeatedly(github, "POST", "/issues/2/comments", 403, new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset }, """{"message":"API rate limit exceeded for installation ID 1."}""");
        using var run = await ActionsRun.CreateAsync();

        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        AssertVerdictDelivered(result, run, "blocked");
        Assert.Contains("Could not write the PR comment: GitHub's API rate limit is exhausted (403)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("failure", Assert.Single(github.CheckRuns).Value["conclusion"]!.GetValue<string>()); // the check run itself got through
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_named_api_failure_not_a_crash()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.FailNext("GET", "/issues/2/comments", 200, body: "<html><body>Unicorn! This page is taking too long to load.</body></html>");
        using var run = await ActionsRun.CreateAsync();

        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        AssertVerdictDelivered(result, run, "blocked");
        Assert.Contains("with a body that is not JSON: <html><body>Unicorn!", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_write_permission_names_the_permission_and_fails_even_a_pass()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.ReadOnly = true;
        using var run = await ActionsRun.CreateAsync(fork: false);

        // Not a fork: a missing permission is a misconfiguration that would leave the required check unreported.
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif(), "--block-priority", "critical");

        AssertVerdictDelivered(result, run, "pass");
        Assert.Contains("forbidden (403): the token lacks the 'checks: write' permission", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_url_or_repository_is_named_and_fails()
    {
        await using var github = await FakeGitHub.StartAsync();
        FailRepeatedly(github, "POST", "/check-runs", 404, body: """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
        using var run = await ActionsRun.CreateAsync();

        var result = await run.GateAsync(github, "--sarif", run.WriteSarif(), "--block-priority", "critical");

        AssertVerdictDelivered(result, run, "pass");
        Assert.Contains("not found (404): the token cannot see Codertocat/Hello-World, or GITHUB_API_URL is wrong", result.StandardError, StringComparison.Ordinal);
    }
}
