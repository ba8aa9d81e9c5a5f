using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Cli.Scanning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Bench.PeerScan;

/// <summary>
/// Runs a project's own analyzers (the peers, which run.sh --peers adds to the benchmark copy through
/// .aitg/peers.targets) on the compilations `aithreatgate scan` would analyze, and writes their results as SARIF 2.1.
/// The compiler skips analyzers on a project that fails declaration binding; this tool does not, so a peer is judged on
/// the same code as AiThreatGate. Only analyzer diagnostics are written (compiler errors are counted, not reported).
/// Usage: peer-scan PROJECT OUTPUT.sarif
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // peer-scan PROJECT OUTPUT.sarif [--scs-config FILE OUTPUT2.sarif]...: each extra pair analyzes the same loaded
        // compilations again with Security Code Scan's configuration file replaced (its audit mode), so that both
        // modes cost one restore and one load.
        if (args.Length < 2 || (args.Length - 2) % 3 != 0)
        {
            Console.Error.WriteLine("usage: peer-scan PROJECT OUTPUT.sarif [--scs-config FILE OUTPUT2.sarif]...");
            return 2;
        }

        var target = Path.GetFullPath(args[0]);
        var runs = new List<(string? Config, string Output)> { (null, Path.GetFullPath(args[1])) };
        for (var i = 2; i < args.Length; i += 3)
        {
            if (args[i] != "--scs-config")
            {
                Console.Error.WriteLine($"unknown option {args[i]}");
                return 2;
            }

            runs.Add((Path.GetFullPath(args[i + 1]), Path.GetFullPath(args[i + 2])));
        }

        var projects = await AnalyzerRunner.LoadAsync(target, message => Console.Error.WriteLine(message), CancellationToken.None);
        foreach (var (config, output) in runs)
        {
            await AnalyzeAsync(projects, config, output);
        }

        return 0;
    }

    private static async Task AnalyzeAsync(IReadOnlyList<(Project Project, Compilation Compilation)> projects, string? scsConfig, string output)
    {
        var results = new List<object>();
        var seen = new HashSet<(string, string, int, int)>();
        var ran = new List<string>();
        var compileErrors = 0;
        foreach (var (project, compilation) in projects)
        {
            // Each analyzer assembly in its own load context with its folder's dependencies: this tool's own YamlDotNet
            // (from the CLI) must not replace the one Security Code Scan ships.
            var references = project.AnalyzerReferences
                .Select(reference => reference is AnalyzerFileReference file ? new AnalyzerFileReference(file.FullPath, IsolatedAnalyzerLoader.Instance) : reference)
                .ToList();
            var analyzers = references
                .SelectMany(reference => reference.GetAnalyzers(LanguageNames.CSharp))
                .ToImmutableArray();
            foreach (var reference in references)
            {
                if (reference is AnalyzerFileReference file)
                {
                    file.AnalyzerLoadFailed += (_, e) => Console.Error.WriteLine($"peer-scan: {Path.GetFileName(file.FullPath)}: {e.Message}");
                }

                Console.Error.WriteLine($"peer-scan: {project.Name}: analyzer {reference.Display}: {reference.GetAnalyzers(LanguageNames.CSharp).Length} analyzers");
            }

            compileErrors += compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            if (analyzers.IsEmpty)
            {
                continue;
            }

            ran.Add(project.Name);
            var analyzerOptions = project.AnalyzerOptions;
            if (scsConfig is not null)
            {
                var others = analyzerOptions.AdditionalFiles.Where(f => !f.Path.EndsWith("SecurityCodeScan.config.yml", StringComparison.OrdinalIgnoreCase));
                analyzerOptions = new AnalyzerOptions(others.Append(new FileText(scsConfig)).ToImmutableArray(), analyzerOptions.AnalyzerConfigOptionsProvider);
            }

            var withAnalyzers = compilation.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(analyzerOptions, null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            foreach (var group in diagnostics.GroupBy(d => d.Id.Substring(0, Math.Min(3, d.Id.Length)) + "/" + d.Severity + (d.IsSuppressed ? "/suppressed" : string.Empty)))
            {
                Console.Error.WriteLine($"peer-scan: {project.Name}: {group.Key}: {group.Count()}");
                if (group.Key.StartsWith("AD0", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine("  " + group.First().GetMessage(CultureInfo.InvariantCulture));
                }
            }

            foreach (var diagnostic in diagnostics)
            {
                // As a build reports them: what the project's configuration hides or suppresses is not a result.
                if (diagnostic.Severity == DiagnosticSeverity.Hidden || diagnostic.IsSuppressed || !diagnostic.Location.IsInSource)
                {
                    continue;
                }

                var span = AnalyzerRunnerSpan(diagnostic.Location, project.FilePath);
                if (!seen.Add((diagnostic.Id, span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character)))
                {
                    continue;
                }

                results.Add(new
                {
                    ruleId = diagnostic.Id,
                    level = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : diagnostic.Severity == DiagnosticSeverity.Warning ? "warning" : "note",
                    message = new { text = diagnostic.GetMessage(CultureInfo.InvariantCulture) },
                    locations = new[]
                    {
                        new
                        {
                            physicalLocation = new
                            {
                                artifactLocation = new { uri = new Uri(span.Path).AbsoluteUri },
                                region = new { startLine = span.StartLinePosition.Line + 1, startColumn = span.StartLinePosition.Character + 1 },
                            },
                        },
                    },
                });
            }
        }

        var sarif = new Dictionary<string, object>
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new[] { new { tool = new { driver = new { name = "peer-scan" } }, results } },
        };
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(sarif));
        Console.Error.WriteLine($"peer-scan: {Path.GetFileName(output)}: {results.Count} results from {ran.Count} of {projects.Count} projects with analyzers; compile errors: {compileErrors}");
    }

    // The location as the compiler shows it, as the scan maps it: code under a #line directive (Razor's generated C#)
    // at the file the directive names (relative to the project's folder), other code where it is.
    private static FileLinePositionSpan AnalyzerRunnerSpan(Location location, string? projectFile)
    {
        var mapped = location.GetMappedLineSpan();
        if (mapped.IsValid && mapped.HasMappedPath && !string.IsNullOrEmpty(mapped.Path))
        {
            var folder = projectFile is null ? null : Path.GetDirectoryName(projectFile);
            var path = Path.IsPathRooted(mapped.Path) || folder is null ? mapped.Path : Path.Combine(folder, mapped.Path);
            return new FileLinePositionSpan(Path.GetFullPath(path), mapped.Span);
        }

        var span = location.GetLineSpan();
        return new FileLinePositionSpan(Path.GetFullPath(span.Path), span.Span);
    }
}

