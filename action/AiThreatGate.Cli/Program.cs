using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AiThreatGate.Cli;

/// <summary>
/// <c>aithreatgate</c>: check (PR gate), release (release gate), scan (findings to SARIF), init (scaffold a threat
/// model), lint (check a threat model), report (render reports without gating). Exit codes: 0 pass, 1 blocked,
/// 2 usage or input error. Errors are one clear line on stderr, never a stack trace.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var root = Commands.Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine("error: " + error.Message);
            }

            Console.Error.WriteLine("Run 'aithreatgate --help' for usage.");
            return ExitCodes.InputError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token);
        }
        catch (InputException exception)
        {
            Console.Error.WriteLine("error: " + Redaction.Redact(exception.Message));
            return ExitCodes.InputError;
        }
        catch (Core.Findings.FindingsInputException exception)
        {
            Console.Error.WriteLine(Redaction.Redact(exception.Message));
            return ExitCodes.InputError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("error: cancelled");
            return ExitCodes.InputError;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Fail closed, without a stack trace: an unexpected failure is never a pass.
            Console.Error.WriteLine($"error: the gate could not evaluate ({exception.GetType().Name}): {Redaction.Redact(exception.Message)}");
            return ExitCodes.InputError;
        }
    }
}
