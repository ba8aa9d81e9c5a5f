using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Http;
using AiThreatGate.Core.Publishing;
using AiThreatGate.Core.Reports;
using Octokit;

namespace AiThreatGate.GitHub;

/// <summary>
/// Reports a verdict where GitHub reviewers look: the <c>AiThreatGate</c> check run on the PR head (created in
/// progress, completed success or failure, with annotations in batches of 50), one sticky PR comment, the job summary,
/// and step outputs. When the token cannot write (fork PRs), it falls back to the job summary and workflow-command
/// annotations and says so; the exit code still carries the verdict.
/// </summary>
public sealed class GitHubPublisher : IVerdictPublisher
{
    public const string CheckName = "AiThreatGate";
    public const int MaxAnnotationsPerRequest = 50;
    public const int MaxOutputText = 65_535;
    public const int MaxStepSummaryBytes = 1024 * 1024;

    private readonly GitHubApiClient _client;
    private readonly GitHubContext _context;
    private readonly TextWriter _log;
    private readonly List<string> _failures = new();
    private readonly bool _ownsClient;
    private long? _checkRunId;
    private bool _readOnly;

    public GitHubPublisher(GitHubApiClient client, GitHubContext context, TextWriter log)
        : this(client, context, log, ownsClient: false)
    {
    }

    private GitHubPublisher(GitHubApiClient client, GitHubContext context, TextWriter log, bool ownsClient)
    {
        _client = client;
        _context = context;
        _log = log;
        _ownsClient = ownsClient;
    }

    public string PlatformName => "GitHub";

    /// <summary>In a <c>pull_request</c> run, the base commit from the event: only the PR's own lines count.</summary>
    public string? PullRequestBase => _context.BaseSha;

    /// <summary>
    /// The publisher of a GitHub Actions run, from its environment (repository, commit, token, event), with its own
    /// API client. Throws <see cref="GitHubConfigurationException"/> naming what is missing.
    /// </summary>
    public static GitHubPublisher FromEnvironment(TextWriter log)
    {
        var context = GitHubContext.FromEnvironment();
        return new GitHubPublisher(new GitHubApiClient(context.ApiUrl, context.Token, RetryPolicy.FromEnvironment()), context, log, ownsClient: true);
    }

