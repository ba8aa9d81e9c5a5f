using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using AiThreatGate.Bench;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Reports;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

// Re-runnable benchmarks of the gate engine and the threat-model parser. Each scenario runs in its own process
// (so peak memory is the scenario's own) and prints wall time per run and the process's peak working set.
//   dotnet run -c Release --project bench/AiThreatGate.Bench -- gate        (100,000 findings × 1,000 threats: decision + PR comment)
//   dotnet run -c Release --project bench/AiThreatGate.Bench -- gate-sarif  (the same, plus the enriched SARIF written to a file)
//   dotnet run -c Release --project bench/AiThreatGate.Bench -- parse   (a 50 MB threat model)
//   dotnet run -c Release --project bench/AiThreatGate.Bench -- analyzer-heavy [ROUNDS]  (per-file analysis time of one heavy method)
//   dotnet run -c Release --project bench/AiThreatGate.Bench -- analyzer-project DIR    (analyzer vs compile time of a generated project, one thread)
//   dotnet run -c Release --project bench/AiThreatGate.Bench -- ide [DIR] [DOCS]  (per-document analyzer latency after a one-character edit;
//                                                                             DIR defaults to a freshly generated analyzer-overhead project)
var scenario = args.Length > 0 ? args[0] : "gate";
var today = new DateOnly(2026, 11, 22);
switch (scenario)
{
    case "gate":
        Gate(today, withSarif: false);
        break;
    case "gate-sarif":
        Gate(today, withSarif: true);
        break;
    case "parse":
        Parse(today);
        break;
    case "analyzer-project":
        AiThreatGate.Bench.ProjectAnalysisBenchmark.Run(args[1]);
        break;
    case "ide":
        AiThreatGate.Bench.IdeLatencyBenchmark.RunAsync(
            args.Length > 1 ? args[1] : GenerateProject(),
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue).GetAwaiter().GetResult();
        break;
    case "analyzer-heavy":
        AiThreatGate.Bench.HeavyMethodBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 250);
        break;
    default:
        Console.Error.WriteLine("usage: AiThreatGate.Bench gate|gate-sarif|parse|analyzer-heavy [ROUNDS]|analyzer-project DIR|ide [DIR] [DOCS]");
        return 2;
}

return 0;

static void Gate(DateOnly today, bool withSarif)
{
    var taxonomy = RuleTaxonomy.Default;
    var model = ThreatModelLoader.LoadText(BuildModel(1_000, rowsOfText: 0), "THREATMODEL.md", taxonomy, today);
    if (model.HasErrors)
    {
        throw new InvalidOperationException(string.Join(Environment.NewLine, model.Diagnostics.Where(d => d.Level == DiagnosticLevel.Error)));
    }

    var rules = taxonomy.Rules;
    var random = new Random(42);
    var findings = new List<Finding>(100_000);
    for (var i = 0; i < 100_000; i++)
    {
        var rule = rules[random.Next(rules.Count)];
        var level = rule.DefaultSeverity == "error" ? FindingLevel.Error : FindingLevel.Warning;
        findings.Add(new Finding(rule.Id, level, rule.Title, $"src/Module{i % 500}/File{i % 4000}.cs", 1 + (i % 900), 5, rule.Tags, null));
    }

    var changes = ChangedLines.ParseUnifiedDiff(string.Join('\n', Enumerable.Range(0, 4000).Select(f => $"+++ b/src/Module{f % 500}/File{f}.cs\n@@ -1,0 +1,100 @@")));
    var options = GateOptions.FromModel(model, GateMode.PullRequest, today) with { Changes = changes };

    // Warm-up, then measured runs: evaluation plus the Markdown and SARIF reports a PR run writes.
    GateEngine.Evaluate(model, findings, options);
    var times = new List<double>();
    GateVerdict? verdict = null;
    var split = new List<string>();
    for (var run = 0; run < 5; run++)
    {
        var watch = Stopwatch.StartNew();
        verdict = GateEngine.Evaluate(model, findings, options);
        var evaluated = watch.Elapsed.TotalMilliseconds;
        var markdown = MarkdownReport.Render(verdict);
        var rendered = watch.Elapsed.TotalMilliseconds;
        var sarifLength = 1L;
        if (withSarif)
        {
            using var sink = new System.IO.FileStream(System.IO.Path.GetTempFileName(), System.IO.FileMode.Create, System.IO.FileAccess.Write, System.IO.FileShare.None, 1 << 16, System.IO.FileOptions.DeleteOnClose);
            SarifReport.Write(sink, verdict, taxonomy);
            sarifLength = sink.Length;
        }

        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        split.Add($"evaluate {evaluated:F0} + markdown {rendered - evaluated:F0} + sarif {watch.Elapsed.TotalMilliseconds - rendered:F0}");
        if (markdown.Length == 0 || sarifLength == 0)
        {
            throw new InvalidOperationException("empty report");
        }
    }

    Console.WriteLine("  " + string.Join(Environment.NewLine + "  ", split));

    BenchReport.Print($"gate: 100,000 findings x 1,000 threats (evaluate + Markdown{(withSarif ? " + SARIF file" : string.Empty)})", times, $"verdict {verdict!.VerdictWord}, {verdict.BlockingReasons.Count} reasons, {verdict.PreExisting.Count} pre-existing");
}

