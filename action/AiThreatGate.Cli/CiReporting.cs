using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Http;

namespace AiThreatGate.Cli;

/// <summary>Where a CI run reports: GitHub (check run, comment) or Azure DevOps (PR status, thread).</summary>
public interface ICiReporter
{
    /// <summary>The gate could not evaluate: report a failure (never a pass) with the reason.</summary>
    Task FailAsync(string reason, CancellationToken cancellationToken);

    Task PublishAsync(GateRequest request, GateVerdict verdict, CancellationToken cancellationToken);

    /// <summary>What could not be published (each API error named precisely); empty when everything reached the service.</summary>
    IReadOnlyList<string> PublishFailures { get; }
}

/// <summary>The evaluation both CI modes share: a failure to evaluate is reported as a failure before the exit code 2.</summary>
public static class CiReporting
{
    public static async Task<int> RunAsync(GateRequest request, ICiReporter reporter, string serviceName, CancellationToken cancellationToken)
    {
        try
        {
            (GateVerdict Verdict, string RepositoryRoot)? evaluation;
            GateVerdict verdict;
            try
            {
                evaluation = await GateRunner.EvaluateAsync(request, cancellationToken);
                if (evaluation is null)
                {
                    await reporter.FailAsync($"{request.ThreatModel} has errors; fix them (run: aithreatgate lint {ShellQuoting.Quote(request.ThreatModel)}).", CancellationToken.None);
                    return ExitCodes.InputError;
                }

                // The verdict reaches the log (console report) before anything is sent to the service.
                verdict = evaluation.Value.Verdict;
                GateRunner.WriteReports(request, verdict);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException and not ServiceApiException)
            {
                // Whatever stops the evaluation (bad input, a crash, cancellation) fails the check or status with
                // the reason, so that an earlier success on the pull request is not left standing.
                var reason = exception is InputException or FindingsInputException
                    ? exception.Message
                    : exception is OperationCanceledException ? "cancelled" : $"the gate could not evaluate ({exception.GetType().Name}): {exception.Message}";
                await reporter.FailAsync(Redaction.Redact(reason), CancellationToken.None);
                throw;
            }

            await reporter.PublishAsync(request, verdict, cancellationToken);
            if (reporter.PublishFailures.Count > 0)
            {
                foreach (var failure in reporter.PublishFailures)
                {
                    Console.Error.WriteLine("error: " + Redaction.Redact(failure));
                }

                Console.Error.WriteLine($"error: the verdict ({verdict.VerdictWord}) is in this log, the job summary and the step outputs, but {serviceName} did not receive all of it; the gate does not pass.");
                return ExitCodes.InputError;
            }

            return request.Kind == GateCommandKind.Report || verdict.Passed ? ExitCodes.Pass : ExitCodes.Blocked;
        }
        catch (ServiceApiException exception)
        {
            throw new InputException(serviceName + " API: " + exception.Message, exception);
        }
    }
}
