using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli.Reporting;

/// <summary>
/// The terminal rendering of a verdict: verdict line, blocking reasons, evidenced threats, the findings no threat
/// covers, warnings. Plain lines that are never wrapped (a CI log viewer wraps, and a hard wrap splits messages
/// mid-sentence), never boxed (box borders break on wide CJK characters), colour only on a terminal without
/// NO_COLOR, and every list capped so that a huge model cannot flood the log: the JSON report has everything.
/// </summary>
public sealed class ConsoleReport
{
    /// <summary>The most items of one list printed; the rest are counted.</summary>
    public const int ListLimit = 50;

    /// <summary>The longest cell text printed; longer text is cut with an ellipsis.</summary>
    public const int TextLimit = 300;

    private readonly TextWriter _writer;
    private readonly bool _color;

    private ConsoleReport(TextWriter writer, bool color)
    {
        _writer = writer;
        _color = color;
    }

    public static ConsoleReport Create(TextWriter writer, bool redirected) =>
        new(writer, !redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public void Write(GateVerdict verdict)
    {
        var model = verdict.Model;
        var title = verdict.Passed
            ? Paint("PASS", "1;32")
            : Paint($"BLOCKED ({verdict.BlockingReasons.Count} {(verdict.BlockingReasons.Count == 1 ? "reason" : "reasons")})", "1;31");
        var mode = verdict.Options.Mode == GateMode.Release ? "release gate" : "pull-request gate";
        _writer.WriteLine($"AiThreatGate: {title}");
        _writer.WriteLine($"{Clip(model.FrontMatter.SystemName ?? "AI system")} · {model.FilePath} · {mode} · block at {Vocabulary.Name(verdict.Options.BlockPriority)}+");
        _writer.WriteLine(
            $"{Plural(verdict.AllFindings.Count, "finding")} ({verdict.InChangeCount} in this change, {verdict.PreExisting.Count} pre-existing, {verdict.Unmodeled.Count} unmodeled"
            + (verdict.NotConsidered.Count > 0 ? $", {verdict.NotConsidered.Count} not considered" : string.Empty)
            + $") · {verdict.Threats.Count(t => t.Resolution.IsResolved)}/{verdict.Threats.Count} threats resolved");
        _writer.WriteLine();

        var number = 1;
        foreach (var reason in verdict.BlockingReasons.Take(ListLimit))
        {
            _writer.WriteLine($"{Paint(number++ + ".", "31")} {Clip(reason.Summary)}");
            WriteFindings(reason.Findings, "   ", 20);
            _writer.WriteLine($"   To resolve: {Clip(reason.HowToResolve)}");
        }

        More(verdict.BlockingReasons.Count, string.Empty, "blocking reasons");

        var evidenced = verdict.Threats.Where(t => t.Findings.Count > 0 || t.PreExistingFindings.Count > 0).ToList();
        if (evidenced.Count > 0)
        {
            _writer.WriteLine();
            _writer.WriteLine("Threats with findings (in this change/pre-existing):");
            foreach (var t in evidenced.Take(ListLimit))
            {
                _writer.WriteLine($"  {t.Threat.Id} {Clip(t.Threat.Title)} · {Vocabulary.Name(t.Threat.Priority)} · {Vocabulary.Name(t.Threat.Status)} · {Clip(t.Resolution.Explanation)} · {t.Findings.Count}/{t.PreExistingFindings.Count}");
            }

            More(evidenced.Count, "  ", "threats");
        }

        Section("Findings no threat of the model covers (unmodeled)", verdict.Unmodeled, f => string.Empty);
        Section("Findings not placed in the repository (counted as part of the change)", verdict.AllFindings.Where(f => f.UnmappedReason is not null).ToList(), f => "    why: " + f.UnmappedReason);
        Section("Not considered: other tools' results that no threat's Detects names", verdict.NotConsidered, f => string.Empty);

        if (verdict.Warnings.Count > 0)
        {
            _writer.WriteLine();
        }

        foreach (var warning in verdict.Warnings.Take(ListLimit))
        {
            _writer.WriteLine($"{Paint("warning:", "33")} {Clip(warning)}");
        }

        More(verdict.Warnings.Count, string.Empty, "warnings");
    }

    private void Section(string heading, IReadOnlyList<Finding> findings, Func<Finding, string> detail)
    {
        if (findings.Count == 0)
        {
            return;
        }

        _writer.WriteLine();
        _writer.WriteLine($"{heading}: {findings.Count}");
        foreach (var finding in findings.Take(ListLimit))
        {
            _writer.WriteLine($"  {finding.Location}  {finding.RuleId}: {Clip(finding.Message)}");
            var extra = detail(finding);
            if (extra.Length > 0)
            {
                _writer.WriteLine(Clip(extra));
            }
        }

        More(findings.Count, "  ", "findings");
    }

    private void WriteFindings(IReadOnlyList<Finding> findings, string indent, int limit)
    {
        foreach (var finding in findings.Take(limit))
        {
            _writer.WriteLine($"{indent}{finding.Location}  {finding.RuleId}: {Clip(finding.Message)}");
        }

        if (findings.Count > limit)
        {
            _writer.WriteLine($"{indent}… and {findings.Count - limit} more (the JSON report lists all)");
        }
    }

    private void More(int count, string indent, string noun)
    {
        if (count > ListLimit)
        {
            _writer.WriteLine($"{indent}… and {count - ListLimit} more {noun} (the JSON report lists all)");
        }
    }

    private string Paint(string text, string sgr) => _color ? $"\u001b[{sgr}m{text}\u001b[0m" : text;

    /// <summary>One line of at most <see cref="TextLimit"/> characters: user text may hold line breaks or be huge.</summary>
    private static string Clip(string text)
    {
        var line = text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        if (line.Length <= TextLimit)
        {
            return line;
        }

        var cut = char.IsHighSurrogate(line[TextLimit - 2]) ? TextLimit - 2 : TextLimit - 1;
        return line[..cut] + "…";
    }
}
