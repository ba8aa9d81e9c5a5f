using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.GitHub.Tests;

/// <summary>The real CLI in GitHub mode against the API test double, as in a pull_request workflow run.</summary>
public sealed class GitHubReportingTests
{
    private static void AssertNoToken(ProcessResult result, ActionsRun run)
    {
        Assert.DoesNotContain(FakeGitHub.Token, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeGitHub.Token, run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocked_change_gets_one_failed_check_run_with_annotations_a_comment_and_a_summary()
    {
        await using var github = await FakeGitHub.StartAsync();
        using var run = await ActionsRun.CreateAsync();
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        Assert.Equal(1, result.ExitCode);
        AssertNoToken(result, run);
        var check = Assert.Single(github.CheckRuns);
        Assert.Equal("AiThreatGate", check.Value["name"]!.GetValue<string>());
        Assert.Equal(ActionsRun.HeadSha, check.Value["head_sha"]!.GetValue<string>()); // the PR head, not the merge commit
        Assert.Equal("completed", check.Value["status"]!.GetValue<string>());
        Assert.Equal("failure", check.Value["conclusion"]!.GetValue<string>());
        Assert.Contains("TM-001", check.Value["output"]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        var creates = github.Writes.Where(w => w.Method == "POST" && w.Path.EndsWith("/check-runs", StringComparison.Ordinal)).ToList();
        Assert.Equal("in_progress", Assert.Single(creates).Body!["status"]!.GetValue<string>());

        var annotation = Assert.Single(github.Annotations[check.Key]);
        Assert.Equal("samples/SupportAssistant/TicketRanker.cs", annotation["path"]!.GetValue<string>());
        Assert.Equal(15, annotation["start_line"]!.GetValue<int>());
        Assert.Equal("failure", annotation["annotation_level"]!.GetValue<string>());
        Assert.Contains("TM-001", annotation["title"]!.GetValue<string>(), StringComparison.Ordinal);

        var comment = Assert.Single(github.Comments);
        Assert.Equal(2, comment.Value.Issue);
        Assert.StartsWith("<!-- aithreatgate:report -->", comment.Value.Body, StringComparison.Ordinal);
        Assert.Contains("AiThreatGate: blocked", run.Summary, StringComparison.Ordinal);
        Assert.Equal("blocked", run.Outputs["verdict"]);
        Assert.Equal("1", run.Outputs["blocking-count"]);

        Assert.All(github.Requests, r =>
        {
            Assert.Equal("2022-11-28", r.Headers["x-github-api-version"]);
            Assert.StartsWith("AiThreatGate/", r.Headers["user-agent"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Second_run_updates_the_sticky_comment_found_on_a_later_page()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.SeedComments(issue: 2, count: 150);
        using var run = await ActionsRun.CreateAsync();
        var sarif = run.WriteSarif();

        var first = await run.GateAsync(github, "--sarif", sarif);
        Assert.Equal(1, first.ExitCode);
        Assert.Equal(151, github.Comments.Count);

        var second = await run.GateAsync(github, "--sarif", sarif);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal(151, github.Comments.Count); // updated, not duplicated
        Assert.Single(github.Comments.Values, c => c.Body.Contains("<!-- aithreatgate:report -->", StringComparison.Ordinal));
        Assert.Single(github.Writes, w => w.Method == "PATCH" && w.Path.Contains("/issues/comments/", StringComparison.Ordinal));
        var listing = github.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/issues/2/comments", StringComparison.Ordinal)).ToList();
        Assert.Contains(listing, r => r.Query.Contains("page=2", StringComparison.Ordinal)); // followed the Link header
        Assert.Equal(2, github.CheckRuns.Count); // one check run per run
    }

    [Fact]
    public async Task More_than_fifty_findings_are_annotated_in_batches_of_fifty()
    {
        await using var github = await FakeGitHub.StartAsync();
        using var run = await ActionsRun.CreateAsync(extraFindingLines: 130);
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif(extra: 120));

        Assert.Equal(1, result.ExitCode);
        var check = Assert.Single(github.CheckRuns);
        Assert.Equal(121, github.Annotations[check.Key].Count);
        var batches = github.Writes.Where(w => w.Body?["output"]?["annotations"] is not null).Select(w => w.Body!["output"]!["annotations"]!.AsArray().Count).ToList();
        Assert.Equal(new[] { 50, 50, 21 }, batches);
        Assert.All(github.Requests, r => Assert.True(r.Status < 400, $"{r.Method} {r.Path} answered {r.Status}"));
    }

    [Fact]
    public async Task Passing_change_concludes_success()
    {
        await using var github = await FakeGitHub.StartAsync();
        using var run = await ActionsRun.CreateAsync();
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif(), "--block-priority", "critical");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("success", Assert.Single(github.CheckRuns).Value["conclusion"]!.GetValue<string>());
        Assert.Equal("pass", run.Outputs["verdict"]);
        Assert.Equal("warning", Assert.Single(github.Annotations.Single().Value)["annotation_level"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_broken_threat_model_fails_the_check_never_neutral_and_exits_2()
    {
        await using var github = await FakeGitHub.StartAsync();
        using var run = await ActionsRun.CreateAsync();
        run.Sample.Replace("samples/SupportAssistant/THREATMODEL.md", "| medium | high | open | | Dana Ito |", "| medium | high | whenever | | Dana Ito |");
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        Assert.Equal(2, result.ExitCode);
        var check = Assert.Single(github.CheckRuns).Value;
        Assert.Equal("failure", check["conclusion"]!.GetValue<string>());
        Assert.Equal("Could not evaluate", check["output"]!["title"]!.GetValue<string>());
        Assert.Contains("THREATMODEL.md:40:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("could not evaluate", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_token_degrades_to_the_summary_workflow_commands_and_the_exit_code()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.ReadOnly = true;
        using var run = await ActionsRun.CreateAsync(fork: true);
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(github.CheckRuns);
        Assert.Empty(github.Comments);
        Assert.Contains("::warning title=AiThreatGate::Could not create the check run (403): this is a pull request from a fork", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("::error file=samples/SupportAssistant/TicketRanker.cs,line=15,", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AiThreatGate: blocked", run.Summary, StringComparison.Ordinal);
        AssertNoToken(result, run);
    }

    [Fact]
    public async Task Retries_a_502_and_a_secondary_rate_limit()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.FailNext("POST", "/check-runs", 502);
        github.FailNext("PATCH", "/check-runs/", 403, new Dictionary<string, string> { ["Retry-After"] = "1", ["x-ratelimit-remaining"] = "0" }, """{"message":"You have exceeded a secondary rate limit."}""");
        github.FailNext("GET", "/comments", 429, new Dictionary<string, string> { ["Retry-After"] = "1" }, """{"message":"Too Many Requests"}""");
        using var run = await ActionsRun.CreateAsync();
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Equal("failure", Assert.Single(github.CheckRuns).Value["conclusion"]!.GetValue<string>());
        Assert.Single(github.Comments);
        Assert.Contains(github.Requests, r => r.Status == 502);
        Assert.Contains(github.Requests, r => r.Status == 403);
        Assert.Contains(github.Requests, r => r.Status == 429);
        AssertNoToken(result, run);
    }

    [Fact]
    public async Task A_validation_error_is_surfaced_with_githubs_message_and_fails_closed()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.FailNext("POST", "/issues/2/comments", 422, body: """{"message":"Validation Failed","errors":[{"resource":"IssueComment","code":"custom","field":"body","message":"body is too long"}],"documentation_url":"https://docs.github.com/rest"}""");
        using var run = await ActionsRun.CreateAsync();
        var result = await run.GateAsync(github, "--sarif", run.WriteSarif());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("422", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Validation Failed (resource: IssueComment, code: custom, field: body, message: body is too long)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        AssertNoToken(result, run);
    }

    [Fact]
    public async Task Missing_token_is_a_clear_input_error()
    {
        using var sample = new SampleCopy();
        var result = await CliHarness.RunAsync(sample.Root, new Dictionary<string, string?> { ["GITHUB_REPOSITORY"] = "a/b", ["GITHUB_SHA"] = "abc", ["GITHUB_TOKEN"] = null, ["INPUT_GITHUB-TOKEN"] = null }, "check", "--github", "--threat-model", sample.ThreatModel, "--sarif", "x.sarif");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("GITHUB_TOKEN is not set", result.StandardError, StringComparison.Ordinal);
    }
}
