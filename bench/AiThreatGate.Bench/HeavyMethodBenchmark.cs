using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using AiThreatGate.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Bench;

/// <summary>
/// Per-file analysis time of a heavy method: one file with one method of <c>sinks</c> rounds of "call the model,
/// fold the answer into an accumulator, send it to SQL, a process, a file path and a system prompt". Every sink's
/// taint search walks an accumulator assigned once per round, which is the engine's worst shape (it is bounded by
/// the walk budget). Compares the analyzers' time with the compiler's own time for the same file.
/// </summary>
internal static class HeavyMethodBenchmark
{
    public static void Run(int sinks)
    {
        var source = Generate(sinks);
        var tree = CSharpSyntaxTree.ParseText(source, path: "Heavy.cs");
        var compilation = CSharpCompilation.Create("Heavy", new[] { tree }, BenchCompilation.References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated file does not compile: " + string.Join(Environment.NewLine, errors.Take(5)));
        }

        var analyzers = typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var compileTimes = new List<double>();
        var analyzeTimes = new List<double>();
        ImmutableArray<Diagnostic> findings = default;
        Dictionary<string, TimeSpan> perRule = new();
        for (var run = 0; run < 6; run++)
        {
            // A fresh compilation each run: analyzers cache per compilation, and the IDE analyzes a changed file afresh.
            var fresh = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, path: "Heavy.cs"));
            var watch = Stopwatch.StartNew();
            fresh.GetDiagnostics();
            compileTimes.Add(watch.Elapsed.TotalMilliseconds);

            var withAnalyzers = fresh.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            watch.Restart();
            findings = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            analyzeTimes.Add(watch.Elapsed.TotalMilliseconds);
            if (run == 5)
            {
                foreach (var analyzer in analyzers)
                {
                    perRule[analyzer.GetType().Name] = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime;
                }
            }
        }

        // The first run warms up the JIT; it is reported but not part of the median.
        BenchReport.Print(
            $"heavy method: {sinks:N0} rounds ({source.Split('\n').Length:N0} lines, {sinks * 4:N0} sinks), all AiThreatGate analyzers",
            analyzeTimes,
            $"compiler alone (same file): median {BenchReport.Median(compileTimes.Skip(1)):F0} ms; analyzers median {BenchReport.Median(analyzeTimes.Skip(1)):F0} ms; {findings.Length:N0} findings; AD0001: {findings.Count(d => d.Id == "AD0001")}");
        foreach (var (name, time) in perRule.OrderByDescending(p => p.Value).Take(8))
        {
            Console.WriteLine($"  {name}: {time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms");
        }
    }

    private static string Generate(int sinks)
    {
        var text = new StringBuilder("""
            using System.Data;
            using System.Diagnostics;
            using System.IO;
            using System.Threading.Tasks;
            using OpenAI.Chat;

            public sealed class Heavy
            {
                public async Task Run(ChatClient chat, IDbCommand command, string question)
                {
                    var accumulator = "";

            """);
        for (var i = 0; i < sinks; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                        ChatCompletion completion{i} = await chat.CompleteChatAsync("Step {i}: " + question);
                        var text{i} = completion{i}.Content[0].Text.Trim() + accumulator;
                        accumulator = text{i}.Substring(0, 10);
                        command.CommandText = "SELECT * FROM T WHERE c = '" + text{i} + "'";
                        Process.Start("tool", text{i});
                        File.WriteAllText(Path.Combine("out", text{i}), accumulator);
                        var message{i} = new SystemChatMessage("Context: " + accumulator);

                """);
        }

        text.Append("    }\n}\n");
        return text.ToString();
    }
}
