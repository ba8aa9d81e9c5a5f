using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Reports;

/// <summary>
/// The Markdown report used as PR comment and job summary. It stays under <see cref="DefaultLimit"/> characters
/// (GitHub's comment and check-run limit is 65,535): finding lists are cut first, then whole sections, and a
/// pointer to the full report is added.
/// </summary>
public static class MarkdownReport
{
    public const int DefaultLimit = 65_000;

    /// <summary>A hidden marker that identifies the gate's own PR comment or thread, so it is updated rather than duplicated.</summary>
    public const string Marker = "<!-- aithreatgate:report -->";

    public static string Render(GateVerdict verdict, int limit = DefaultLimit, string? fullReportPointer = null)
    {
        // Try with generous finding lists, then shrink until it fits.
        foreach (var perList in new[] { 50, 20, 10, 5, 2, 0 })
        {
            var text = Build(verdict, perList, includeTables: true, fullReportPointer);
            if (text.Length <= limit)
            {
                return text;
            }
        }

        var minimal = Build(verdict, 0, includeTables: false, fullReportPointer);
        if (minimal.Length <= limit)
        {
            return minimal;
        }

        var note = Environment.NewLine + Environment.NewLine + "_Report truncated._ " + (fullReportPointer ?? "Run `aithreatgate report` for the full report.");
        return minimal[..Math.Max(0, limit - note.Length)] + note;
    }

    private static string Build(GateVerdict verdict, int perList, bool includeTables, string? pointer)
    {
        var model = verdict.Model;
        var md = new StringBuilder();
        md.AppendLine(Marker);
        md.AppendLine(verdict.Passed
            ? "## ✅ AiThreatGate: pass"
            : $"## ❌ AiThreatGate: blocked ({verdict.BlockingReasons.Count} {(verdict.BlockingReasons.Count == 1 ? "reason" : "reasons")})");
        md.AppendLine();
        var inChange = verdict.InChangeCount;
        md.AppendLine($"**{Escape(model.FrontMatter.SystemName ?? "AI system")}** · threat model `{Escape(System.IO.Path.GetFileName(model.FilePath))}` · " +
            $"{(verdict.Options.Mode == GateMode.Release ? "release gate" : "pull-request gate")} · block at **{Vocabulary.Name(verdict.Options.BlockPriority)}** priority and above");
        md.AppendLine();
        md.AppendLine($"{(verdict.AllFindings.Count == 1 ? "1 finding" : verdict.AllFindings.Count + " findings")}: {inChange} in this change, {verdict.PreExisting.Count} pre-existing, {verdict.Unmodeled.Count} unmodeled" +
            (verdict.NotConsidered.Count > 0 ? $", {verdict.NotConsidered.Count} not considered" : string.Empty) + " · " +
            $"{verdict.Threats.Count(t => t.Resolution.IsResolved)}/{verdict.Threats.Count} threats resolved");
        md.AppendLine();

        var truncated = false;
        if (!verdict.Passed)
        {
            md.AppendLine("### Why it is blocked");
            md.AppendLine();
            var number = 1;
            foreach (var reason in verdict.BlockingReasons)
            {
                md.AppendLine($"{number++}. **{Escape(reason.Summary)}**");
                truncated |= AppendFindings(md, reason.Findings, perList, "   ");
                md.AppendLine($"   - _To resolve:_ {Escape(reason.HowToResolve)}");
            }

            md.AppendLine();
        }

        if (verdict.Warnings.Count > 0)
        {
            md.AppendLine("### Warnings");
            md.AppendLine();
            foreach (var warning in verdict.Warnings)
            {
                md.AppendLine($"- ⚠️ {Escape(warning)}");
            }

            md.AppendLine();
        }

        if (includeTables)
        {
            var evidenced = verdict.Threats.Where(t => t.Findings.Count > 0 || t.Blocking).ToList();
            if (evidenced.Count > 0)
            {
                md.AppendLine("### Threats evidenced by this change");
                md.AppendLine();
                md.AppendLine("| Threat | Priority | Status | Resolution | Findings |");
                md.AppendLine("|---|---|---|---|---|");
                foreach (var assessment in evidenced)
                {
                    md.AppendLine($"| {(assessment.Blocking ? "❌" : "✅")} **{Escape(assessment.Threat.Id)}** {Escape(assessment.Threat.Title)} | {Vocabulary.Name(assessment.Threat.Priority)} | {Vocabulary.Name(assessment.Threat.Status)} | {Escape(assessment.Resolution.Explanation)} | {assessment.Findings.Count} |");
                }

                md.AppendLine();
            }

            var preExisting = verdict.PreExisting.ToHashSet(FindingIdentityComparer.Instance);
            var unmodeledInChange = verdict.Unmodeled.Where(f => !preExisting.Contains(f)).ToList();
            if (unmodeledInChange.Count > 0)
            {
                md.AppendLine("### Findings the threat model does not cover");
                md.AppendLine();
                truncated |= AppendFindings(md, unmodeledInChange, perList, string.Empty);
                md.AppendLine();
            }

            var unmodeledOld = verdict.Unmodeled.Where(preExisting.Contains).ToList();
            truncated |= AppendCollapsed(md, unmodeledOld, "pre-existing findings the threat model does not cover", perList);

            var unmapped = verdict.AllFindings.Where(f => f.UnmappedReason is not null).ToList();
            if (unmapped.Count > 0)
            {
                md.AppendLine("### Findings not placed in the repository (counted as part of the change)");
                md.AppendLine();
                foreach (var finding in unmapped.Take(perList))
                {
                    md.AppendLine($"- `{Escape(finding.Location)}` {finding.RuleId}: {Escape(finding.UnmappedReason!)}");
                }

                truncated |= unmapped.Count > perList;
                md.AppendLine();
            }

            truncated |= AppendCollapsed(md, verdict.NotConsidered, "results of other tools not considered (no threat's Detects names their rule or tags)", perList);
            truncated |= AppendCollapsed(md, verdict.PreExisting, "pre-existing findings (not in this change)", perList);
        }
        else
        {
            truncated = true;
        }

        if (truncated)
        {
            md.AppendLine("_Some findings are not listed here to keep this report short._ " + Escape(pointer ?? "The full report is in the job's artifacts (`aithreatgate report`)."));
        }

        return md.ToString();
    }

    /// <summary>A collapsed list ("N what" as its summary), or nothing when empty; true when the list was cut.</summary>
    private static bool AppendCollapsed(StringBuilder md, IReadOnlyList<Finding> findings, string what, int perList)
    {
        if (findings.Count == 0)
        {
            return false;
        }

        md.AppendLine($"<details><summary>{findings.Count} {what}</summary>");
        md.AppendLine();
        var truncated = AppendFindings(md, findings, perList, string.Empty);
        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();
        return truncated;
    }

    private static bool AppendFindings(StringBuilder md, IReadOnlyList<Finding> findings, int perList, string indent)
    {
        foreach (var finding in findings.Take(perList))
        {
            md.AppendLine($"{indent}- `{Escape(finding.Location)}` {finding.RuleId}: {Escape(finding.Message)}");
        }

        if (findings.Count > perList)
        {
            md.AppendLine($"{indent}- … and {findings.Count - perList} more");
            return true;
        }

        return false;
    }

    /// <summary>Keeps user text from breaking tables or opening HTML.</summary>
    public static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
