using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Gate;
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
        await publisher.StartAsync(cancellationToken);

        // In a pull_request run the base commit comes from the event: only the PR's own lines count.
        if (request.Base is null && request.Kind == GateCommandKind.Check && context.BaseSha is not null)
        {
            request = request with { Base = context.BaseSha };
        }

        return await CiReporting.RunAsync(request, new Reporter(publisher, context), "GitHub", cancellationToken);
    }

    private sealed class Reporter : ICiReporter
    {
        private readonly GitHubPublisher _publisher;
        private readonly GitHubContext _context;

        public Reporter(GitHubPublisher publisher, GitHubContext context)
        {
            _publisher = publisher;
            _context = context;
        }

        public IReadOnlyList<string> PublishFailures => _publisher.Failures;

        public Task FailAsync(string reason, CancellationToken cancellationToken) => _publisher.FailAsync(reason, cancellationToken);

        public Task PublishAsync(GateRequest request, GateVerdict verdict, CancellationToken cancellationToken)
        {
            var markdown = MarkdownReport.Render(verdict, fullReportPointer: _context.RunUrl is null ? null : $"Full report: the run's job summary and artifacts ({_context.RunUrl}).");
            var outputs = new Dictionary<string, string>
            {
                ["verdict"] = verdict.VerdictWord,
                ["blocking-count"] = verdict.BlockingReasons.Count.ToString(CultureInfo.InvariantCulture),
                ["report-path"] = request.MarkdownOutput ?? request.HtmlOutput ?? string.Empty,
                ["sarif-path"] = request.SarifOutput ?? string.Empty,
            };
            return _publisher.PublishAsync(verdict, markdown, request.Comment, outputs, cancellationToken);
        }
    }
}
