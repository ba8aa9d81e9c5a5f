using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.AzureDevOps.Tests;

/// <summary>The real CLI with --azure-devops against the REST test double, in a pipeline-like environment.</summary>
public sealed class AzureDevOpsReportingTests
{
    private static async Task<SampleCopy> PullRequestCheckoutAsync()
    {
        var sample = new SampleCopy();
        await sample.GitAsync("init", "-q", "-b", "pr");
        await sample.GitAsync("commit", "-q", "--allow-empty", "-m", "target branch");
        await sample.GitAsync("update-ref", "refs/remotes/origin/main", "HEAD"); // what a PR build's fetch of the target branch leaves
        await sample.GitAsync("add", "-A");
        await sample.GitAsync("commit", "-q", "-m", "the pull request");
        var sarif = Path.Combine(sample.Root, "build.sarif");
        File.WriteAllText(sarif, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"csc\"}},\"results\":[{\"ruleId\":\"AITG002\",\"level\":\"warning\",\"message\":{\"text\":\"loads a model that is not checked\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"" + new Uri(Path.Combine(sample.Root, "samples/SupportAssistant/TicketRanker.cs")).AbsoluteUri + "\"},\"region\":{\"startLine\":15,\"startColumn\":9}}}]}]}]}");
        return sample;
    }

    private static Task<ProcessResult> GateAsync(SampleCopy sample, FakeAzureDevOps ado, params string[] extra) => GateForCommitAsync(sample, ado, null, extra);

    private static Task<ProcessResult> GateForCommitAsync(SampleCopy sample, FakeAzureDevOps ado, string? sourceCommit, params string[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["TF_BUILD"] = "True",
            ["SYSTEM_COLLECTIONURI"] = ado.Url,
            ["SYSTEM_TEAMPROJECT"] = FakeAzureDevOps.Project,
            ["BUILD_REPOSITORY_ID"] = FakeAzureDevOps.RepositoryId,
            ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = FakeAzureDevOps.PullRequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SYSTEM_PULLREQUEST_TARGETBRANCH"] = "refs/heads/main",
            ["SYSTEM_ACCESSTOKEN"] = FakeAzureDevOps.Token,
            ["BUILD_BUILDID"] = "77",
            ["AGENT_TEMPDIRECTORY"] = sample.Root,
            ["AITHREATGATE_RETRY_SECONDS"] = "15",
            ["SYSTEM_PULLREQUEST_SOURCECOMMITID"] = sourceCommit,
        };
        var arguments = new[] { "check", "--azure-devops", "--threat-model", sample.ThreatModel, "--sarif", Path.Combine(sample.Root, "build.sarif"), "--repo", sample.Root, "--today", CliHarness.Today }.Concat(extra).ToArray();
        return CliHarness.RunAsync(sample.Root, environment, arguments);
    }

    [Fact]
    public async Task Blocked_pr_gets_a_failed_status_on_the_latest_iteration_a_thread_and_logging_commands()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var sample = await PullRequestCheckoutAsync();
        var result = await GateAsync(sample, ado);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(ado.SchemaErrors);
        Assert.Equal("pending", ado.Statuses.First()["state"]!.GetValue<string>()); // posted before the evaluation
        var status = Assert.Single(ado.Statuses, s => s["state"]!.GetValue<string>() != "pending");
        Assert.Equal("failed", status["state"]!.GetValue<string>());
        Assert.Equal("aithreatgate", status["context"]!["genre"]!.GetValue<string>());
        Assert.Equal("threat-model", status["context"]!["name"]!.GetValue<string>());
        Assert.Equal(2, status["iterationId"]!.GetValue<int>());
        Assert.EndsWith("/_build/results?buildId=77", status["targetUrl"]!.GetValue<string>(), StringComparison.Ordinal);

