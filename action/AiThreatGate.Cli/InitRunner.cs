using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Cli.Scanning;
using AiThreatGate.Core.Inventory;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli;

/// <summary><c>init</c>: scaffold a threat model from the AI assets in the code; <c>--update</c> adds newly found assets.</summary>
public static class InitRunner
{
    public static async Task<int> RunAsync(string threatModel, string? path, bool force, bool update, string? repo, DateOnly today, CancellationToken cancellationToken)
    {
        var root = await ThreatModelLocation.ResolveRepositoryRootAsync(repo);
        var target = Path.GetFullPath(threatModel);
        var exists = File.Exists(target);
        if (exists && !force && !update)
        {
            throw new InputException($"{threatModel} already exists; use --update to add newly found assets, or --force to overwrite it");
        }

        if (update && !exists)
        {
            throw new InputException($"{threatModel}: no threat model to update (run init without --update first)");
        }

        var scanTarget = path ?? root;
        var compilations = await AnalyzerRunner.LoadAsync(scanTarget, message => Console.Error.WriteLine("init: " + message), cancellationToken);
        var assets = AiInventory.Scan(compilations.Select(c => c.Compilation), root);
        Console.Error.WriteLine($"init: found {assets.Count} AI assets");

        if (update)
        {
            var text = await File.ReadAllTextAsync(target, cancellationToken);
            var existing = ThreatModelLoader.LoadText(text, threatModel, RuleTaxonomy.Default, today);
            if (existing.HasErrors)
            {
                foreach (var diagnostic in existing.Diagnostics.Where(d => d.Level == DiagnosticLevel.Error))
                {
                    Console.Error.WriteLine(diagnostic);
                }

                throw new InputException($"{threatModel} has errors; fix them before --update");
            }

            var (updated, added) = ThreatModelScaffold.Update(text, existing, assets);
            if (added > 0)
            {
                await File.WriteAllTextAsync(target, updated, cancellationToken);
            }

            Console.Out.WriteLine($"{threatModel}: {added} new asset(s) added");
            return ExitCodes.Pass;
        }

        var folder = new DirectoryInfo(Directory.Exists(scanTarget) ? scanTarget : Path.GetDirectoryName(Path.GetFullPath(scanTarget))!).Name;
        var referenced = compilations.SelectMany(c => c.Project.ProjectReferences).Select(r => r.ProjectId).ToHashSet();
        var system = SystemName.Choose(
            compilations.Select(c => c.Project.Solution.FilePath).FirstOrDefault(f => f is not null),
            compilations.Select(c => new ScannedProject(c.Project.Name, c.Project.AssemblyName, c.Project.DefaultNamespace, referenced.Contains(c.Project.Id))).ToList(),
            folder);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, ThreatModelScaffold.Create(system, assets, today), cancellationToken);
        Console.Out.WriteLine($"{threatModel}: written with {assets.Count} assets; review it, then run: aithreatgate lint {ShellQuoting.Quote(threatModel)}");
        return ExitCodes.Pass;
    }
}