/// <summary>Loads each analyzer assembly into a load context of its folder, so its dependencies come from beside it.</summary>
internal sealed class IsolatedAnalyzerLoader : IAnalyzerAssemblyLoader
{
    public static IsolatedAnalyzerLoader Instance { get; } = new();

    private readonly Dictionary<string, FolderLoadContext> _contexts = new(StringComparer.Ordinal);

    public void AddDependencyLocation(string fullPath)
    {
    }

    public System.Reflection.Assembly LoadFromPath(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        FolderLoadContext context;
        lock (_contexts)
        {
            if (!_contexts.TryGetValue(folder, out context!))
            {
                context = new FolderLoadContext(folder);
                _contexts.Add(folder, context);
            }
        }

        return context.LoadFromAssemblyPath(fullPath);
    }

    private sealed class FolderLoadContext : System.Runtime.Loader.AssemblyLoadContext
    {
        private readonly string _folder;

        public FolderLoadContext(string folder)
            : base("peer:" + folder) => _folder = folder;

        // Roslyn itself is shared with the host (the analyzers must see the same Compilation types); everything else
        // the analyzer ships beside itself is its own.
        protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName name)
        {
            if (name.Name is null || name.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.Name.StartsWith("System.", StringComparison.Ordinal))
            {
                return null;
            }

            var candidate = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}

/// <summary>A file on disk as an additional file of the analyzers.</summary>
internal sealed class FileText : AdditionalText
{
    public FileText(string path) => Path = path;

    public override string Path { get; }

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(Path));
}
