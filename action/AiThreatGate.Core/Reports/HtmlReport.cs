using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Reports;

/// <summary>
/// The self-contained HTML release-gate review report (no scripts, no external resources): verdict, priority
/// heat map, threats by status and stage, coverage of stages and assets, closure rate, findings per threat,
/// unmodeled findings, expiring decisions, sign-offs, maturity and the data-flow diagram.
/// </summary>
public static class HtmlReport
{
    public static string Render(GateVerdict verdict)
    {
        var model = verdict.Model;
        var today = verdict.Options.Today;
        var (maturity, criteria) = Maturity.Assess(verdict);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>AiThreatGate release review: {E(model.FrontMatter.SystemName ?? "AI system")}</title><style>{Css}</style></head><body>");

        html.Append($"<header class=\"verdict {(verdict.Passed ? "pass" : "blocked")}\" id=\"verdict\"><h1>{(verdict.Passed ? "✅ Release gate: pass" : "❌ Release gate: blocked")}</h1>");
        html.Append($"<p>{E(model.FrontMatter.SystemName ?? "AI system")} · threat model <code>{E(model.FilePath)}</code> · reviewed {E(model.FrontMatter.LastReviewed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never")} · report of {today:yyyy-MM-dd}</p></header>");

        html.Append("<section class=\"cards\">");
        Card(html, "Closure rate", Maturity.ClosureRate(verdict).ToString("P0", CultureInfo.InvariantCulture), "closure");
        Card(html, "Threats", verdict.Threats.Count.ToString(CultureInfo.InvariantCulture), "threat-count");
        Card(html, "Findings", verdict.AllFindings.Count.ToString(CultureInfo.InvariantCulture), "finding-count");
        Card(html, "Unmodeled findings", verdict.Unmodeled.Count.ToString(CultureInfo.InvariantCulture), "unmodeled-count");
        Card(html, "Maturity", maturity.ToString().ToLowerInvariant(), "maturity-level");
        html.Append("</section>");

        if (!verdict.Passed)
        {
            html.Append("<section><h2>Why it is blocked</h2><ol id=\"blocking\">");
            foreach (var reason in verdict.BlockingReasons)
            {
                html.Append($"<li><strong>{E(reason.Summary)}</strong><br><em>To resolve:</em> {E(reason.HowToResolve)}");
                if (reason.Findings.Count > 0)
                {
                    html.Append("<ul>");
                    foreach (var finding in reason.Findings.Take(20))
                    {
                        html.Append($"<li><code>{E(finding.Location)}</code> {E(finding.RuleId)}: {E(finding.Message)}</li>");
                    }

                    html.Append("</ul>");
                }

                html.Append("</li>");
            }

            html.Append("</ol></section>");
        }

        HeatMap(html, verdict);
        StatusByStage(html, verdict);
        ThreatTable(html, verdict);
        Coverage(html, model);
        Unmodeled(html, verdict);
        FindingList(html, "unmapped", "Findings not placed in the repository (counted as part of the change)", verdict.AllFindings.Where(f => f.UnmappedReason is not null).ToList(), f => f.UnmappedReason!);
        FindingList(html, "not-considered", "Other tools' results not considered (no threat's Detects names their rule or tags)", verdict.NotConsidered, f => f.Message);
        Decisions(html, model, today);
        SignOffs(html, model);

        html.Append($"<section><h2>Maturity: {E(maturity.ToString().ToLowerInvariant())}</h2><table id=\"maturity\"><tr><th>Level</th><th>Criterion</th><th>Met</th></tr>");
        foreach (var criterion in criteria)
        {
            html.Append($"<tr><td>{criterion.Level.ToString().ToLowerInvariant()}</td><td>{E(criterion.Text)}</td><td class=\"{(criterion.Met ? "ok" : "no")}\">{(criterion.Met ? "yes" : "no")}</td></tr>");
        }

        html.Append("</table></section>");

        html.Append("<section><h2>Data flow</h2>");
        html.Append(DataFlowDiagram.ToSvg(model.Assets));
        html.Append("<details><summary>Mermaid source (renders on GitHub)</summary><pre>").Append(E(DataFlowDiagram.ToMermaid(model.Assets))).Append("</pre></details></section>");

        foreach (var section in model.FreeSections)
        {
            html.Append($"<section><h2>{E(section.Title)}</h2><pre class=\"free\">{E(section.Markdown)}</pre></section>");
        }

