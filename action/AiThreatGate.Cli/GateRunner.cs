using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Cli.Output;
using AiThreatGate.Cli.Scanning;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Reports;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli;

public sealed record GateRequest(
    GateCommandKind Kind,
    string ThreatModel,
    string? Path,
    IReadOnlyList<string> Sarif,
    string? Base,
    string? BlockPriority,
    string? Unmodeled,
    string? Stale,
    string Format,
    string? Output,
    string? MarkdownOutput,
    string? JsonOutput,
    string? SarifOutput,
    string? HtmlOutput,
    string? Repo,
    DateOnly Today)
{
    /// <summary>Report to GitHub (check run, PR comment, job summary) from the Actions environment.</summary>
    public bool GitHub { get; init; }

    /// <summary>With <see cref="GitHub"/>: keep one sticky PR comment up to date.</summary>
    public bool Comment { get; init; } = true;

    /// <summary>Report to an Azure DevOps pull request (status, thread, logging commands) from the pipeline's variables.</summary>
    public bool AzureDevOps { get; init; }

    /// <summary>Whether the user named the threat model; otherwise it is looked up beside the analyzed path.</summary>
    public bool ThreatModelGiven { get; init; } = true;

    /// <summary><c>--path-map FROM=TO</c>: where a build's absolute paths are in this checkout.</summary>
    public IReadOnlyList<string> PathMaps { get; init; } = Array.Empty<string>();

    /// <summary><c>--allow-compile-errors</c>: evaluate what compiles, with a warning, instead of failing.</summary>
    public bool AllowCompileErrors { get; init; }
}

/// <summary>Runs check, release and report: load the model, gather findings, scope, evaluate, write reports.</summary>
public static class GateRunner
{
    public static async Task<int> RunAsync(GateRequest request, CancellationToken cancellationToken)
    {
        if (request.AzureDevOps && request.GitHub)
        {
            throw new InputException("--github and --azure-devops were both given; a run reports to one platform");
        }

        if (request.AzureDevOps)
        {
            return await AzureDevOpsMode.RunAsync(request, cancellationToken);
        }

        if (!request.GitHub)
        {
            var evaluation = await EvaluateAsync(request, cancellationToken);
            if (evaluation is null)
            {
                return ExitCodes.InputError;
            }

            WriteReports(request, evaluation.Value.Verdict);
            return request.Kind == GateCommandKind.Report || evaluation.Value.Verdict.Passed ? ExitCodes.Pass : ExitCodes.Blocked;
        }

        return await GitHubMode.RunAsync(request, cancellationToken);
    }

    /// <summary>The verdict, or null when the threat model has errors (already printed).</summary>
    public static async Task<(GateVerdict Verdict, string RepositoryRoot)?> EvaluateAsync(GateRequest request, CancellationToken cancellationToken)
    {
        var repositoryRoot = await ResolveRepositoryRootAsync(request.Repo);
        var modelPath = request.ThreatModelGiven ? ResolveModelPath(request.ThreatModel, repositoryRoot) : FindDefaultModel(request.Path, repositoryRoot);
        var taxonomy = RuleTaxonomy.Default;
        var model = ThreatModelLoader.Load(modelPath, taxonomy, request.Today);
        model = model with { FilePath = DisplayPath(modelPath, repositoryRoot) };
        foreach (var diagnostic in model.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic with { File = DisplayPath(modelPath, repositoryRoot) });
        }

        if (model.HasErrors)
        {
            Console.Error.WriteLine($"error: {DisplayPath(modelPath, repositoryRoot)} has {model.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error)} error(s); the gate cannot evaluate it and does not pass.");
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
                extraWarnings.Add($"The threat model {DisplayPath(modelPath, repositoryRoot)} does not exist at the merge base (new or moved): this change's own gate settings apply and its model edits are not compared with the base branch's.");
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

        return (verdict, repositoryRoot);
    }

    public static void WriteReports(GateRequest request, GateVerdict verdict)
    {
        var taxonomy = RuleTaxonomy.Default;
        string Render(string format) => format.ToLowerInvariant() switch
        {
            "markdown" or "md" => MarkdownReport.Render(verdict),
            "json" => JsonReport.Render(verdict),
            "sarif" => SarifReport.Render(verdict, taxonomy),
            "html" => HtmlReport.Render(verdict),
            _ => throw new InputException($"--format '{format}' is not console, markdown, json, sarif or html"),
        };

        if (request.Format.Equals("console", StringComparison.OrdinalIgnoreCase))
        {
            if (request.Output is not null)
            {
                using var writer = new StreamWriter(request.Output);
                ConsoleReport.Create(writer, redirected: true).Write(verdict);
            }
            else
            {
                ConsoleReport.Create(Console.Out, Console.IsOutputRedirected).Write(verdict);
            }
        }
        else
        {
            WriteText(request.Output, Render(request.Format));
        }

        WriteFile(request.MarkdownOutput, () => MarkdownReport.Render(verdict));
        WriteFile(request.JsonOutput, () => JsonReport.Render(verdict));
        if (request.SarifOutput is not null)
        {
            WriteStream(request.SarifOutput, stream => SarifReport.Write(stream, verdict, taxonomy));
        }
        WriteFile(request.HtmlOutput, () => HtmlReport.Render(verdict));
    }

