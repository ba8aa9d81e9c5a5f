using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Cli.Scanning;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli.Evaluation;

/// <summary>
/// The evaluation of check, release and report: load the threat model, gather findings (the scan, or SARIF files),
/// scope them to the change and the base branch's model, apply the command line's overrides, and evaluate.
/// </summary>
public static class GateEvaluation
{
    /// <summary>The verdict, or null when the threat model has errors (already printed).</summary>
    public static async Task<GateVerdict?> EvaluateAsync(GateRequest request, CancellationToken cancellationToken)
    {
        var repositoryRoot = await ThreatModelLocation.ResolveRepositoryRootAsync(request.Repo);
        var modelPath = request.ThreatModelGiven ? ThreatModelLocation.ResolveModelPath(request.ThreatModel, repositoryRoot) : ThreatModelLocation.FindDefaultModel(request.Path, repositoryRoot);
        var taxonomy = RuleTaxonomy.Default;
        var model = ThreatModelLoader.Load(modelPath, taxonomy, request.Today);
        model = model with { FilePath = ThreatModelLocation.DisplayPath(modelPath, repositoryRoot) };
        foreach (var diagnostic in model.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic with { File = ThreatModelLocation.DisplayPath(modelPath, repositoryRoot) });
        }

        if (model.HasErrors)
        {
            Console.Error.WriteLine($"error: {ThreatModelLocation.DisplayPath(modelPath, repositoryRoot)} has {model.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error)} error(s); the gate cannot evaluate it and does not pass.");
            return null;
        }

        var git = new Git(repositoryRoot);
        var gitRoot = await Git.FindRootAsync(repositoryRoot);
        var paths = new RepositoryPathMapper(
            repositoryRoot,
            gitRoot is null ? null : FilesUnderRoot(await git.TrackedFilesAsync(), gitRoot, repositoryRoot),
            ParsePathMaps(request.PathMaps),
            gitRoot is null ? null : FilesUnderRoot(await git.UntrackedFilesAsync(), gitRoot, repositoryRoot));
        var (findings, scanWarnings, compiledFiles) = await GatherFindingsAsync(request, repositoryRoot, paths, taxonomy, cancellationToken);
        var mode = request.Kind == GateCommandKind.Check ? GateMode.PullRequest : GateMode.Release;
        var options = GateOptions.FromModel(model, mode, request.Today);
        var extraWarnings = new List<string>(scanWarnings);

        if (request.Base is { } baseRef)
        {
            var mergeBase = await git.MergeBaseAsync(baseRef);
            var changes = ChangedLines.ParseUnifiedDiff(await git.DiffAsync(mergeBase));
            changes.AddFilesWithoutLines(await git.ChangedFilesAsync(mergeBase));

            // New files not yet committed are all new lines; without them a local run would call their findings old.
            foreach (var untracked in await git.UntrackedFilesAsync())
            {
                changes.AddWholeFile(untracked);
            }

            ChangedMembers.Widen(changes, gitRoot ?? repositoryRoot);

            options = options with { Changes = changes.WithinFolder(FolderInRepository(gitRoot, repositoryRoot)) };
            if (compiledFiles is not null)
            {
                extraWarnings.AddRange(UncompiledChanges(changes, gitRoot ?? repositoryRoot, request.Path ?? repositoryRoot, compiledFiles));
            }
            var modelInRepository = Path.GetRelativePath(gitRoot ?? repositoryRoot, modelPath);
            var baseText = modelInRepository.StartsWith("..", StringComparison.Ordinal) ? null : await git.ShowAsync(mergeBase, modelInRepository);
            if (baseText is null)
            {
                extraWarnings.Add($"The threat model {ThreatModelLocation.DisplayPath(modelPath, repositoryRoot)} does not exist at the merge base (new or moved): this change's own gate settings apply and its model edits are not compared with the base branch's.");
            }
            else
            {
                var baseModel = ThreatModelLoader.LoadText(baseText, modelPath, taxonomy, request.Today);
                if (baseModel.HasErrors)
                {
                    extraWarnings.Add($"The threat model at the merge base has errors: this change's own gate settings apply and its model edits are not compared with the base branch's.");
                }
                else
                {
                    // The change is judged by the base branch's gate settings where it relaxes them.
                    options = options.AtLeastAsStrictAs(GateOptions.FromModel(baseModel, mode, request.Today), extraWarnings) with { BaseModel = baseModel };
                }
            }
        }

        options = ApplyOverrides(options, request);

        if (options.Mode == GateMode.Release)
        {
            options = options with { ModelLastChanged = await git.LastChangeAsync(Path.GetRelativePath(repositoryRoot, modelPath)) };
        }

        var verdict = GateEngine.Evaluate(model, findings, options);
        if (extraWarnings.Count > 0)
        {
            verdict = verdict with { Warnings = extraWarnings.Concat(verdict.Warnings).ToList() };
        }

