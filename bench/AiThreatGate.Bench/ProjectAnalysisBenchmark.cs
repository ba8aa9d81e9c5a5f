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
    private const int Runs = 10;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static void Run(string folder)
    {
        var root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(folder, "src"), "*.cs").ToList();
        var texts = files.Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();

        // The stubbed SDKs are referenced as an assembly, like the packages they stand for.
        var references = References();
        references.Add(StubsReference(root, references));
        var probe = Environment.GetEnvironmentVariable("AITG_BENCH_NOOP");
        var analyzers = probe is "1" or "operation" ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer())
            : probe == "codeblock" ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpCodeBlockAnalyzer())
            : probe == "tree" ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpTreeAnalyzer())
            : probe == "model21" ? Enumerable.Range(0, 21).Select(_ => (DiagnosticAnalyzer)new NoOpSemanticModelAnalyzer()).ToImmutableArray()
            : probe == "model1" ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpSemanticModelAnalyzer())
            : probe == "symbol" ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpSymbolAnalyzer())
            : typeof(RuleCatalog).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .Where(t => Environment.GetEnvironmentVariable("AITG_BENCH_ONLY") is not { Length: > 0 } only || only.Split(',').Contains(t.Name))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        var compileTimes = new List<double>();
        var analyzeTimes = new List<double>();
        var compileCpu = new List<double>();
        var analyzeCpu = new List<double>();
        var perRule = new Dictionary<string, TimeSpan>();
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
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: run == Runs - 1));
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
            if (run == Runs - 1)
            {
                foreach (var analyzer in analyzers)
                {
                    perRule[analyzer.GetType().Name] = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime;
                }
            }
        }

        // The first two runs warm the JIT up; the minimum is the run least disturbed by the rest of the machine.
        var compile = Median(compileTimes.Skip(2));
        var analyze = Median(analyzeTimes.Skip(2));
        var compileMin = compileTimes.Skip(2).Min();
        var analyzeMin = analyzeTimes.Skip(2).Min();
        BenchReport.Print(
            $"project analysis: {files.Count:N0} files, all AiThreatGate analyzers, one thread",
            analyzeTimes,
            $"compile alone median {compile:F0} ms (min {compileMin:F0}); compile with analyzers median {analyze:F0} ms (min {analyzeMin:F0}); "
            + $"overhead median +{(analyze - compile) * 100 / compile:F1}%, min to min +{(analyzeMin - compileMin) * 100 / compileMin:F1}%; {findings:N0} findings"
            + Environment.NewLine + $"  CPU time: compile alone median {Median(compileCpu.Skip(2)):F0} ms, with analyzers median {Median(analyzeCpu.Skip(2)):F0} ms "
            + $"(+{(Median(analyzeCpu.Skip(2)) - Median(compileCpu.Skip(2))) * 100 / Median(compileCpu.Skip(2)):F1}%)");
        foreach (var (name, time) in perRule.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  {name}: {time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms");
        }
    }

    private static MetadataReference StubsReference(string root, List<MetadataReference> references)
    {
        var stubs = Directory.GetFiles(Path.Combine(root, "tests", "AiThreatGate.Stubs"), "*.cs")
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f));
        var compilation = CSharpCompilation.Create(
            "AiThreatGate.Stubs",
            stubs,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Annotations));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("The stubs do not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
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

/// <summary>Registers one code block action that reads the block's identifiers: what a syntax-first analyzer costs before binding anything.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpCodeBlockAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NOOP002", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCodeBlockAction(block =>
        {
            foreach (var token in block.CodeBlock.DescendantTokens())
            {
                if (token.ValueText == "NeverUsedName")
                {
                    block.ReportDiagnostic(Diagnostic.Create(Rule, token.GetLocation()));
                }
            }
        });
    }
}

/// <summary>Registers one symbol action that does nothing: the driver's floor for any analyzer.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpSymbolAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NOOP003", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType);
    }
}

/// <summary>Registers one semantic model action that reads every identifier of the tree: the cost of a syntax-first prefilter.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpTreeAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NOOP004", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "NeverUsedName", "CompleteChat", "Kernel" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSemanticModelAction(model =>
        {
            var hits = 0;
            foreach (var token in model.SemanticModel.SyntaxTree.GetRoot(model.CancellationToken).DescendantTokens())
            {
                if (token.RawKind == (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken && Names.Contains(token.ValueText))
                {
                    hits++;
                }
            }

            if (hits < 0)
            {
                model.ReportDiagnostic(Diagnostic.Create(Rule, Location.None));
            }
        });
    }
}

/// <summary>Registers one semantic model action that does nothing: the driver's cost per analyzer and tree.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpSemanticModelAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NOOP005", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSemanticModelAction(_ => { });
    }
}
#pragma warning restore RS1036, RS1038, RS1041, RS2008
