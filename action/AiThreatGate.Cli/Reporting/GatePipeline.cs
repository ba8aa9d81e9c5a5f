using System;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Http;
using AiThreatGate.Core.Publishing;

namespace AiThreatGate.Cli.Reporting;

/// <summary>
/// check, release and report, in one order whatever the platform: start the platform's record of the run, evaluate,
/// write the reports, publish. Whatever stops the evaluation is published as a failure before the exit code 2, so the
/// gate never passes by accident; a verdict that did not fully reach the platform fails the run too.
/// </summary>
public static class GatePipeline
{
    public static async Task<int> RunAsync(GateRequest request, CancellationToken cancellationToken)
    {
        using var publisher = Publishers.Create(request);
        try
        {
            await publisher.StartAsync(cancellationToken);
            if (request.Base is null && request.Kind == GateCommandKind.Check && publisher.PullRequestBase is { } pullRequestBase)
            {
                request = request with { Base = pullRequestBase };
            }

            GateVerdict verdict;
            try
            {
                var evaluated = await GateEvaluation.EvaluateAsync(request, cancellationToken);
                if (evaluated is null)
                {
                    await publisher.FailAsync($"{request.ThreatModel} has errors; fix them (run: aithreatgate lint {ShellQuoting.Quote(request.ThreatModel)}).", CancellationToken.None);
                    return ExitCodes.InputError;
                }

                // The verdict reaches the log (console report) and the report files before anything is sent to a service.
                verdict = evaluated;
                ReportWriter.Write(request, verdict);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException and not ServiceApiException)
            {
                // Whatever stops the evaluation (bad input, a crash, cancellation) fails the check or status with the
                // reason, so that an earlier success on the pull request is not left standing.
                var reason = exception is InputException or FindingsInputException
                    ? exception.Message
                    : exception is OperationCanceledException ? "cancelled" : $"the gate could not evaluate ({exception.GetType().Name}): {exception.Message}";
                await publisher.FailAsync(Redaction.Redact(reason), CancellationToken.None);
                throw;
            }

            await publisher.PublishAsync(verdict, new WrittenReports(request.MarkdownOutput, request.HtmlOutput, request.SarifOutput, request.Comment), cancellationToken);
            if (publisher.Failures.Count > 0)
            {
                foreach (var failure in publisher.Failures)
                {
                    Console.Error.WriteLine("error: " + Redaction.Redact(failure));
                }

                Console.Error.WriteLine($"error: the verdict ({verdict.VerdictWord}) is in this log, the job summary and the step outputs, but {publisher.PlatformName} did not receive all of it; the gate does not pass.");
                return ExitCodes.InputError;
            }

            return request.Kind == GateCommandKind.Report || verdict.Passed ? ExitCodes.Pass : ExitCodes.Blocked;
        }
        catch (ServiceApiException exception)
        {
            throw new InputException(publisher.PlatformName + " API: " + exception.Message, exception);
        }
    }
}
