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
}

/// <summary>Runs check, release and report: load the model, gather findings, scope, evaluate, write reports.</summary>
public static class GateRunner
{
    public static async Task<int> RunAsync(GateRequest request, CancellationToken cancellationToken)
    {
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
        var modelPath = ResolveModelPath(request.ThreatModel, repositoryRoot);
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

        var findings = await GatherFindingsAsync(request, repositoryRoot, taxonomy, cancellationToken);
        var options = GateOptions.FromModel(model, request.Kind == GateCommandKind.Check ? GateMode.PullRequest : GateMode.Release, request.Today);
        options = ApplyOverrides(options, request);

        var git = new Git(repositoryRoot);
        if (request.Base is { } baseRef)
        {
            var mergeBase = await git.MergeBaseAsync(baseRef);
            options = options with { Changes = ChangedLines.ParseUnifiedDiff(await git.DiffAsync(mergeBase)) };
            var baseText = await git.ShowAsync(mergeBase, Path.GetRelativePath(repositoryRoot, modelPath));
            if (baseText is not null)
            {
                var baseModel = ThreatModelLoader.LoadText(baseText, modelPath, taxonomy, request.Today);
                if (!baseModel.HasErrors)
                {
                    options = options with { BaseModel = baseModel };
                }
            }
        }

        if (options.Mode == GateMode.Release)
        {
            options = options with { ModelLastChanged = await git.LastChangeAsync(Path.GetRelativePath(repositoryRoot, modelPath)) };
        }

        return (GateEngine.Evaluate(model, findings, options), repositoryRoot);
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
                ConsoleReport.Write(ConsoleReport.Create(writer, redirected: true), verdict);
            }
            else
            {
                ConsoleReport.Write(ConsoleReport.Create(Console.Out, Console.IsOutputRedirected), verdict);
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

    private static async Task<IReadOnlyList<Finding>> GatherFindingsAsync(GateRequest request, string repositoryRoot, RuleTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        if (request.Sarif.Count > 0)
        {
            var files = new List<string>();
            foreach (var pattern in request.Sarif.SelectMany(s => s.Split(new[] { ',', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                var matched = ExpandGlob(pattern);
                if (matched.Count == 0)
                {
                    throw new InputException($"--sarif '{pattern}' matches no file (the gate does not pass on missing findings)");
                }

                files.AddRange(matched);
            }

            return SarifFindingsReader.Read(files.Distinct(StringComparer.Ordinal), repositoryRoot, taxonomy);
        }

        var target = request.Path ?? repositoryRoot;
        return await AnalyzerRunner.RunAsync(target, repositoryRoot, message => Console.Error.WriteLine("scan: " + message), cancellationToken);
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