static void Parse(DateOnly today)
{
    var text = BuildModel(60_000, rowsOfText: 400);
    Console.WriteLine($"document: {text.Length / 1_000_000.0:F1} MB, {text.Count(c => c == '\n'):N0} lines");
    var times = new List<double>();
    ThreatModelDocument? model = null;
    for (var run = 0; run < 3; run++)
    {
        var watch = Stopwatch.StartNew();
        model = ThreatModelLoader.LoadText(text, "THREATMODEL.md", RuleTaxonomy.Default, today);
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    BenchReport.Print("parse + lint: 50 MB threat model", times, $"{model!.Threats.Count:N0} threats, {model.Diagnostics.Count:N0} diagnostics; first: {model.Diagnostics.FirstOrDefault()}");
}

static string BuildModel(int threats, int rowsOfText)
{
    var text = new StringBuilder();
    text.AppendLine("---\nthreat-model: 1\nsystem: Bench\nlast-reviewed: 2026-11-01\nreview-every-days: 90\nsign-off:\n  - role: ml\n    name: A\n    date: 2026-11-01\n  - role: security\n    name: B\n    date: 2026-11-01\n---");
    text.AppendLine("# Bench\n\n## Threats\n");
    text.AppendLine("| ID | Threat | Stage | Category | Likelihood | Impact | Status | Controls | Owner | Detects | Notes |");
    text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
    string[] statuses = { "open", "mitigated", "in-progress", "eliminated" };
    string[] stages = { "data-collection", "training", "model-storage", "inference", "post-deployment" };
    // Realistic Detects: a rule or tag scoped to one module's folder, and a few repository-wide entries.
    string[] rules = { "AITG001", "AITG002", "AITG003", "AITG004", "AITG005", "AITG006", "AITG025", "CWE-502", "AML.T0010" };
    var filler = new string('x', rowsOfText);
    for (var i = 0; i < threats; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $"| TM-{i:00000} | Threat number {i} | {stages[i % 5]} | T | {1 + i % 4} | {1 + (i / 4) % 4} | {statuses[i % 4]} | control {i} | owner | {rules[i % rules.Length]}{(i % 100 == 0 ? string.Empty : $" @ src/Module{i % 500}/**")} | {filler} |\n");
    }

    text.AppendLine("\n## Abuse scenarios\n");
    while (text.Length < rowsOfText * 125_000)
    {
        text.AppendLine("Free text that the parser keeps but does not interpret. " + filler);
    }

    return text.ToString();
}

// The analyzer-overhead benchmark's generated project (2,000 files, 5% of them calling AI APIs), in a new temporary folder.
static string GenerateProject()
{
    var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aitg-ide-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    var script = System.IO.Path.Combine(AiThreatGate.Bench.BenchCompilation.RepositoryRoot(), "bench", "analyzer-overhead", "generate.py");
    using var python = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { script, folder, "2000" }, RedirectStandardOutput = true })
        ?? throw new InvalidOperationException("python3 is needed to generate the benchmark project");
    python.StandardOutput.ReadToEnd();
    python.WaitForExit();
    if (python.ExitCode != 0)
    {
        throw new InvalidOperationException("generate.py failed with exit code " + python.ExitCode.ToString(CultureInfo.InvariantCulture));
    }

    return folder;
}