    public static async Task<string> ResolveRepositoryRootAsync(string? repo)
    {
        if (repo is not null)
        {
            var full = Path.GetFullPath(repo);
            return Directory.Exists(full) ? full : throw new InputException($"--repo '{repo}': no such folder");
        }

        return await Git.FindRootAsync(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
    }

    private static async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Warnings, IReadOnlySet<string>? CompiledFiles)> GatherFindingsAsync(
        GateRequest request, string repositoryRoot, RepositoryPathMapper paths, RuleTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        if (request.Sarif.Count > 0)
        {
            var files = new List<string>();
            foreach (var pattern in request.Sarif.SelectMany(s => s.Split(new[] { ',', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                var matched = ExpandGlob(pattern);
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
        return (scan.Findings, CompileErrorWarnings(scan, request.AllowCompileErrors), scan.CompiledFiles);
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

    /// <summary>Compile errors stop the gate (it cannot evaluate code that does not bind) unless the user allowed them.</summary>
    public static IReadOnlyList<string> CompileErrorWarnings(ScanResult scan, bool allowCompileErrors)
    {
        if (scan.CompileErrors.Count == 0)
        {
            return Array.Empty<string>();
        }

        if (!allowCompileErrors)
        {
            throw new InputException(scan.DescribeCompileErrors());
        }

        var first = scan.CompileErrors[0];
        var warning = $"The code has {scan.CompileErrors.Count} compile error(s) (first: {first}); findings in code that does not compile may be missing (--allow-compile-errors).";
        Console.Error.WriteLine("warning: " + warning);
        return new[] { warning };
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

    /// <summary>A path, or a glob with <c>*</c>/<c>**</c>, relative to the current folder.</summary>
    public static List<string> ExpandGlob(string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return File.Exists(pattern) ? new List<string> { Path.GetFullPath(pattern) } : new List<string>();
        }

        var normalized = pattern.Replace('\\', '/');
        var firstWildcard = normalized.IndexOfAny(new[] { '*', '?' });
        var baseEnd = normalized.LastIndexOf('/', firstWildcard);
        var baseDirectory = Path.GetFullPath(baseEnd < 0 ? "." : normalized[..baseEnd]);
        if (!Directory.Exists(baseDirectory))
        {
            return new List<string>();
        }

        var relativeGlob = baseEnd < 0 ? normalized : normalized[(baseEnd + 1)..];
        return Directory.EnumerateFiles(baseDirectory, "*", SearchOption.AllDirectories)
            .Where(file => Glob.IsMatch(Path.GetRelativePath(baseDirectory, file).Replace('\\', '/'), relativeGlob))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
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

    public static string ResolveModelPath(string threatModel, string repositoryRoot)
    {
        var candidates = new[] { Path.GetFullPath(threatModel), Path.GetFullPath(Path.Combine(repositoryRoot, threatModel)) };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InputException($"{threatModel}: no such threat model (create one with 'aithreatgate init', or pass --threat-model)");
    }

    /// <summary>
    /// THREATMODEL.md beside the analyzed path or in a folder above it up to the repository root, then in the
    /// current folder: <c>aithreatgate check samples/App</c> finds <c>samples/App/THREATMODEL.md</c>.
    /// </summary>
    public static string FindDefaultModel(string? analyzedPath, string repositoryRoot)
    {
        var root = Path.GetFullPath(repositoryRoot);
        if (analyzedPath is not null)
        {
            var full = Path.GetFullPath(analyzedPath);
            var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
            while (folder is not null)
            {
                var candidate = Path.Combine(folder, Commands.DefaultThreatModel);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                if (string.Equals(Path.TrimEndingDirectorySeparator(folder), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
                {
                    break;
                }

                folder = Path.GetDirectoryName(folder);
            }
        }

        try
        {
            return ResolveModelPath(Commands.DefaultThreatModel, repositoryRoot);
        }
        catch (InputException)
        {
            var where = analyzedPath is null ? "the current folder or the repository root" : $"{ShellQuoting.Quote(analyzedPath)}, the folders above it, the current folder or the repository root";
            throw new InputException($"no {Commands.DefaultThreatModel} in {where} (create one with 'aithreatgate init', or pass --threat-model)");
        }
    }

    public static string DisplayPath(string path, string repositoryRoot)
    {
        var relative = Path.GetRelativePath(repositoryRoot, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }

    private static void WriteFile(string? path, Func<string> render)
    {
        if (path is not null)
        {
            WriteText(path, render());
        }
    }

    private static void WriteStream(string path, Action<Stream> write)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using var stream = File.Create(path);
            write(stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the report: {exception.Message}", exception);
        }
    }

    private static void WriteText(string? path, string text)
    {
        if (path is null)
        {
            Console.Out.Write(text);
            return;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the report: {exception.Message}", exception);
        }
    }
}
