using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers;
using AiThreatGate.Analyzers.Taint;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Taxonomy;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Suppression = AiThreatGate.Core.Findings.Suppression;

namespace AiThreatGate.Cli.Scanning;

/// <summary>
/// Runs the AiThreatGate analyzers over a solution, a project or a folder without changing the user's projects:
/// restores, loads with MSBuildWorkspace, analyzes each project with its own .editorconfig options, and returns
/// the findings with repository-relative paths and in-source suppressions.
/// </summary>
public static class AnalyzerRunner
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(RuleCatalog).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Restores and loads the C# projects of a solution, project or folder, with their compilations.</summary>
    public static async Task<IReadOnlyList<(Project Project, Compilation Compilation)>> LoadAsync(string target, Action<string> progress, CancellationToken cancellationToken) =>
        (await LoadProjectsAsync(target, progress, cancellationToken)).Projects;

    private static async Task<(IReadOnlyList<(Project Project, Compilation Compilation)> Projects, IReadOnlyList<string> LoadFailures)> LoadProjectsAsync(
        string target, Action<string> progress, CancellationToken cancellationToken)
    {
        var projects = ResolveTargets(target);
        progress($"Restoring {Path.GetFileName(projects.Entry)}");
        await RestoreAsync(projects.Entry, cancellationToken);

        MsBuildSetup.EnsureRegistered();
        using var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
#pragma warning disable CS0618 // WorkspaceFailed is the event this Roslyn version offers for load failures.
        workspace.WorkspaceFailed += (_, e) =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(e.Diagnostic.Message);
                }
            }
        };