        var thread = Assert.Single(ado.Threads).Value;
        Assert.Equal("active", thread["status"]!.GetValue<string>());
        Assert.StartsWith("<!-- aithreatgate:report -->", thread["comments"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Contains("##vso[task.logissue type=error;code=AITG002;sourcepath=samples/SupportAssistant/TicketRanker.cs;linenumber=15;columnnumber=9]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("##vso[task.uploadsummary]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("##vso[task.complete result=Failed;]", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAzureDevOps.Token, result.Output, StringComparison.Ordinal);
        Assert.All(ado.Requests, r => Assert.Contains("api-version=7.1", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_thread_is_updated_not_duplicated_and_resolved_when_the_gate_passes()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var sample = await PullRequestCheckoutAsync();
        Assert.Equal(1, (await GateAsync(sample, ado)).ExitCode);
        Assert.Equal(1, (await GateAsync(sample, ado)).ExitCode);
        Assert.Single(ado.Threads);
        Assert.Contains(ado.Requests, r => r.Method == "PATCH" && r.Path.Contains("/comments/", StringComparison.Ordinal));

        var passing = await GateAsync(sample, ado, "--block-priority", "critical");
        Assert.True(passing.ExitCode == 0, passing.Output);
        Assert.Equal("fixed", Assert.Single(ado.Threads).Value["status"]!.GetValue<string>());
        Assert.Equal(new[] { "failed", "failed", "succeeded" }, ado.Statuses.Select(s => s["state"]!.GetValue<string>()).Where(s => s != "pending"));
        Assert.DoesNotContain("task.complete result=Failed", passing.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(ado.SchemaErrors);
    }

    [Fact]
    public async Task A_broken_threat_model_posts_error_not_success_and_exits_2()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var sample = await PullRequestCheckoutAsync();
        sample.Replace("samples/SupportAssistant/THREATMODEL.md", "| medium | high | open | | Dana Ito |", "| medium | high | later | | Dana Ito |");
        var result = await GateAsync(sample, ado);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(new[] { "pending", "error" }, ado.Statuses.Select(s => s["state"]!.GetValue<string>()));
        Assert.Contains("##vso[task.complete result=Failed;]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("THREATMODEL.md:40:", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(ado.SchemaErrors);
    }

    [Fact]
    public async Task Retries_a_503()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        ado.FailNext(503);
        using var sample = await PullRequestCheckoutAsync();
        var result = await GateAsync(sample, ado);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(ado.Requests, r => r.Status == 503);
        Assert.Single(ado.Statuses, s => s["state"]!.GetValue<string>() != "pending");
        Assert.DoesNotContain(FakeAzureDevOps.Token, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_access_token_says_how_to_map_it()
    {
        using var sample = new SampleCopy();
        var result = await CliHarness.RunAsync(
            sample.Root,
            new Dictionary<string, string?> { ["SYSTEM_COLLECTIONURI"] = "http://127.0.0.1:9/x/", ["SYSTEM_TEAMPROJECT"] = "p", ["BUILD_REPOSITORY_ID"] = "r", ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "1", ["SYSTEM_ACCESSTOKEN"] = null },
            "check", "--azure-devops", "--threat-model", sample.ThreatModel, "--sarif", "x.sarif");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SYSTEM_ACCESSTOKEN is not set: map it in the step", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_names_the_contribute_to_pull_requests_permission_and_the_verdict_still_reaches_the_log_and_summary()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var sample = await PullRequestCheckoutAsync();
        for (var i = 0; i < 8; i++)
        {
            ado.FailNext(403, """{"$id":"1","innerException":null,"message":"TF401027: You need the Git 'PullRequestContribute' permission to perform this action.","typeName":"Microsoft.TeamFoundation.Git.Server.GitNeedsPermissionException","errorCode":0}""", retryAfter: false);
        }

        var result = await GateAsync(sample, ado);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("AiThreatGate: BLOCKED", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("##vso[task.uploadsummary]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AiThreatGate: blocked", File.ReadAllText(Path.Combine(sample.Root, "aithreatgate-summary.md")), StringComparison.Ordinal);
        Assert.Contains("'Contribute to pull requests' permission", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("##vso[task.complete result=Failed;]", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeAzureDevOps.Token, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_named_as_the_access_token_not_a_permission()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var sample = await PullRequestCheckoutAsync();
        for (var i = 0; i < 8; i++)
        {
            ado.FailNext(401, "", retryAfter: false);
        }

        var result = await GateAsync(sample, ado, "--block-priority", "critical");

        Assert.Equal(2, result.ExitCode); // a pass that could not be published is not a pass
        Assert.Contains("AiThreatGate: PASS", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("SYSTEM_ACCESSTOKEN: $(System.AccessToken)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Contribute to pull requests", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_goes_to_the_iteration_of_the_evaluated_commit_never_to_a_newer_push()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        ado.IterationCommits = new[] { "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222" };
        using var sample = await PullRequestCheckoutAsync();

        var first = await GateForCommitAsync(sample, ado, ado.IterationCommits[0], "--block-priority", "critical");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(1, ado.Statuses.Last()["iterationId"]!.GetValue<int>());

        // A commit that no iteration has (the build is older or newer than the PR's pushes): no success is posted.
        var unknown = await GateForCommitAsync(sample, ado, "3333333333333333333333333333333333333333", "--block-priority", "critical");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("has the evaluated commit 3333333333333333333333333333333333333333", unknown.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, ado.Statuses.Count(s => s["state"]!.GetValue<string>() == "succeeded"));
    }

    [Fact]
    public void A_file_name_with_command_syntax_stays_one_escaped_logging_command()
    {
        var finding = new AiThreatGate.Core.Findings.Finding("AITG002", AiThreatGate.Core.Findings.FindingLevel.Error, "m", "src/x;linenumber=1]##vso[task.setvariable variable=a]b.cs", 3, 1, Array.Empty<string>(), null);

        var command = AzureDevOpsPublisher.LogIssue("error", finding);

        Assert.Equal("##vso[task.logissue type=error;code=AITG002;sourcepath=src/x%3Blinenumber=1%5D##vso[task.setvariable variable=a%5Db.cs;linenumber=3;columnnumber=1]m", command);
    }
}
