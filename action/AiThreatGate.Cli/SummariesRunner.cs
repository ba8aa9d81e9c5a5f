using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Taint;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Cli.Scanning;

namespace AiThreatGate.Cli;

/// <summary>
/// <c>summaries</c>: writes what each project of a solution tells the projects that use it (docs/summaries.md), so that
/// a plain build and the IDE see flows across projects; with <c>--check</c>, fails when the file is not current.
/// </summary>
public static class SummariesRunner
{
    public static async Task<int> RunAsync(string? path, string? output, bool check, string? repo, CancellationToken cancellationToken)
    {
        var root = await ThreatModelLocation.ResolveRepositoryRootAsync(repo);
        var target = path ?? root;
        var file = Path.GetFullPath(output ?? Path.Combine(AnalyzerRunner.SummariesFolder(target), FlowSummaryFile.FileName));
        var clock = Stopwatch.StartNew();
        var projects = await AnalyzerRunner.LoadAsync(target, message => Console.Error.WriteLine("summaries: " + message), cancellationToken);
        var loaded = clock.Elapsed;
        var errors = CrossProjectSummaries.HandWrittenErrors(projects.Select(p => p.Project));
        if (errors.Count > 0)
        {
            throw new InputException("summaries that cannot be read (docs/summaries.md):" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        var entries = CrossProjectSummaries.Compute(projects, Path.GetDirectoryName(file)!, message => Console.Error.WriteLine("summaries: " + message), cancellationToken);

        // Said so that a slow run shows whether loading (restore, MSBuild, compile) or the summaries took the time.
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"summaries: {projects.Count} projects loaded in {loaded.TotalSeconds:0.0} s, summarized in {(clock.Elapsed - loaded).TotalSeconds:0.0} s"));
        var text = FlowSummaryFile.Write(entries);
        if (!check)
        {
            File.WriteAllText(file, text);
            Console.Error.WriteLine($"summaries: {entries.Count} entries written to {file}");
            return ExitCodes.Pass;
        }

        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"summaries: {file} does not exist; run `aithreatgate summaries` and commit it");
            return ExitCodes.Blocked;
        }

        var current = Lines(File.ReadAllText(file));
        var fresh = Lines(text);
        var missing = fresh.Except(current, StringComparer.Ordinal).ToList();
        var stale = current.Except(fresh, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && stale.Count == 0)
        {
            Console.Error.WriteLine($"summaries: {file} is current ({entries.Count} entries)");
            return ExitCodes.Pass;
        }

        Console.Error.WriteLine($"summaries: {file} is out of date ({missing.Count} missing, {stale.Count} stale); run `aithreatgate summaries` and commit it");
        foreach (var line in missing)
        {
            Console.Error.WriteLine("+ " + line);
        }

        foreach (var line in stale)
        {
            Console.Error.WriteLine("- " + line);
        }

        return ExitCodes.Blocked;
    }

    private static string[] Lines(string text) =>
        text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();
}