#pragma warning restore CS0618

        var loaded = new List<Project>();
        if (projects.Entry.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || projects.Entry.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
        {
            progress($"Loading {Path.GetFileName(projects.Entry)}");
            var solution = await workspace.OpenSolutionAsync(projects.Entry, cancellationToken: cancellationToken);
            loaded.AddRange(solution.Projects);
        }
        else
        {
            foreach (var file in projects.Projects)
            {
                progress($"Loading {Path.GetFileName(file)}");
                if (workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, file, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                await workspace.OpenProjectAsync(file, cancellationToken: cancellationToken);
            }

            loaded.AddRange(workspace.CurrentSolution.Projects);
        }

        var result = new List<(Project, Compilation)>();
        foreach (var project in loaded.Where(p => p.Language == LanguageNames.CSharp))
        {
            progress($"Compiling {project.Name}");
            var compilation = await project.GetCompilationAsync(cancellationToken);
            if (compilation is not null)
            {
                result.Add((project, compilation));
            }
        }

        if (result.Count == 0)
        {
            throw new InputException($"{target}: no C# project could be loaded" + (failures.Count > 0 ? ": " + failures[0] : "."));
        }

        return (result, failures);
    }

    public static async Task<ScanResult> RunAsync(string target, string repositoryRoot, Action<string> progress, CancellationToken cancellationToken) =>
        await RunAsync(target, new RepositoryPathMapper(repositoryRoot), progress, cancellationToken);

    /// <summary>
    /// Runs the analyzers over every C# project of <paramref name="target"/>. Compile errors and projects that
    /// failed to load are returned, not dropped: the analyzers see nothing of code that does not bind, so the
    /// caller must treat them as "could not evaluate".
    /// </summary>
    public static async Task<ScanResult> RunAsync(string target, RepositoryPathMapper paths, Action<string> progress, CancellationToken cancellationToken)
    {
        var (projects, loadFailures) = await LoadProjectsAsync(target, progress, cancellationToken);
        var findings = new List<Finding>();
        // A C# project that fails to load is code the analyzers never see; another kind of project (.sqlproj,
        // .dcproj, .esproj) in the solution has no C# to analyze and is only mentioned.
        var compileErrors = loadFailures.Where(IsCSharpProjectFailure).Select(f => "project load failed: " + f).ToList();
        foreach (var other in loadFailures.Where(f => !IsCSharpProjectFailure(f)))
        {
            progress("skipped (not a C# project): " + other);
        }
        var seen = new HashSet<(string, string?, int, int)>();
        var summaries = SummariesFor(projects, target, progress, cancellationToken);
        var summariesFolder = SummariesFolder(target);
        foreach (var (project, compilation) in projects)
        {
            progress($"Analyzing {project.Name}");
            // The gate's view: no configuration can switch an AITG rule off for the change it judges.
            var withAnalyzers = UnsilencedView.Of(compilation).WithAnalyzers(
                Analyzers,
                new CompilationWithAnalyzersOptions(UnsilencedView.Of(CrossProjectSummaries.WithSummaries(project.AnalyzerOptions, summaries, summariesFolder)), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));

            // One pass gives the compiler's diagnostics and the analyzers' (the binding work is shared).
            var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken);

            // An analyzer that crashed may have missed findings: the gate cannot trust the scan, so it fails closed.
            if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash)
            {
                throw new InputException($"{project.Name}: an AiThreatGate analyzer failed ({crash.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}); the findings are incomplete, so the gate does not pass. Please report this.");
            }

            foreach (var error in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed && !d.Id.StartsWith("AITG", StringComparison.Ordinal)))
            {
                compileErrors.Add(DescribeCompileError(project, error, paths));
            }

            foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("AITG", StringComparison.Ordinal) && d.Severity != DiagnosticSeverity.Hidden))
            {
                var finding = ToFinding(diagnostic, withAnalyzers.Compilation, paths, ProjectDirectory(project));
                if (seen.Add((finding.RuleId, finding.Path, finding.Line, finding.Column)))
                {
                    findings.Add(finding);
                }
            }
        }

        var compiled = projects.SelectMany(p => p.Compilation.SyntaxTrees)
            .Where(t => !string.IsNullOrEmpty(t.FilePath))
            .Select(t => Path.GetFullPath(t.FilePath))
            .ToHashSet(StringComparer.Ordinal);
        return new ScanResult(findings, compileErrors) { CompiledFiles = compiled };
    }

    /// <summary>
    /// The summaries of every project of the scan, for the flows that cross projects (<see cref="CrossProjectSummaries"/>).
    /// Summaries the team wrote by hand that cannot be read stop the scan: a declared flow is never dropped silently.
    /// </summary>
    public static IReadOnlyList<FlowSummary> SummariesFor(IReadOnlyList<(Project Project, Compilation Compilation)> projects, string target, Action<string> progress, CancellationToken cancellationToken)
    {
        var errors = CrossProjectSummaries.HandWrittenErrors(projects.Select(p => p.Project));
        if (errors.Count > 0)
        {
            throw new InputException("summaries that cannot be read (docs/summaries.md):" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        // One project alone has no other project to tell anything.
        return projects.Count < 2 ? Array.Empty<FlowSummary>() : CrossProjectSummaries.Compute(projects, SummariesFolder(target), progress, cancellationToken);
    }

    /// <summary>The folder the summaries of a scan belong to: the solution's or the folder scanned, else the project's.</summary>
    public static string SummariesFolder(string target)
    {
        var full = Path.GetFullPath(target);
        return Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? full;
    }

    private static bool IsCSharpProjectFailure(string message) =>
        message.Contains(".csproj", StringComparison.OrdinalIgnoreCase)
        || !System.Text.RegularExpressions.Regex.IsMatch(message, @"\.(sqlproj|dcproj|esproj|vbproj|fsproj|njsproj|pyproj|wapproj|shproj|vcxproj|proj)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    /// <summary>The version of the C# compiler this CLI analyzes with (the SDK's may be newer).</summary>
    public static string CompilerVersion { get; } =
        typeof(Compilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Compilation).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static string DescribeCompileError(Project project, Diagnostic error, RepositoryPathMapper paths)
    {
        var span = SourceSpan(error.Location, ProjectDirectory(project));
        var where = error.Location.IsInSource && !string.IsNullOrEmpty(span.Path)
            ? $"{paths.MapPath(span.Path, fromAnotherMachine: false).Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}"
            : project.Name;
        return $"{where}: error {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static string? ProjectDirectory(Project project) => project.FilePath is { } file ? Path.GetDirectoryName(file) : null;

    /// <summary>
    /// Where a diagnostic is shown, as the compiler shows it: code under a <c>#line</c> directive (the Razor
    /// generator's C# for a .razor or .cshtml file) at the file and line the directive names, other code where it is.
    /// A relative directive path is taken from the project's folder; the path returned is absolute.
    /// </summary>
    internal static FileLinePositionSpan SourceSpan(Location location, string? projectDirectory)
    {
        var mapped = location.GetMappedLineSpan();
        if (mapped.IsValid && mapped.HasMappedPath && !string.IsNullOrEmpty(mapped.Path))
        {
            var path = Path.IsPathRooted(mapped.Path) || projectDirectory is null ? mapped.Path : Path.Combine(projectDirectory, mapped.Path);
            return new FileLinePositionSpan(Path.GetFullPath(path), mapped.Span);
        }

        var span = location.GetLineSpan();
        return string.IsNullOrEmpty(span.Path) ? span : new FileLinePositionSpan(Path.GetFullPath(span.Path), span.Span);
    }

    private static Finding ToFinding(Diagnostic diagnostic, Compilation compilation, RepositoryPathMapper paths, string? projectDirectory)
    {
        var span = SourceSpan(diagnostic.Location, projectDirectory);
        string? path = null;
        string? unmapped = null;
        if (diagnostic.Location.IsInSource && !string.IsNullOrEmpty(span.Path))
        {
            (path, unmapped) = paths.MapPath(span.Path, fromAnotherMachine: false);
        }

        Suppression? suppression = null;
        if (diagnostic.IsSuppressed)
        {
            suppression = new Suppression("inSource", SuppressionJustification(diagnostic, compilation));
        }

        var level = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => FindingLevel.Error,
            DiagnosticSeverity.Warning => FindingLevel.Warning,
            _ => FindingLevel.Note,
        };
        var tags = diagnostic.Descriptor.CustomTags.Where(t => t != RuleCatalog.ProductTag).ToList();
        return new Finding(diagnostic.Id, level, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, tags, suppression)
        {
            UnmappedReason = unmapped,
            RelatedLocations = RelatedLocations(diagnostic, paths, projectDirectory),
        };
    }

    // The diagnostic's additional locations (the source of a flow; for a flow across projects, the other project's
    // model call or sink, an external file location) inside the repository.
    private static IReadOnlyList<RelatedLocation> RelatedLocations(Diagnostic diagnostic, RepositoryPathMapper paths, string? projectDirectory)
    {
        var related = new List<RelatedLocation>();
        foreach (var location in diagnostic.AdditionalLocations)
        {
            if (location.Kind is not (LocationKind.SourceFile or LocationKind.ExternalFile))
            {
                continue;
            }

            var span = location.Kind == LocationKind.SourceFile ? SourceSpan(location, projectDirectory) : location.GetLineSpan();
            if (string.IsNullOrEmpty(span.Path))
            {
                continue;
            }

            var mapped = paths.MapPath(Path.GetFullPath(span.Path), fromAnotherMachine: false);
            var entry = new RelatedLocation(mapped.UnmappedReason is null ? mapped.Path : span.Path, span.StartLinePosition.Line + 1);
            if (!related.Contains(entry))
            {
                related.Add(entry);
            }
        }

        return related;
    }

    /// <summary>The justification of a [SuppressMessage], or the comment after the <c>#pragma warning disable</c> that covers the line.</summary>
    private static string SuppressionJustification(Diagnostic diagnostic, Compilation compilation)
    {
        var info = diagnostic.GetSuppressionInfo(compilation);
        var justification = info?.Attribute?.NamedArguments.FirstOrDefault(a => a.Key == "Justification").Value.Value as string;
        if (!string.IsNullOrEmpty(justification))
        {
            return justification!;
        }

        var tree = diagnostic.Location.SourceTree;
        if (tree is null)
        {
            return string.Empty;
        }

        var position = diagnostic.Location.SourceSpan.Start;
        var pragma = tree.GetRoot().DescendantTrivia()
            .Where(t => t.SpanStart < position && t.GetStructure() is PragmaWarningDirectiveTriviaSyntax directive
                && directive.DisableOrRestoreKeyword.ValueText == "disable"
                && directive.ErrorCodes.Any(c => c.ToString().Trim() == diagnostic.Id))
            .Select(t => (PragmaWarningDirectiveTriviaSyntax)t.GetStructure()!)
            .LastOrDefault();
        var comment = pragma?.EndOfDirectiveToken.LeadingTrivia.FirstOrDefault(t => t.ToString().StartsWith("//", StringComparison.Ordinal)).ToString();
        return comment?.TrimStart('/').Trim() ?? string.Empty;
    }

    private static (string Entry, IReadOnlyList<string> Projects) ResolveTargets(string target)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full))
        {
            if (full.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                return (full, new[] { full });
            }

            throw new InputException($"{target}: not a solution (.sln, .slnx) or C# project (.csproj)");
        }

        if (!Directory.Exists(full))
        {
            throw new InputException($"{target}: no such file or folder to scan");
        }

        var solutions = Directory.GetFiles(full, "*.sln").Concat(Directory.GetFiles(full, "*.slnx")).ToList();
        if (solutions.Count == 1)
        {
            return (solutions[0], solutions);
        }

        var projects = Directory.EnumerateFiles(full, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        if (projects.Count == 0)
        {
            throw new InputException($"{target}: no solution or C# project found to scan (give --sarif files instead, or point --path at a .sln or .csproj)");
        }

        return (projects[0], projects);
    }

    private static async Task RestoreAsync(string entry, CancellationToken cancellationToken)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(entry)!,
        };
        info.ArgumentList.Add("restore");
        info.ArgumentList.Add(entry);
        info.ArgumentList.Add("--verbosity");
        info.ArgumentList.Add("quiet");
        using var process = System.Diagnostics.Process.Start(info) ?? throw new InputException("could not start 'dotnet restore'");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var text = ((await output) + (await error)).Trim();
            throw new InputException($"{entry}: 'dotnet restore' failed: {FirstLines(text, 5)}");
        }
    }

    private static string FirstLines(string text, int count) => string.Join(Environment.NewLine, text.Split('\n').Take(count).Select(l => l.TrimEnd('\r')));
}
