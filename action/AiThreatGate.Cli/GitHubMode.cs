using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Http;
using AiThreatGate.Core.Reports;
using AiThreatGate.GitHub;

namespace AiThreatGate.Cli;

/// <summary>check/release with --github: the check run brackets the evaluation, so a failure to evaluate fails the check.</summary>
public static class GitHubMode
{
    public static async Task<int> RunAsync(GateRequest request, CancellationToken cancellationToken)
    {
        GitHubContext context;
        try
        {
            context = GitHubContext.FromEnvironment();
        }
        catch (GitHubConfigurationException exception)
        {
            throw new InputException(exception.Message, exception);
        }

        using var client = new GitHubApiClient(context.ApiUrl, context.Token, RetryPolicy.FromEnvironment());
        var publisher = new GitHubPublisher(client, context, Console.Out);
        try
        {
            await publisher.StartAsync(cancellationToken);

            // In a pull_request run the base commit comes from the event: only the PR's own lines count.
            if (request.Base is null && request.Kind == GateCommandKind.Check && context.BaseSha is not null)
            {
                request = request with { Base = context.BaseSha };
            }

            (Core.Gate.GateVerdict Verdict, string RepositoryRoot)? evaluation;
            try
            {
                evaluation = await GateRunner.EvaluateAsync(request, cancellationToken);
            }
            catch (Exception exception) when (exception is InputException or FindingsInputException)
            {
                await publisher.FailAsync(Redaction.Redact(exception.Message), cancellationToken);
                throw;
            }

            if (evaluation is null)
            {
                await publisher.FailAsync($"{request.ThreatModel} has errors; fix them (run 'aithreatgate lint').", cancellationToken);
                return ExitCodes.InputError;
            }

            var verdict = evaluation.Value.Verdict;
            GateRunner.WriteReports(request, verdict);
            var markdown = MarkdownReport.Render(verdict, fullReportPointer: context.RunUrl is null ? null : $"Full report: the run's job summary and artifacts ({context.RunUrl}).");
            var outputs = new Dictionary<string, string>
            {
                ["verdict"] = verdict.VerdictWord,
                ["blocking-count"] = verdict.BlockingReasons.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["report-path"] = request.MarkdownOutput ?? request.HtmlOutput ?? string.Empty,
                ["sarif-path"] = request.SarifOutput ?? string.Empty,
            };
            await publisher.PublishAsync(verdict, markdown, request.Comment, outputs, cancellationToken);
            return request.Kind == GateCommandKind.Report || verdict.Passed ? ExitCodes.Pass : ExitCodes.Blocked;
        }
        catch (ServiceApiException exception)
        {
            throw new InputException("GitHub API: " + exception.Message, exception);
        }
    }
}
