using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using AiThreatGate.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Bench;

/// <summary>
/// Analyzer time against compile time for a whole project, in-process and on one thread, so machine noise that swamps
/// wall-clock builds matters less: the sources of a folder (the generated analyzer-overhead project, KEEP=1) plus the
/// repository's stubs, compiled and analyzed afresh for each run.
/// </summary>
internal static class ProjectAnalysisBenchmark
{
    public static void Run(string folder)
    {
        var root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(folder, "src"), "*.cs")
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "AiThreatGate.Stubs"), "*.cs"))
            .ToList();
        var texts = files.Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();
        var references = References();
        var analyzers = Environment.GetEnvironmentVariable("AITG_BENCH_NOOP") == "1"
            ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer())
            : typeof(RuleCatalog).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        var compileTimes = new List<double>();
        var analyzeTimes = new List<double>();
        var perRule = new Dictionary<string, TimeSpan>();
        var findings = 0;
        for (var run = 0; run < 4; run++)
        {
            var trees = texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, path: t.Path));
            var compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Annotations));
            var watch = Stopwatch.StartNew();
            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            compileTimes.Add(watch.Elapsed.TotalMilliseconds);
            if (errors > 0)
            {
                throw new InvalidOperationException($"{errors} compile errors, first: {compilation.GetDiagnostics().First(d => d.Severity == DiagnosticSeverity.Error)}");
            }

            var withAnalyzers = compilation.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: run == 3));
            watch.Restart();
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            analyzeTimes.Add(watch.Elapsed.TotalMilliseconds);
            findings = diagnostics.Count(d => d.Id.StartsWith("AITG", StringComparison.Ordinal));
            if (run == 3)
            {
                foreach (var analyzer in analyzers)
                {
                    perRule[analyzer.GetType().Name] = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime;
                }
            }
        }

        var compile = compileTimes.Skip(1).OrderBy(t => t).ElementAt(1);
        var analyze = analyzeTimes.Skip(1).OrderBy(t => t).ElementAt(1);
        BenchReport.Print(
            $"project analysis: {files.Count:N0} files, all AiThreatGate analyzers, one thread",
            analyzeTimes,
            $"compile (binding + diagnostics) median {compile:F0} ms; analyzers median {analyze:F0} ms ({analyze * 100 / compile:F0}% of compile); {findings:N0} findings");
        foreach (var (name, time) in perRule.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  {name}: {time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiThreatGate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }

    private static List<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var packages = new[]
        {
            typeof(OpenAI.Chat.ChatClient).Assembly.Location,
            typeof(System.ClientModel.ClientResult).Assembly.Location,
            typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location,
            typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location,
            typeof(Microsoft.Data.Sqlite.SqliteCommand).Assembly.Location,
        };
        return platform.Concat(packages).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
    }
}

/// <summary>Registers one operation action that does nothing: what any operation-based analyzer costs before doing any work.</summary>
#pragma warning disable RS1036, RS1038, RS1041, RS2008 // A measuring probe that runs in-process only, never as a compiler extension.
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NOOP001", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
    }
}
#pragma warning restore RS1036, RS1038, RS1041, RS2008
