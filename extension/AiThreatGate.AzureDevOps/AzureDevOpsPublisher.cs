using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Reports;

namespace AiThreatGate.AzureDevOps;

/// <summary>
/// Reports a verdict to an Azure DevOps pull request: the status <c>aithreatgate/threat-model</c> on the latest
/// iteration (succeeded, failed, or error when the gate could not evaluate; never notApplicable, which bypasses a
/// required policy), one comment thread identified by a marker (created, then updated; resolved as fixed when the
/// gate passes), and pipeline logging commands: an issue per finding, the Markdown summary, a failed task result.
/// </summary>
public sealed class AzureDevOpsPublisher
{
    public const string Genre = "aithreatgate";
    public const string StatusName = "threat-model";

    private readonly AzureDevOpsClient _client;
    private readonly AzureDevOpsContext _context;
    private readonly TextWriter _log;

    public AzureDevOpsPublisher(AzureDevOpsClient client, AzureDevOpsContext context, TextWriter log)
    {
        _client = client;
        _context = context;
        _log = log;
    }

    public async Task PublishAsync(GateVerdict verdict, string markdown, string summaryPath, CancellationToken cancellationToken)
    {
        var preExisting = verdict.PreExisting.ToHashSet(FindingIdentityComparer.Instance);
        var blocking = verdict.BlockingReasons.SelectMany(r => r.Findings).ToHashSet(FindingIdentityComparer.Instance);
        foreach (var finding in verdict.AllFindings.Where(f => !preExisting.Contains(f)).Take(500))
        {
            _log.WriteLine(LogIssue(blocking.Contains(finding) ? "error" : "warning", finding));
        }

        await PostStatusAsync(verdict.Passed ? "succeeded" : "failed", verdict.Passed ? "AiThreatGate: pass" : $"AiThreatGate: blocked ({verdict.BlockingReasons.Count} {(verdict.BlockingReasons.Count == 1 ? "reason" : "reasons")})", cancellationToken);
        await UpsertThreadAsync(markdown, resolve: verdict.Passed, cancellationToken);
        File.WriteAllText(summaryPath, markdown);
        _log.WriteLine($"##vso[task.uploadsummary]{summaryPath}");
        if (!verdict.Passed)
        {
            _log.WriteLine("##vso[task.complete result=Failed;]AiThreatGate blocked this pull request");
        }
    }

    /// <summary>The gate could not evaluate: the status is <c>error</c> (blocks a required policy), and the task fails.</summary>
    public async Task FailAsync(string reason, CancellationToken cancellationToken)
    {
        _log.WriteLine($"##vso[task.logissue type=error]{Escape(reason)}");
        await PostStatusAsync("error", "AiThreatGate could not evaluate: " + Truncate(reason, 200), cancellationToken);
        _log.WriteLine("##vso[task.complete result=Failed;]AiThreatGate could not evaluate");
    }

    private async Task PostStatusAsync(string state, string description, CancellationToken cancellationToken)
    {
        var status = new JsonObject
        {
            ["state"] = state,
            ["description"] = Truncate(description, 400),
            ["context"] = new JsonObject { ["genre"] = Genre, ["name"] = StatusName },
        };
        if (_context.BuildUrl is not null)
        {
            status["targetUrl"] = _context.BuildUrl;
        }

        if (await _client.LatestIterationAsync(cancellationToken) is { } iteration)
        {
            status["iterationId"] = iteration;
        }

        await _client.PostStatusAsync(status, cancellationToken);
    }

    private async Task UpsertThreadAsync(string markdown, bool resolve, CancellationToken cancellationToken)
    {
        var threads = await _client.ListThreadsAsync(cancellationToken);
        var existing = threads.FirstOrDefault(t => t["comments"] is JsonArray comments
            && comments.Any(c => (c?["content"]?.GetValue<string>() ?? string.Empty).Contains(MarkdownReport.Marker, StringComparison.Ordinal)));
        var content = Truncate(markdown, 150_000);
        if (existing is null)
        {
            if (resolve)
            {
                // Nothing to say on a pass with no earlier report: no new thread.
                return;
            }

            await _client.CreateThreadAsync(new JsonObject
            {
                ["comments"] = new JsonArray(new JsonObject { ["parentCommentId"] = 0, ["content"] = content, ["commentType"] = "text" }),
                ["status"] = "active",
            }, cancellationToken);
            return;
        }

        var threadId = existing["id"]!.GetValue<int>();
        var comment = ((JsonArray)existing["comments"]!).First(c => (c?["content"]?.GetValue<string>() ?? string.Empty).Contains(MarkdownReport.Marker, StringComparison.Ordinal))!;
        await _client.UpdateCommentAsync(threadId, comment["id"]!.GetValue<int>(), content, cancellationToken);
        await _client.UpdateThreadAsync(threadId, new JsonObject { ["status"] = resolve ? "fixed" : "active" }, cancellationToken);
    }

    public static string LogIssue(string type, Finding finding)
    {
        var properties = $"type={type};code={finding.RuleId}";
        if (finding.Path is not null)
        {
            properties += $";sourcepath={finding.Path};linenumber={finding.Line};columnnumber={finding.Column}";
        }

        return $"##vso[task.logissue {properties}]{Escape(finding.Message)}";
    }

    /// <summary>Logging-command escaping: %, CR, LF, and the brackets and semicolons of the command syntax.</summary>
    private static string Escape(string text) =>
        text.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : text[..(limit - 15)] + " …(truncated)";
}
