using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.AzureDevOps;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Http;
using AiThreatGate.Core.Reports;

namespace AiThreatGate.Cli;

/// <summary>check/release with --azure-devops: the PR status is <c>error</c> when the gate cannot evaluate, so it never passes by accident.</summary>
public static class AzureDevOpsMode
{
    public static async Task<int> RunAsync(GateRequest request, CancellationToken cancellationToken)
    {
        AzureDevOpsContext context;
        try
        {
            context = AzureDevOpsContext.FromEnvironment();
        }
        catch (AzureDevOpsConfigurationException exception)
        {
            Console.Out.WriteLine("##vso[task.complete result=Failed;]" + exception.Message);
            throw new InputException(exception.Message, exception);
        }

        using var client = new AzureDevOpsClient(context, RetryPolicy.FromEnvironment());
        var publisher = new AzureDevOpsPublisher(client, context, Console.Out);
        await publisher.StartAsync(cancellationToken);
        if (request.Base is null && request.Kind == GateCommandKind.Check && context.BaseRef is not null)
        {
            request = request with { Base = context.BaseRef };
        }

        return await CiReporting.RunAsync(request, new Reporter(publisher), "Azure DevOps", cancellationToken);
    }

    private sealed class Reporter : ICiReporter
    {
        private readonly AzureDevOpsPublisher _publisher;

        public Reporter(AzureDevOpsPublisher publisher) => _publisher = publisher;

        public IReadOnlyList<string> PublishFailures => _publisher.Failures;

        public Task FailAsync(string reason, CancellationToken cancellationToken) => _publisher.FailAsync(reason, cancellationToken);

        public Task PublishAsync(GateRequest request, GateVerdict verdict, CancellationToken cancellationToken)
        {
            var summaryPath = request.MarkdownOutput ?? Path.Combine(Environment.GetEnvironmentVariable("AGENT_TEMPDIRECTORY") ?? Path.GetTempPath(), "aithreatgate-summary.md");
            return _publisher.PublishAsync(verdict, MarkdownReport.Render(verdict), summaryPath, cancellationToken);
        }
    }
}