        html.Append($"<footer>AiThreatGate {E(ToolInfo.Version)}</footer></body></html>");
        return html.ToString();
    }

    private static void HeatMap(StringBuilder html, GateVerdict verdict)
    {
        string[] likelihoods = { "low", "medium", "high", "very high" };
        string[] impacts = { "low", "medium", "high", "critical" };
        html.Append("<section><h2>Priority matrix (likelihood × impact)</h2><table class=\"heatmap\" id=\"heatmap\"><tr><th>Likelihood \\ Impact</th>");
        foreach (var impact in impacts)
        {
            html.Append($"<th>{impact}</th>");
        }

        html.Append("</tr>");
        for (var l = 4; l >= 1; l--)
        {
            html.Append($"<tr><th>{likelihoods[l - 1]}</th>");
            for (var i = 1; i <= 4; i++)
            {
                var cell = verdict.Threats.Where(t => t.Threat.Likelihood == l && t.Threat.Impact == i).ToList();
                var priority = PriorityMatrix.FromLevels(l, i);
                var ids = string.Join(", ", cell.Select(t => t.Threat.Id));
                html.Append($"<td class=\"p-{Vocabulary.Name(priority)}\" data-count=\"{cell.Count}\" title=\"{E(ids)}\"><span class=\"count\">{cell.Count}</span><span class=\"ids\">{E(ids)}</span></td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
        var offMatrix = verdict.Threats.Where(t => t.Threat.Likelihood == 0 || t.Threat.Impact == 0).ToList();
        if (offMatrix.Count > 0)
        {
            html.Append($"<p class=\"note\">{offMatrix.Count} threats are rated by explicit priority or DREAD and are not on the matrix: {E(string.Join(", ", offMatrix.Select(t => $"{t.Threat.Id} ({Vocabulary.Name(t.Threat.Priority)})")))}.</p>");
        }

        html.Append("</section>");
    }

    private static void StatusByStage(StringBuilder html, GateVerdict verdict)
    {
        var statuses = Enum.GetValues<ThreatStatus>();
        html.Append("<section><h2>Threats by status and stage</h2><table id=\"status-by-stage\"><tr><th>Stage</th>");
        foreach (var status in statuses)
        {
            html.Append($"<th>{Vocabulary.Name(status)}</th>");
        }

        html.Append("</tr>");
        foreach (var stage in Vocabulary.AllStages)
        {
            html.Append($"<tr><th>{Vocabulary.Name(stage)}</th>");
            foreach (var status in statuses)
            {
                var count = verdict.Threats.Count(t => t.Threat.Stages.Contains(stage) && t.Threat.Status == status);
                html.Append($"<td>{(count == 0 ? string.Empty : count.ToString(CultureInfo.InvariantCulture))}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table></section>");
    }

    private static void ThreatTable(StringBuilder html, GateVerdict verdict)
    {
        html.Append("<section><h2>Threats and their evidence</h2><table id=\"threats\"><tr><th>ID</th><th>Threat</th><th>Stage</th><th>Priority</th><th>Status</th><th>Resolution</th><th>Findings</th></tr>");
        foreach (var t in verdict.Threats.OrderByDescending(t => t.Threat.Priority).ThenBy(t => t.Threat.Id, StringComparer.Ordinal))
        {
            var findings = t.Findings.Concat(t.PreExistingFindings).ToList();
            html.Append($"<tr class=\"{(t.Resolution.IsResolved ? "resolved" : "unresolved")}\"><td>{E(t.Threat.Id)}</td><td>{E(t.Threat.Title)}</td><td>{E(string.Join(", ", t.Threat.Stages.Select(Vocabulary.Name)))}</td>");
            html.Append($"<td class=\"p-{Vocabulary.Name(t.Threat.Priority)}\">{Vocabulary.Name(t.Threat.Priority)}</td><td>{Vocabulary.Name(t.Threat.Status)}</td><td>{E(t.Resolution.Explanation)}</td><td>{findings.Count}");
            if (findings.Count > 0)
            {
                html.Append("<ul>");
                foreach (var finding in findings.Take(10))
                {
                    html.Append($"<li><code>{E(finding.Location)}</code> {E(finding.RuleId)}</li>");
                }

                html.Append("</ul>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void Coverage(StringBuilder html, ThreatModelDocument model)
    {
        html.Append("<section><h2>Coverage</h2><table id=\"stage-coverage\"><tr><th>Lifecycle stage</th><th>Threats</th><th>Coverage</th></tr>");
        foreach (var stage in Vocabulary.AllStages)
        {
            var count = model.Threats.Count(t => t.Stages.Contains(stage));
            var exclusion = model.StageExclusions.FirstOrDefault(e => e.Stage == stage && !Vocabulary.IsEmpty(e.Reason));
            var state = count > 0 ? "covered" : exclusion is not null ? "excluded: " + exclusion.Reason : "missing";
            html.Append($"<tr><td>{Vocabulary.Name(stage)}</td><td>{count}</td><td class=\"{(count > 0 || exclusion is not null ? "ok" : "no")}\">{E(state)}</td></tr>");
        }

        html.Append("</table><table id=\"asset-coverage\"><tr><th>Asset</th><th>Kind</th><th>Threats</th></tr>");
        foreach (var asset in model.Assets)
        {
            var ids = model.Threats.Where(t => t.AssetIds.Contains(asset.Id, StringComparer.OrdinalIgnoreCase)).Select(t => t.Id).ToList();
            html.Append($"<tr><td>{E(asset.Id)} {E(asset.Name)}</td><td>{E(asset.Kind)}</td><td class=\"{(ids.Count > 0 ? "ok" : "no")}\">{(ids.Count > 0 ? E(string.Join(", ", ids)) : "none")}</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void Unmodeled(StringBuilder html, GateVerdict verdict)
    {
        html.Append($"<section><h2>Unmodeled findings ({verdict.Unmodeled.Count})</h2>");
        if (verdict.Unmodeled.Count == 0)
        {
            html.Append("<p>Every finding is covered by a threat of the model.</p></section>");
            return;
        }

        html.Append("<table id=\"unmodeled\"><tr><th>Location</th><th>Rule</th><th>Message</th></tr>");
        foreach (var finding in verdict.Unmodeled.Take(500))
        {
            html.Append($"<tr><td><code>{E(finding.Location)}</code></td><td>{E(finding.RuleId)}</td><td>{E(finding.Message)}</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void FindingList(StringBuilder html, string id, string title, IReadOnlyList<Findings.Finding> findings, Func<Findings.Finding, string> detail)
    {
        if (findings.Count == 0)
        {
            return;
        }

        html.Append($"<section><h2>{E(title)} ({findings.Count})</h2><table id=\"{id}\"><tr><th>Location</th><th>Rule</th><th>Detail</th></tr>");
        foreach (var finding in findings.Take(500))
        {
            html.Append($"<tr><td><code>{E(finding.Location)}</code></td><td>{E(finding.RuleId)}</td><td>{E(detail(finding))}</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void Decisions(StringBuilder html, ThreatModelDocument model, DateOnly today)
    {
        html.Append("<section><h2>Risk decisions</h2><table id=\"decisions\"><tr><th>Threat</th><th>Decision</th><th>Approved by</th><th>Ticket</th><th>Expires / due</th><th>State</th></tr>");
        foreach (var decision in model.Decisions.OrderBy(d => d.Due ?? DateOnly.MaxValue))
        {
            var state = decision.Due is not { } due ? "no date" : due < today ? "expired" : due <= today.AddDays(60) ? "expiring soon" : "current";
            html.Append($"<tr><td>{E(decision.ThreatId)}</td><td>{Vocabulary.Name(decision.Kind)}</td><td>{E(decision.ApprovedBy)}</td><td>{E(decision.Ticket)}</td><td>{E(decision.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty)}</td><td class=\"{(state is "expired" ? "no" : state is "expiring soon" ? "warn" : "ok")}\">{state}</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void SignOffs(StringBuilder html, ThreatModelDocument model)
    {
        html.Append("<section><h2>Sign-offs</h2><table id=\"signoffs\"><tr><th>Role</th><th>Name</th><th>Date</th></tr>");
        foreach (var signOff in model.FrontMatter.SignOffs)
        {
            html.Append($"<tr><td>{E(signOff.Role)}</td><td>{E(signOff.Name)}</td><td>{E(signOff.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated")}</td></tr>");
        }

        foreach (var role in ThreatModelLinter.RequiredSignOffRoles.Where(r => !model.FrontMatter.SignOffs.Any(s => string.Equals(s.Role, r, StringComparison.OrdinalIgnoreCase))))
        {
            html.Append($"<tr><td>{E(role)}</td><td class=\"no\" colspan=\"2\">missing</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void Card(StringBuilder html, string title, string value, string id) =>
        html.Append($"<div class=\"card\"><div class=\"label\">{E(title)}</div><div class=\"value\" id=\"{id}\">{E(value)}</div></div>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1200px;padding:0 24px 40px;color:#222}
        header.verdict{padding:16px 24px;border-radius:0 0 10px 10px;color:#fff}header.pass{background:#1f7a3a}header.blocked{background:#b3261e}
        header h1{margin:0 0 6px}section{margin-top:28px}table{border-collapse:collapse;margin:8px 0;width:100%}
        th,td{border:1px solid #ccc;padding:6px 8px;text-align:left;vertical-align:top;font-size:14px}th{background:#f3f3f3}
        .cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:8px;padding:12px 16px;min-width:150px}
        .card .label{font-size:12px;color:#666}.card .value{font-size:26px;font-weight:600}
        table.heatmap{width:auto}table.heatmap td{width:120px;height:64px;text-align:center;font-weight:600}
        table.heatmap .count{display:block;font-size:22px}table.heatmap .ids{display:block;font-size:11px;font-weight:400}
        .p-low{background:#d8f0d8}.p-medium{background:#fff3c4}.p-high{background:#ffd2a8}.p-critical{background:#f7a8a8}
        td.ok{color:#1f7a3a;font-weight:600}td.no{color:#b3261e;font-weight:600}td.warn{color:#a15c00;font-weight:600}
        tr.unresolved td:first-child{border-left:4px solid #b3261e}tr.resolved td:first-child{border-left:4px solid #1f7a3a}
        pre{background:#f7f7f7;padding:10px;overflow:auto}.note{color:#555;font-size:13px}footer{margin-top:40px;color:#888;font-size:12px}
        svg.dataflow{max-width:100%;height:auto;border:1px solid #eee}
        """;
}