        return verdict;
    }

    private static async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Warnings, IReadOnlySet<string>? CompiledFiles)> GatherFindingsAsync(
        GateRequest request, string repositoryRoot, RepositoryPathMapper paths, RuleTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        if (request.Sarif.Count > 0)
        {
            var files = new List<string>();
            foreach (var pattern in request.Sarif.SelectMany(s => s.Split(new[] { ',', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                var matched = FileGlob.Expand(pattern);
                if (matched.Count == 0)
                {
                    throw new InputException(Directory.Exists(pattern)
                        ? $"--sarif '{pattern}' is a folder; give the SARIF files or a glob such as '{pattern.TrimEnd('/', '\\')}/**/*.sarif'"
                        : $"--sarif '{pattern}' matches no file (the gate does not pass on missing findings)");
                }

                files.AddRange(matched);
            }

            if (files.Count == 0)
            {
                // "--sarif ''" or a CI variable that expanded to separators only: reading nothing is not a clean result.
                throw new InputException("--sarif names no file (it is empty or only separators); the gate does not pass on missing findings");
            }

            return (SarifFindingsReader.Read(files.Distinct(StringComparer.Ordinal), paths, taxonomy), Array.Empty<string>(), null);
        }

        var target = request.Path ?? repositoryRoot;
        var scan = await AnalyzerRunner.RunAsync(target, paths, message => Console.Error.WriteLine("scan: " + message), cancellationToken);
        return (scan.Findings, CompileErrors.Check(scan, request.AllowCompileErrors), scan.CompiledFiles);
    }

    /// <summary>
    /// Changed C# files under the analyzed path that no scanned project compiles (another solution, <c>Compile
    /// Remove</c>): the analyzers never saw them, so the report says so rather than implying they are clean.
    /// </summary>
    private static IEnumerable<string> UncompiledChanges(ChangedLines changes, string gitRoot, string analyzed, IReadOnlySet<string> compiled)
    {
        var full = Path.GetFullPath(analyzed);
        var scope = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        var missed = changes.Files
            .Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetFullPath(Path.Combine(gitRoot, f)))
            .Where(f => f.StartsWith(Path.TrimEndingDirectorySeparator(scope) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(f) && !compiled.Contains(f))
            .Select(f => Path.GetRelativePath(gitRoot, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (missed.Count > 0)
        {
            yield return $"{missed.Count} changed C# file(s) are in no project the scan compiled, so they were not analyzed: {string.Join(", ", missed.Take(10))}{(missed.Count > 10 ? ", …" : string.Empty)}.";
        }
    }

    /// <summary>Git's files relative to <paramref name="repositoryRoot"/> (which may be a folder inside the git repository).</summary>
    private static IReadOnlyList<string> FilesUnderRoot(IReadOnlyList<string> files, string gitRoot, string repositoryRoot)
    {
        var prefix = FolderInRepository(gitRoot, repositoryRoot);
        return prefix.Length == 0
            ? files
            : files.Where(f => f.StartsWith(prefix + "/", StringComparison.Ordinal)).Select(f => f[(prefix.Length + 1)..]).ToList();
    }

    /// <summary>Where the gate's root is inside the git repository ("" for the top level).</summary>
    private static string FolderInRepository(string? gitRoot, string repositoryRoot)
    {
        if (gitRoot is null)
        {
            return string.Empty;
        }

        var relative = Path.GetRelativePath(Path.GetFullPath(gitRoot), Path.GetFullPath(repositoryRoot)).Replace('\\', '/');
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) ? string.Empty : relative;
    }

    private static IReadOnlyList<PathMapping> ParsePathMaps(IReadOnlyList<string> maps)
    {
        try
        {
            return maps.Select(PathMapping.Parse).ToList();
        }
        catch (FormatException exception)
        {
            throw new InputException(exception.Message, exception);
        }
    }

    private static GateOptions ApplyOverrides(GateOptions options, GateRequest request)
    {
        if (request.BlockPriority is { } priorityText)
        {
            options = Vocabulary.TryParsePriority(priorityText, out var priority)
                ? options with { BlockPriority = priority }
                : throw new InputException($"--block-priority '{priorityText}' is not low, medium, high or critical");
        }

        if (request.Unmodeled is { } unmodeled)
        {
            options = unmodeled is "block" or "warn" ? options with { UnmodeledBlocks = unmodeled == "block" } : throw new InputException($"--unmodeled '{unmodeled}' is not block or warn");
        }

        if (request.Stale is { } stale)
        {
            options = stale is "block" or "warn" ? options with { StaleBlocks = stale == "block" } : throw new InputException($"--stale '{stale}' is not block or warn");
        }

        return options;
    }
}
