using System;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Http;
using AiThreatGate.Core.Publishing;
using AiThreatGate.Core.Reports;

namespace AiThreatGate.AzureDevOps;

/// <summary>
/// Reports a verdict to an Azure DevOps pull request: the status <c>aithreatgate/threat-model</c> on the latest
/// iteration (succeeded, failed, or error when the gate could not evaluate; never notApplicable, which bypasses a
/// required policy), one comment thread identified by a marker (created, then updated; resolved as fixed when the
/// gate passes), and pipeline logging commands: an issue per finding, the Markdown summary, a failed task result.
/// </summary>
public sealed class AzureDevOpsPublisher : IVerdictPublisher
{
    public const string Genre = "aithreatgate";
    public const string StatusName = "threat-model";

    private readonly AzureDevOpsClient _client;
    private readonly AzureDevOpsContext _context;
    private readonly TextWriter _log;
    private readonly List<string> _failures = new();
    private readonly bool _ownsClient;

    /// <summary>What could not be published, each named precisely; the verdict still reached the log and the summary tab.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public AzureDevOpsPublisher(AzureDevOpsClient client, AzureDevOpsContext context, TextWriter log)
        : this(client, context, log, ownsClient: false)
    {
    }

    private AzureDevOpsPublisher(AzureDevOpsClient client, AzureDevOpsContext context, TextWriter log, bool ownsClient)
    {
        _client = client;
        _context = context;
        _log = log;
        _ownsClient = ownsClient;
    }

    public string PlatformName => "Azure DevOps";

    /// <summary>The pull request's target branch: only the PR's own lines count.</summary>
    public string? PullRequestBase => _context.BaseRef;

    /// <summary>
    /// The publisher of an Azure Pipelines run, from its variables (collection, project, repository, pull request,
    /// access token), with its own API client. Throws <see cref="AzureDevOpsConfigurationException"/> naming what is missing.
    /// </summary>
    public static AzureDevOpsPublisher FromEnvironment(TextWriter log)
    {
        var context = AzureDevOpsContext.FromEnvironment();
        return new AzureDevOpsPublisher(new AzureDevOpsClient(context, RetryPolicy.FromEnvironment()), context, log, ownsClient: true);
    }

    /// <summary>The verdict as the thread and summary tab show it; the summary goes to the Markdown report when one was written.</summary>
    public Task PublishAsync(GateVerdict verdict, WrittenReports reports, CancellationToken cancellationToken)
    {
        var summaryPath = reports.MarkdownPath ?? Path.Combine(Environment.GetEnvironmentVariable("AGENT_TEMPDIRECTORY") ?? Path.GetTempPath(), "aithreatgate-summary.md");
        return PublishAsync(verdict, MarkdownReport.Render(verdict), summaryPath, cancellationToken);
    }

    public async Task PublishAsync(GateVerdict verdict, string markdown, string summaryPath, CancellationToken cancellationToken)
    {
        var preExisting = verdict.PreExisting.ToHashSet(FindingIdentityComparer.Instance);
        var blocking = verdict.BlockingReasons.SelectMany(r => r.Findings).ToHashSet(FindingIdentityComparer.Instance);
        foreach (var finding in verdict.AllFindings.Where(f => !preExisting.Contains(f)).Take(500))
        {
            _log.WriteLine(LogIssue(blocking.Contains(finding) ? "error" : "warning", finding));
        }

        // The summary tab gets the verdict before any API call, so that no API failure can lose it.
        File.WriteAllText(summaryPath, markdown);
        _log.WriteLine($"##vso[task.uploadsummary]{summaryPath}");
        await TryAsync("post the pull request status", () => PostStatusAsync(verdict.Passed ? GitStatusState.Succeeded : GitStatusState.Failed, verdict.Passed ? "AiThreatGate: pass" : $"AiThreatGate: blocked ({verdict.BlockingReasons.Count} {(verdict.BlockingReasons.Count == 1 ? "reason" : "reasons")})", cancellationToken));
        await TryAsync("write the pull request thread", () => UpsertThreadAsync(markdown, resolve: verdict.Passed, cancellationToken));
        if (!verdict.Passed)
        {
            _log.WriteLine("##vso[task.complete result=Failed;]AiThreatGate blocked this pull request");
        }
        else if (_failures.Count > 0)
        {
            _log.WriteLine("##vso[task.complete result=Failed;]AiThreatGate could not publish its verdict to the pull request");
        }
    }

    /// <summary>The gate could not evaluate: the status is <c>error</c> (blocks a required policy), and the task fails.</summary>
    public async Task FailAsync(string reason, CancellationToken cancellationToken)
    {
        _log.WriteLine($"##vso[task.logissue type=error]{Escape(reason)}");
        _log.WriteLine("##vso[task.complete result=Failed;]AiThreatGate could not evaluate");
        await TryAsync("post the pull request status", () => PostStatusAsync(GitStatusState.Error, "AiThreatGate could not evaluate: " + Truncate(reason, 200), cancellationToken));
    }

    /// <summary>Posts <c>pending</c> before the evaluation, so that an earlier iteration's success does not stand while this one runs.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        TryAsync("post the pending status", () => PostStatusAsync(GitStatusState.Pending, "AiThreatGate is evaluating this change", cancellationToken));

