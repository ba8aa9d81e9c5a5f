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
/// real SDK packages and the repository's stubs of unserved ones, compiled and analyzed afresh for each run.
/// </summary>
internal static class ProjectAnalysisBenchmark
{
    private const int Runs = 10;

    public static void Run(string folder)
    {
        var root = BenchCompilation.RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(folder, "src"), "*.cs").ToList();
        var texts = files.Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();

        // The real SDK packages, and the stubs of the unserved ones referenced as an assembly, like packages.
        var references = BenchCompilation.References();
        references.Add(BenchCompilation.StubsReference(root, references));
        var probe = Environment.GetEnvironmentVariable("AITG_BENCH_NOOP");
        var analyzers = ProbeAnalyzer.Create(probe) is { } probeAnalyzer
            ? ImmutableArray.Create<DiagnosticAnalyzer>(probeAnalyzer)
            : typeof(RuleCatalog).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .Where(t => Environment.GetEnvironmentVariable("AITG_BENCH_ONLY") is not { Length: > 0 } only || only.Split(',').Contains(t.Name))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        var compileTimes = new List<double>();
        var analyzeTimes = new List<double>();
        var compileCpu = new List<double>();
        var analyzeCpu = new List<double>();
        var findings = 0;
        for (var run = 0; run < Runs; run++)
        {
            // Two fresh compilations of the same sources: one compiled alone, one compiled with the analyzers attached
            // (compiler and analyzers share one set of compilation events, as in a command-line build), timed in
            // alternating order after a full collection, so drift and garbage hit both alike.
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Annotations);
            var compilation = CSharpCompilation.Create("Bench", texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, path: t.Path)), references, options);
            var analyzed = CSharpCompilation.Create("Bench", texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, path: t.Path)), references, options);
            var withAnalyzers = analyzed.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
            ImmutableArray<Diagnostic> diagnostics = default;
            var errors = 0;
            void CompileAlone()
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                compileTimes.Add(watch.Elapsed.TotalMilliseconds);
                compileCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }

            void CompileWithAnalyzers()
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                diagnostics = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
                analyzeTimes.Add(watch.Elapsed.TotalMilliseconds);
                analyzeCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }

            if (run % 2 == 0)
            {
                CompileAlone();
                CompileWithAnalyzers();
            }
            else
            {
                CompileWithAnalyzers();
                CompileAlone();
            }

            if (errors > 0)
            {
                throw new InvalidOperationException($"{errors} compile errors, first: {compilation.GetDiagnostics().First(d => d.Severity == DiagnosticSeverity.Error)}");
            }

            findings = diagnostics.Count(d => d.Id.StartsWith("AITG", StringComparison.Ordinal));
        }

        // The first two runs warm the JIT up; the minimum is the run least disturbed by the rest of the machine.
        var compile = BenchReport.Median(compileTimes.Skip(2));
        var analyze = BenchReport.Median(analyzeTimes.Skip(2));
        var compileMin = compileTimes.Skip(2).Min();
        var analyzeMin = analyzeTimes.Skip(2).Min();
        BenchReport.Print(
            $"project analysis: {files.Count:N0} files, all AiThreatGate analyzers, one thread",
            analyzeTimes,
            $"compile alone median {compile:F0} ms (min {compileMin:F0}); compile with analyzers median {analyze:F0} ms (min {analyzeMin:F0}); "
            + $"overhead median +{(analyze - compile) * 100 / compile:F1}%, min to min +{(analyzeMin - compileMin) * 100 / compileMin:F1}%; {findings:N0} findings"
            + Environment.NewLine + $"  CPU time: compile alone median {BenchReport.Median(compileCpu.Skip(2)):F0} ms, with analyzers median {BenchReport.Median(analyzeCpu.Skip(2)):F0} ms "
            + $"(+{(BenchReport.Median(analyzeCpu.Skip(2)) - BenchReport.Median(compileCpu.Skip(2))) * 100 / BenchReport.Median(compileCpu.Skip(2)):F1}%)");
    }
}

/// <summary>
/// An analyzer that registers one kind of action and does nothing in it: what the compiler's analyzer driver costs
/// before any rule logic runs. <c>symbol</c> is the floor of any analyzer; <c>model</c> is a semantic-model action per
/// tree (how AiThreatGate's rules are driven); <c>operation</c> is one operation action, which makes the compiler build
/// an operation tree for every method body.
/// </summary>
#pragma warning disable RS1036, RS1038, RS1041, RS2008 // A measuring probe that runs in-process only, never as a compiler extension.
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ProbeAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("PROBE001", "Probe", "Probe", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    private readonly Action<AnalysisContext> _register;

    private ProbeAnalyzer(Action<AnalysisContext> register) => _register = register;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <summary>The probe named by <c>AITG_BENCH_NOOP</c>, or null to run the real rules.</summary>
    public static ProbeAnalyzer? Create(string? kind) => kind switch
    {
        "1" or "operation" => new ProbeAnalyzer(context => context.RegisterOperationAction(_ => { }, OperationKind.Invocation)),
        "model" => new ProbeAnalyzer(context => context.RegisterSemanticModelAction(_ => { })),
        "symbol" => new ProbeAnalyzer(context => context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType)),
        _ => null,
    };

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        _register(context);
    }
}
#pragma warning restore RS1036, RS1038, RS1041, RS2008