    /// <summary>
    /// What could not be published (API errors other than a read-only token), each named precisely. The verdict
    /// still reached the log, the job summary and the outputs; the caller fails the step.
    /// </summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>
    /// Creates the check run <c>in_progress</c> before the evaluation starts. An API failure here never stops the
    /// evaluation: the run is created again when the verdict is published, and a failure then is reported.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var created = await _client.CreateCheckRunAsync(_context.Repository, new NewCheckRun(CheckName, _context.HeadSha)
            {
                Status = CheckStatus.InProgress,
                StartedAt = DateTimeOffset.UtcNow,
                DetailsUrl = _context.RunUrl,
                Output = new NewCheckRunOutput("Evaluating the threat model", "AiThreatGate is matching findings to the threat model."),
            }, cancellationToken);
            _checkRunId = created;
        }
        catch (ServiceApiException exception) when (exception.IsForbidden)
        {
            Degrade("create the check run", "checks: write", exception);
        }
        catch (ServiceApiException exception)
        {
            _log.WriteLine($"::warning title=AiThreatGate::{EscapeData(Explain("create the check run", "checks: write", exception))} It is created again with the verdict.");
        }
    }

    /// <summary>The verdict as the check run, comment and job summary show it (pointing to the run for the full report), and the step outputs.</summary>
    public Task PublishAsync(GateVerdict verdict, WrittenReports reports, CancellationToken cancellationToken)
    {
        var markdown = MarkdownReport.Render(verdict, fullReportPointer: _context.RunUrl is null ? null : $"Full report: the run's job summary and artifacts ({_context.RunUrl}).");
        var outputs = new Dictionary<string, string>
        {
            ["verdict"] = verdict.VerdictWord,
            ["blocking-count"] = verdict.BlockingReasons.Count.ToString(CultureInfo.InvariantCulture),
            ["report-path"] = reports.MarkdownPath ?? reports.HtmlPath ?? string.Empty,
            ["sarif-path"] = reports.SarifPath ?? string.Empty,
        };
        return PublishAsync(verdict, markdown, reports.Comment, outputs, cancellationToken);
    }

    /// <summary>Completes the check run and updates the comment, summary and outputs with the verdict.</summary>
    public async Task PublishAsync(GateVerdict verdict, string markdown, bool comment, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        var conclusion = verdict.Passed ? CheckConclusion.Success : CheckConclusion.Failure;
        var title = verdict.Passed ? "Pass" : $"Blocked: {verdict.BlockingReasons.Count} {(verdict.BlockingReasons.Count == 1 ? "reason" : "reasons")}";
        var annotations = Annotations(verdict);

        // The verdict reaches the summary and the outputs first, so that no API failure can lose it.
        WriteStepSummary(markdown);
        WriteOutputs(outputs);
        await CompleteCheckRunAsync(conclusion, title, markdown, annotations, cancellationToken);
        if (comment && _context.PullRequestNumber is { } number)
        {
            await UpsertCommentAsync(number, markdown, cancellationToken);
        }

        if (_readOnly || _failures.Count > 0)
        {
            foreach (var annotation in annotations.Take(20))
            {
                _log.WriteLine(WorkflowCommand(annotation));
            }
        }
    }

    /// <summary>The gate could not evaluate (bad input): the check fails, never neutral or skipped, which would pass a required check.</summary>
    public async Task FailAsync(string reason, CancellationToken cancellationToken)
    {
        var text = "AiThreatGate could not evaluate this change, so it does not pass.\n\n```\n" + reason + "\n```";
        WriteStepSummary("## ❌ AiThreatGate could not evaluate\n\n" + text);
        _log.WriteLine("::error title=AiThreatGate::" + Escape(reason));
        await CompleteCheckRunAsync(CheckConclusion.Failure, "Could not evaluate", text, Array.Empty<JsonObject>(), cancellationToken);
    }

    private async Task CompleteCheckRunAsync(CheckConclusion conclusion, string title, string markdown, IReadOnlyList<JsonObject> annotations, CancellationToken cancellationToken)
    {
        if (_readOnly)
        {
            return;
        }

        try
        {
            var summary = Truncate(markdown, MaxOutputText);
            if (_checkRunId is null)
            {
                var created = await _client.CreateCheckRunAsync(_context.Repository, new NewCheckRun(CheckName, _context.HeadSha)
                {
                    Status = CheckStatus.InProgress,
                    Output = new NewCheckRunOutput(title, summary),
                }, cancellationToken);
                _checkRunId = created;
            }

            var id = _checkRunId.Value;

            // Annotations go in batches of at most 50 per request; GitHub appends them.
            foreach (var batch in annotations.Chunk(MaxAnnotationsPerRequest))
            {
                await _client.UpdateCheckRunAsync(_context.Repository, id, new CheckRunUpdate
                {
                    Output = new NewCheckRunOutput(title, summary) { Annotations = batch.Select(ToCheckRunAnnotation).ToList() },
                }, cancellationToken);
            }

            await _client.UpdateCheckRunAsync(_context.Repository, id, new CheckRunUpdate
            {
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                CompletedAt = DateTimeOffset.UtcNow,
                Output = new NewCheckRunOutput(title, summary)
                {
                    Text = Truncate($"{annotations.Count} annotated findings. Full report: the job summary and the run's artifacts.", MaxOutputText),
                },
            }, cancellationToken);
        }
        catch (ServiceApiException exception) when (exception.IsForbidden)
        {
            Degrade("write the check run", "checks: write", exception);
        }
        catch (ServiceApiException exception)
        {
            Fail(Explain("complete the check run", "checks: write", exception));
        }
    }

    private async Task UpsertCommentAsync(int number, string markdown, CancellationToken cancellationToken)
    {
        if (_readOnly)
        {
            return;
        }

        try
        {
            var comments = await _client.ListIssueCommentsAsync(_context.Repository, number, cancellationToken);
            var existing = comments.FirstOrDefault(c => (c.Body ?? string.Empty).Contains(MarkdownReport.Marker, StringComparison.Ordinal));
            var body = Truncate(markdown, MaxOutputText);
            if (existing is not null)
            {
                await _client.UpdateIssueCommentAsync(_context.Repository, existing.Id, body, cancellationToken);
            }
            else
            {
                await _client.CreateIssueCommentAsync(_context.Repository, number, body, cancellationToken);
            }
        }
        catch (ServiceApiException exception) when (exception.IsForbidden)
        {
            Degrade("write the PR comment", "pull-requests: write", exception);
        }
        catch (ServiceApiException exception)
        {
            Fail(Explain("write the PR comment", "pull-requests: write", exception));
        }
    }

    /// <summary>
    /// A fork's read-only token: the verdict goes to the log, the summary and workflow-command annotations only, and
    /// the exit code carries it (the documented fork setup). Any other 403 or 404 is a misconfiguration that would
    /// leave a required check unreported, so it is a failure.
    /// </summary>
    private void Degrade(string what, string permission, ServiceApiException exception)
    {
        if (!_context.IsFork)
        {
            _readOnly = true; // stop further writes; the failure below fails the step
            Fail(exception.Status == System.Net.HttpStatusCode.NotFound
                ? $"Could not {what}: not found (404): the token cannot see {_context.Repository}, or GITHUB_API_URL is wrong."
                : Explain(what, permission, exception));
            return;
        }

        _readOnly = true;
        var why = _context.IsFork
            ? "this is a pull request from a fork, whose token is read-only"
            : exception.Status == System.Net.HttpStatusCode.NotFound
                ? $"the token cannot see {_context.Repository} (wrong GITHUB_API_URL or repository, or a token without access)"
                : $"the token lacks the '{permission}' permission; add it to the job's 'permissions:'";
        _log.WriteLine($"::warning title=AiThreatGate::Could not {what} ({(int)exception.Status}): {why}. The verdict is in the job summary, the annotations below and the step's exit code. See the README for the pull_request + workflow_run setup for forks.");
    }

    private void Fail(string message)
    {
        _failures.Add(message);
        _log.WriteLine("::error title=AiThreatGate::" + EscapeData(message));
    }

    /// <summary>What went wrong with an API call, in words that say what to do: a 401 is a bad token, a rate-limited 403 is not a permission.</summary>
    public static string Explain(string what, string permission, ServiceApiException exception)
    {
        var status = (int)exception.Status;
        if (exception.IsBadCredentials)
        {
            return $"Could not {what}: bad credentials (401): the token is invalid, expired or revoked. Check the github-token input / GITHUB_TOKEN.";
        }

        if (exception.IsRateLimited)
        {
            return $"Could not {what}: GitHub's API rate limit is exhausted ({status}) and did not reset within the retry budget. Re-run the job later, or use a token with a higher limit.";
        }

        if (status == 403)
        {
            return $"Could not {what}: forbidden (403): the token lacks the '{permission}' permission; add it to the job's 'permissions:'.";
        }

        return $"Could not {what}: GitHub's API failed ({status}): {exception.Message}";
    }

    private void WriteStepSummary(string markdown)
    {
        if (string.IsNullOrEmpty(_context.StepSummaryPath))
        {
            return;
        }

        // GitHub rejects a step summary over 1 MiB; the Markdown report is far below that, this guards other input.
        var text = markdown;
        if (Encoding.UTF8.GetByteCount(text) > MaxStepSummaryBytes - 1024)
        {
            text = Truncate(text, (MaxStepSummaryBytes - 1024) / 4);
        }

        File.AppendAllText(_context.StepSummaryPath, text + Environment.NewLine);
    }

    private void WriteOutputs(IReadOnlyDictionary<string, string> outputs)
    {
        if (string.IsNullOrEmpty(_context.OutputPath))
        {
            return;
        }

        var lines = outputs.Select(o => $"{o.Key}={o.Value.Replace("\n", " ", StringComparison.Ordinal)}");
        File.AppendAllLines(_context.OutputPath, lines);
    }

    /// <summary>Annotations for findings whose lines are in the diff: failure for blocking findings, warning for the rest.</summary>
    public static IReadOnlyList<JsonObject> Annotations(GateVerdict verdict)
    {
        var blocking = verdict.BlockingReasons.SelectMany(r => r.Findings).ToHashSet(FindingIdentityComparer.Instance);
        var preExisting = verdict.PreExisting.ToHashSet(FindingIdentityComparer.Instance);
        var annotations = new List<JsonObject>();
        foreach (var finding in verdict.AllFindings)
        {
            if (finding.Path is null || finding.Line < 1 || Path.IsPathRooted(finding.Path) || preExisting.Contains(finding) || finding.Suppression is not null && !blocking.Contains(finding))
            {
                continue;
            }

            var threats = verdict.ThreatsByFinding.TryGetValue(finding, out var ids) && ids.Count > 0 ? " Evidence for " + string.Join(", ", ids) + "." : " Not covered by the threat model.";
            annotations.Add(new JsonObject
            {
                ["path"] = finding.Path,
                ["start_line"] = finding.Line,
                ["end_line"] = finding.Line,
                ["annotation_level"] = blocking.Contains(finding) ? "failure" : "warning",
                ["title"] = Truncate($"{finding.RuleId}" + (ids is { Count: > 0 } ? $" ({string.Join(", ", ids)})" : string.Empty), 255),
                ["message"] = Truncate(finding.Message + threats, 60_000),
            });
        }

        return annotations;
    }

    /// <summary>An annotation as Octokit sends it; the JSON form stays the one place its fields are decided.</summary>
    private static NewCheckRunAnnotation ToCheckRunAnnotation(JsonObject annotation)
    {
        var level = annotation["annotation_level"]!.GetValue<string>() == "failure" ? CheckAnnotationLevel.Failure : CheckAnnotationLevel.Warning;
        return new NewCheckRunAnnotation(
            annotation["path"]!.GetValue<string>(),
            annotation["start_line"]!.GetValue<int>(),
            annotation["end_line"]!.GetValue<int>(),
            level,
            annotation["message"]!.GetValue<string>())
        {
            Title = annotation["title"]?.GetValue<string>(),
        };
    }

    public static string WorkflowCommand(JsonObject annotation)
    {
        var level = annotation["annotation_level"]!.GetValue<string>() == "failure" ? "error" : "warning";
        // Every property is escaped: a file name may hold ',', ':' or a line break, which would end or inject a command.
        return $"::{level} file={EscapeProperty(annotation["path"]!.GetValue<string>())},line={annotation["start_line"]},title={EscapeProperty(annotation["title"]!.GetValue<string>())}::{Escape(annotation["message"]!.GetValue<string>())}";
    }

    private static string EscapeData(string text) => Escape(text);

    private static string Escape(string text) => text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string text) => Escape(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : text[..(limit - 20)] + "\n\n_(truncated)_";

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
