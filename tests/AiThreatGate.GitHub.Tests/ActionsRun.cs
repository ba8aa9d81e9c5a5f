using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AiThreatGate.Testing;

namespace AiThreatGate.GitHub.Tests;

/// <summary>
/// A pull-request run as GitHub Actions sets it up: a git checkout of the sample where the PR adds the code, the
/// pull_request event payload (from ../shared/fixtures/github) pointing at the PR's base and head, a step summary
/// file, an output file, and the API URL of the test double.
/// </summary>
internal sealed class ActionsRun : IDisposable
{
    public const string HeadSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    private ActionsRun(SampleCopy sample) => Sample = sample;

    public SampleCopy Sample { get; }

    public string EventPath => Path.Combine(Sample.Root, "event.json");

    public string SummaryPath => Path.Combine(Sample.Root, "step-summary.md");

    public string OutputPath => Path.Combine(Sample.Root, "step-output.txt");

    public static async Task<ActionsRun> CreateAsync(bool fork = false, int extraFindingLines = 0)
    {
        var sample = new SampleCopy();
        var run = new ActionsRun(sample);
        await sample.GitAsync("init", "-q", "-b", "main");
        await sample.GitAsync("commit", "-q", "--allow-empty", "-m", "base");
        var baseSha = (await ProcessRunner.RunAsync("git", new[] { "rev-parse", "HEAD" }, sample.Root)).StandardOutput.Trim();
        if (extraFindingLines > 0)
        {
            sample.Write("samples/SupportAssistant/Loaders.cs", string.Join('\n', Enumerable.Range(1, extraFindingLines).Select(i => $"// line {i}")) + "\n");
        }

        await sample.GitAsync("add", "-A");
        await sample.GitAsync("commit", "-q", "-m", "the pull request");

        var payload = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedFile("fixtures", "github", "event-pull_request-opened.payload.json")))!;
        payload["pull_request"]!["base"]!["sha"] = baseSha;
        if (fork)
        {
            payload["pull_request"]!["head"]!["repo"]!["full_name"] = "someone-else/Hello-World";
        }

        File.WriteAllText(run.EventPath, payload.ToJsonString());
        return run;
    }

    /// <summary>A SARIF log with the sample's real AITG002 finding plus <paramref name="extra"/> findings in Loaders.cs.</summary>
    public string WriteSarif(int extra = 0, int rankerLine = 15)
    {
        var results = new List<string>
        {
            Result("AITG002", "warning", "'new InferenceSession' loads a model that is not checked against an expected digest or signature first", "samples/SupportAssistant/TicketRanker.cs", rankerLine),
        };
        results.AddRange(Enumerable.Range(1, extra).Select(i => Result("AITG002", "warning", $"loader {i}", "samples/SupportAssistant/Loaders.cs", i)));
        var path = Path.Combine(Sample.Root, "build.sarif");
        File.WriteAllText(path, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"csc\"}},\"results\":[" + string.Join(",", results) + "]}]}");
        return path;
    }

    private string Result(string rule, string level, string message, string path, int line) =>
        $"{{\"ruleId\":\"{rule}\",\"level\":\"{level}\",\"message\":{{\"text\":\"{message.Replace("'", "\\u0027", StringComparison.Ordinal)}\"}},\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":\"{new Uri(Path.Combine(Sample.Root, path)).AbsoluteUri}\"}},\"region\":{{\"startLine\":{line},\"startColumn\":9}}}}}}]}}";

    public Task<ProcessResult> GateAsync(FakeGitHub github, params string[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_REPOSITORY"] = "Codertocat/Hello-World",
            ["GITHUB_API_URL"] = github.Url,
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_TOKEN"] = FakeGitHub.Token,
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = EventPath,
            ["GITHUB_SHA"] = "0000000000000000000000000000000000000abc",
            ["GITHUB_STEP_SUMMARY"] = SummaryPath,
            ["GITHUB_OUTPUT"] = OutputPath,
            ["AITHREATGATE_RETRY_SECONDS"] = "15",
        };
        var arguments = new[] { "check", "--github", "--threat-model", Sample.ThreatModel, "--repo", Sample.Root, "--today", CliHarness.Today }.Concat(extra).ToArray();
        return CliHarness.RunAsync(Sample.Root, environment, arguments);
    }

    public string Summary => File.Exists(SummaryPath) ? File.ReadAllText(SummaryPath, Encoding.UTF8) : string.Empty;

    public Dictionary<string, string> Outputs => File.Exists(OutputPath)
        ? File.ReadAllLines(OutputPath).Where(l => l.Contains('=', StringComparison.Ordinal)).ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..])
        : new Dictionary<string, string>();

    public void Dispose() => Sample.Dispose();
}
