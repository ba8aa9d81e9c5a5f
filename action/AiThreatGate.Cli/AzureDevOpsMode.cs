using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.AzureDevOps;
using AiThreatGate.Core.Findings;
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
        try
        {
            if (request.Base is null && request.Kind == GateCommandKind.Check && context.BaseRef is not null)
            {
                request = request with { Base = context.BaseRef };
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
            var summaryPath = request.MarkdownOutput ?? Path.Combine(Environment.GetEnvironmentVariable("AGENT_TEMPDIRECTORY") ?? Path.GetTempPath(), "aithreatgate-summary.md");
            await publisher.PublishAsync(verdict, MarkdownReport.Render(verdict), summaryPath, cancellationToken);
            return request.Kind == GateCommandKind.Report || verdict.Passed ? ExitCodes.Pass : ExitCodes.Blocked;
        }
        catch (ServiceApiException exception)
        {
            throw new InputException("Azure DevOps API: " + exception.Message, exception);
        }
    }
}