    /// <summary>
    /// The iteration whose source commit this build evaluated: a status on the latest iteration would vouch for a
    /// commit pushed after the build started. Without the build's commit, the latest iteration.
    /// </summary>
    private async Task<int?> EvaluatedIterationAsync(CancellationToken cancellationToken)
    {
        var iterations = (await _client.GetPullRequestIterationsAsync(_context.Project, _context.RepositoryId, _context.PullRequestId, cancellationToken: cancellationToken))
            .Where(i => i.Id is not null)
            .Select(i => (Id: i.Id!.Value, SourceCommit: i.SourceRefCommit?.CommitId))
            .ToList();
        if (_context.SourceCommit is not { } commit || iterations.All(i => i.SourceCommit is null))
        {
            return iterations.Select(i => (int?)i.Id).Max();
        }

        return iterations.Where(i => string.Equals(i.SourceCommit, commit, StringComparison.OrdinalIgnoreCase)).Select(i => (int?)i.Id).Max()
            ?? throw new ServiceApiException(System.Net.HttpStatusCode.Conflict, $"no iteration of pull request {_context.PullRequestId} has the evaluated commit {commit} (a newer push?); its status is left to that commit's build");
    }

    private async Task TryAsync(string what, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (ServiceApiException exception)
        {
            var message = Explain(what, exception);
            _failures.Add(message);
            _log.WriteLine($"##vso[task.logissue type=error]{Escape(message)}");
        }
    }

    /// <summary>What went wrong with an API call, in words that say what to do.</summary>
    public static string Explain(string what, ServiceApiException exception)
    {
        var status = (int)exception.Status;
        if (exception.IsBadCredentials)
        {
            return $"Could not {what}: the access token was refused (401). Pass the job's token to the task: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken).";
        }

        if (exception.IsRateLimited)
        {
            return $"Could not {what}: Azure DevOps throttled the requests ({status}) beyond the retry budget. Re-run the pipeline later.";
        }

        if (status == 403)
        {
            return $"Could not {what}: forbidden (403): the build service identity lacks the 'Contribute to pull requests' permission. Grant it in Project settings > Repositories > (this repository) > Security > '<project> Build Service (<organization>)' > Contribute to pull requests: Allow.";
        }

        if (status == 404)
        {
            return $"Could not {what}: not found (404): the pull request or repository is not visible to the token (check SYSTEM_PULLREQUEST_PULLREQUESTID and the repository ID).";
        }

        return $"Could not {what}: the Azure DevOps API failed ({status}): {exception.Message}";
    }

    private async Task PostStatusAsync(GitStatusState state, string description, CancellationToken cancellationToken)
    {
        var status = new GitPullRequestStatus
        {
            State = state,
            Description = Truncate(description, 400),
            Context = new GitStatusContext { Genre = Genre, Name = StatusName },
            TargetUrl = _context.BuildUrl,
            IterationId = await EvaluatedIterationAsync(cancellationToken) ?? 0, // 0: not sent, the status belongs to the pull request
        };
        await _client.CreatePullRequestStatusAsync(status, _context.Project, _context.RepositoryId, _context.PullRequestId, cancellationToken: cancellationToken);
    }

    private async Task UpsertThreadAsync(string markdown, bool resolve, CancellationToken cancellationToken)
    {
        var threads = await _client.GetThreadsAsync(_context.Project, _context.RepositoryId, _context.PullRequestId, cancellationToken: cancellationToken);
        var existing = threads.FirstOrDefault(t => t.Comments?.Any(IsReport) == true);
        var content = Truncate(markdown, 150_000);
        if (existing is null)
        {
            if (resolve)
            {
                // Nothing to say on a pass with no earlier report: no new thread.
                return;
            }

            await _client.CreateThreadAsync(
                new GitPullRequestCommentThread
                {
                    Comments = new List<Comment> { new() { ParentCommentId = 0, Content = content, CommentType = CommentType.Text } },
                    Status = CommentThreadStatus.Active,
                },
                _context.Project,
                _context.RepositoryId,
                _context.PullRequestId,
                cancellationToken: cancellationToken);
            return;
        }

        var comment = existing.Comments!.First(IsReport);
        await _client.UpdateCommentAsync(new Comment { Content = content }, _context.Project, _context.RepositoryId, _context.PullRequestId, existing.Id, comment.Id, cancellationToken: cancellationToken);
        await _client.UpdateThreadAsync(new GitPullRequestCommentThread { Status = resolve ? CommentThreadStatus.Fixed : CommentThreadStatus.Active }, _context.Project, _context.RepositoryId, _context.PullRequestId, existing.Id, cancellationToken: cancellationToken);
    }

    private static bool IsReport(Comment comment) => (comment.Content ?? string.Empty).Contains(MarkdownReport.Marker, StringComparison.Ordinal);

    public static string LogIssue(string type, Finding finding)
    {
        var properties = $"type={type};code={Escape(finding.RuleId)}";
        if (finding.Path is not null)
        {
            // Escaped like the message: a ';' or ']' in a file name would end the property or the command.
            properties += $";sourcepath={Escape(finding.Path)};linenumber={finding.Line};columnnumber={finding.Column}";
        }

        return $"##vso[task.logissue {properties}]{Escape(finding.Message)}";
    }

    /// <summary>Logging-command escaping: %, CR, LF, and the brackets and semicolons of the command syntax.</summary>
    private static string Escape(string text) =>
        text.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : text[..(limit - 15)] + " …(truncated)";

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
