using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Cli.Scanning;
using AiThreatGate.Core.Reports;
using AiThreatGate.Core.Taxonomy;

namespace AiThreatGate.Cli;

/// <summary><c>scan</c>: findings only, as SARIF 2.1.</summary>
public static class ScanRunner
{
    public static async Task<int> RunAsync(string? path, string? output, string? repo, bool allowCompileErrors, CancellationToken cancellationToken)
    {
        var root = await ThreatModelLocation.ResolveRepositoryRootAsync(repo);
        var scan = await AnalyzerRunner.RunAsync(path ?? root, root, message => Console.Error.WriteLine("scan: " + message), cancellationToken);
        CompileErrors.Check(scan, allowCompileErrors);
        var findings = scan.Findings;
        var sarif = SarifReport.RenderFindings(findings, RuleTaxonomy.Default);
        if (output is null)
        {
            Console.Out.Write(sarif);
        }
        else
        {
            File.WriteAllText(output, sarif);
            Console.Error.WriteLine($"scan: {findings.Count} findings written to {output}");
        }

        return ExitCodes.Pass;
    }
}
