using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AiThreatGate.Bench;

/// <summary>
/// What the IDE computes after an edit, per document: the project is opened as a workspace and compiled once (warm);
/// then, for each document in turn, one character is typed at its end, which gives a new compilation of the project
/// (as every edit does), the compiler's own diagnostics of the document are computed (the IDE asks for them anyway),
/// and the time taken is that of the analyzers' syntax and semantic diagnostics of that document on the new
/// compilation — the compilation-start work the rules redo for each new compilation included. The same is measured
/// with a probe analyzer that registers one semantic-model action and does nothing (the analyzer driver's own floor),
/// so the difference is AiThreatGate's own latency.
/// </summary>
internal static class IdeLatencyBenchmark
{
    public static async Task RunAsync(string folder, int maxDocuments)
    {
        var root = BenchCompilation.RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(folder, "src"), "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var references = BenchCompilation.References();
        references.Add(BenchCompilation.StubsReference(root, references));

        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Bench",
            "Bench",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Annotations),
            metadataReferences: references));
        var documents = new List<DocumentId>();
        foreach (var file in files)
        {
            var id = DocumentId.CreateNewId(projectId, Path.GetFileName(file));
            solution = solution.AddDocument(id, Path.GetFileName(file), SourceText.From(File.ReadAllText(file)), filePath: file);
            documents.Add(id);
        }

        // Warm: the whole project compiled and analyzed once, so the JIT and the trees' syntax caches are warm, as in
        // an IDE that has had the solution open for a while.
        var rules = typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var probe = ImmutableArray.Create<DiagnosticAnalyzer>(ProbeAnalyzer.Create("model")!);
        var project = solution.GetProject(projectId)!;
        var warm = (await project.GetCompilationAsync())!;
        var errors = warm.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0)
        {
            throw new InvalidOperationException($"{errors} compile errors in the benchmark project");
        }

        var findings = (await warm.WithAnalyzers(rules).GetAnalyzerDiagnosticsAsync()).Length;

        // Every document, or an even sample of them, always including the AI-related ones (the generator's Ai files).
        var step = Math.Max(1, documents.Count / Math.Max(1, maxDocuments));
        var measured = documents.Where((id, i) => i % step == 0 || solution.GetDocument(id)!.Name.Contains("Ai", StringComparison.Ordinal)).ToList();

        var aitg = new List<double>();
        var floor = new List<double>();
        foreach (var id in measured)
        {
            // Alternate the order of the two measurements so that drift hits both alike.
            if (aitg.Count % 2 == 0)
            {
                aitg.Add(await AfterEditAsync(solution, id, rules));
                floor.Add(await AfterEditAsync(solution, id, probe));
            }
            else
            {
                floor.Add(await AfterEditAsync(solution, id, probe));
                aitg.Add(await AfterEditAsync(solution, id, rules));
            }
        }

        // The AI-heavy document: the AI-related file with the most text, one character typed, ten times.
        var heavy = measured.Where(id => solution.GetDocument(id)!.Name.Contains("Ai", StringComparison.Ordinal))
            .OrderByDescending(id => solution.GetDocument(id)!.GetTextAsync().Result.Length).FirstOrDefault() ?? measured[0];
        var heavyTimes = new List<double>();
        var heavyFloor = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            heavyTimes.Add(await AfterEditAsync(solution, heavy, rules));
            heavyFloor.Add(await AfterEditAsync(solution, heavy, probe));
        }

        var own = aitg.Zip(floor, (a, f) => a - f).ToList();
        Console.WriteLine($"ide: {documents.Count:N0} documents, {measured.Count:N0} measured, {findings} findings on the warm project");
        Console.WriteLine($"ide: p50={Percentile(aitg, 50):F1} ms p95={Percentile(aitg, 95):F1} ms max={aitg.Max():F1} ms docs={aitg.Count}");
        Console.WriteLine($"ide floor (no-op analyzer): p50={Percentile(floor, 50):F1} ms p95={Percentile(floor, 95):F1} ms max={floor.Max():F1} ms");
        Console.WriteLine($"ide AiThreatGate's own (paired difference): p50={Percentile(own, 50):F1} ms p95={Percentile(own, 95):F1} ms max={own.Max():F1} ms");
        Console.WriteLine($"ide AI-heavy document {solution.GetDocument(heavy)!.Name} after a one-character edit: median {BenchReport.Median(heavyTimes):F1} ms "
            + $"(min {heavyTimes.Min():F1}, max {heavyTimes.Max():F1}); no-op analyzer median {BenchReport.Median(heavyFloor):F1} ms");
    }

    // One character typed at the end of the document: a new compilation; the compiler's diagnostics of the document
    // (untimed), then the analyzers' diagnostics of that document (timed).
    private static async Task<double> AfterEditAsync(Solution solution, DocumentId id, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var document = solution.GetDocument(id)!;
        var text = await document.GetTextAsync();
        var edited = solution.WithDocumentText(id, text.WithChanges(new TextChange(new TextSpan(text.Length, 0), " ")));
        var editedDocument = edited.GetDocument(id)!;
        var compilation = (await editedDocument.Project.GetCompilationAsync())!;
        var model = (await editedDocument.GetSemanticModelAsync())!;
        _ = model.GetDiagnostics();
        var tree = (await editedDocument.GetSyntaxTreeAsync())!;

        var watch = Stopwatch.StartNew();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        _ = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None);
        _ = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
