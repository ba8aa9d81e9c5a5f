using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AiThreatGate.Core.Reports;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Inventory;

/// <summary>
/// Writes a minimum viable threat model from the assets found in code: the assets table (with file references),
/// for each asset the canonical threats of its stage as open rows with Detects pre-filled and scoped to the asset's
/// files, and a data-flow diagram of the uses found in the code. <see cref="Update"/>
/// adds rows for newly found assets to an existing model by inserting lines only, so every existing byte stays.
/// </summary>
public static class ThreatModelScaffold
{
    private sealed record Template(string Title, string Stages, string Category, string Likelihood, string Impact, string Detects);

    private static readonly Dictionary<string, Template[]> Templates = new(StringComparer.Ordinal)
    {
        ["dataset"] = new[]
        {
            new Template("Poisoned or tampered training data: {0}", "data-collection, training", "poisoning, T", "medium", "high", "AITG006, LLM04"),
            new Template("Training data disclosed or inferred from the model: {0}", "training", "inversion, I", "low", "high", "-"),
        },
        ["model-weights"] = new[]
        {
            new Template("Tampered or backdoored model is loaded: {0}", "model-storage", "supply-chain, T", "medium", "high", "AITG002, AITG003, AITG005"),
            new Template("Model file deserialization runs attacker code: {0}", "model-storage", "supply-chain, E", "low", "critical", "AITG001, AITG004"),
            new Template("Model stolen or extracted through its outputs: {0}", "post-deployment", "extraction, I", "low", "medium", "-"),
            new Template("Crafted inputs evade the model: {0}", "inference", "evasion", "medium", "medium", "-"),
        },
        ["connector"] = new[]
        {
            new Template("Credential for {0} leaks", "inference", "S, I", "medium", "high", "AITG025"),
            new Template("Output of {0} reaches a dangerous sink unvalidated", "inference", "output-handling", "medium", "high", "LLM05"),
            new Template("Unbounded consumption of {0}", "inference, post-deployment", "unbounded-consumption, D", "medium", "medium", "LLM10"),
        },
        ["tool"] = new[]
        {
            new Template("Model invokes a tool with side effects on its own: {0}", "inference", "excessive-agency, E", "medium", "high", "LLM06"),
        },
        ["prompt"] = new[]
        {
            new Template("Prompt injection overrides the instructions: {0}", "inference", "prompt-injection", "high", "high", "LLM01"),
            new Template("Instructions leak to users: {0}", "inference", "data-disclosure, I", "medium", "low", "LLM07"),
        },
        ["embeddings"] = new[]
        {
            new Template("Poisoned retrieval content enters prompts: {0}", "inference", "poisoning", "medium", "medium", "LLM08"),
        },
        ["memory-store"] = new[]
        {
            new Template("Poisoned retrieval content enters prompts: {0}", "inference", "poisoning", "medium", "medium", "LLM08"),
        },
        ["endpoint"] = new[]
        {
            new Template("Denial of service or cost harvesting through {0}", "inference, post-deployment", "unbounded-consumption, D", "high", "medium", "LLM10"),
            new Template("Untrusted input through {0} reaches the model unvalidated", "inference", "prompt-injection", "high", "medium", "LLM01"),
        },
    };

    public static string Create(string systemName, IReadOnlyList<FoundAsset> assets, DateOnly today)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            ---
            threat-model: 1
            system: {systemName}
            owners:
              ml: TODO
              security: TODO
            last-reviewed: {today:yyyy-MM-dd}
            review-every-days: 90
            sign-off: []
            gate:
              block-priority: high
              unmodeled: block
              stale: warn
            ---
            # Threat model: {systemName}

            Scaffolded by `aithreatgate init` from the AI assets found in the code. Review every row: set owners,
            likelihood and impact, controls and statuses, then have the ML and security leads sign off.

            ## Assets

            | ID | Asset | Kind | Stage | Sensitivity | Found in |
            |----|-------|------|-------|-------------|----------|

            """);
        var ids = AssetIds(assets, 1);
        foreach (var (asset, id) in ids)
        {
            text.AppendLine(AssetRow(asset, id));
        }

        text.AppendLine();
        text.AppendLine("## Threats");
        text.AppendLine();
        text.AppendLine("| ID | Threat | Stage | Category | Assets | Adversary | Likelihood | Impact | Status | Controls | Owner | Detects |");
        text.AppendLine("|----|--------|-------|----------|--------|-----------|------------|--------|--------|----------|-------|---------|");
        var threatNumber = 1;
        foreach (var row in ThreatRows(ids, ref threatNumber))
        {
            text.AppendLine(row);
        }

        text.AppendLine();
        text.AppendLine("## Lifecycle coverage");
        text.AppendLine();
        text.AppendLine("| Stage | Reason |");
        text.AppendLine("|-------|--------|");
        var covered = ids.SelectMany(p => Templates.TryGetValue(TemplateKey(p.Asset), out var t) ? t.SelectMany(x => Vocabulary.SplitList(x.Stages)) : Array.Empty<string>()).ToHashSet();
        foreach (var stage in Vocabulary.AllStages.Select(Vocabulary.Name).Where(s => !covered.Contains(s)))
        {
            text.AppendLine($"| {stage} | |");
        }

        text.AppendLine();
        text.AppendLine("## Data flows");
        text.AppendLine();
        text.AppendLine("Edges are the calls found in the code: an endpoint is linked to a model, prompt or client only where its handler,");
        text.AppendLine("or a method it calls, uses it. Flows the code scan could not establish are left out and listed as TODO comments.");
        text.AppendLine();
        text.AppendLine("```mermaid");
        var flows = Flows(ids);
        text.Append(DataFlowDiagram.ToMermaid(ids.Select(p => ToAsset(p.Asset, p.Id)), flows));
        foreach (var todo in FlowTodos(ids, flows))
        {
            text.AppendLine(todo);
        }

        text.AppendLine("```");
        return text.ToString();
    }

    /// <summary>Endpoint → asset edges for the uses the inventory found in the endpoint's handler; nothing is guessed from kinds.</summary>
    private static List<AssetFlow> Flows(List<(FoundAsset Asset, string Id)> assets)
    {
        var idByKey = assets.GroupBy(p => p.Asset.Key).ToDictionary(g => g.Key, g => g.First().Id);
        var flows = new List<AssetFlow>();
        foreach (var (asset, id) in assets.Where(p => p.Asset.Kind == "endpoint"))
        {
            foreach (var used in asset.Uses)
            {
                if (idByKey.TryGetValue(used, out var target))
                {
                    flows.Add(new AssetFlow(id, target, used.Kind == "connector" ? "calls" : "uses"));
                }
            }
        }

        return flows;
    }

    /// <summary>Mermaid comments naming the assets the diagram has no established flow for, so a reviewer adds them by hand.</summary>
    private static IEnumerable<string> FlowTodos(List<(FoundAsset Asset, string Id)> assets, List<AssetFlow> flows)
    {
        var linked = flows.SelectMany(f => new[] { f.FromAssetId, f.ToAssetId }).ToHashSet(StringComparer.Ordinal);
        foreach (var (asset, id) in assets.Where(p => !linked.Contains(p.Id)))
        {
            var what = asset.Kind == "endpoint" ? "which models or clients its handler uses" : "which endpoint or job uses it";
            yield return $"  %% TODO {id} ({MermaidComment(asset.Name)}): the code scan could not establish {what}; add its edges by hand.";
        }
    }

    // Mermaid reads "%%{" as the start of a directive; a route template such as {id} must not look like one.
    private static string MermaidComment(string text) => text.Replace('{', '(').Replace('}', ')');

    /// <summary>
    /// Adds assets (matched by name) that <paramref name="existing"/> lacks, with their canonical threats, by inserting
    /// lines after the last row of each table. Returns the new text and how many assets were added.
    /// </summary>
    public static (string Text, int Added) Update(string existingText, ThreatModelDocument existing, IReadOnlyList<FoundAsset> assets)
    {
        var known = existing.Assets.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fresh = assets.Where(a => !known.Contains(a.Name)).ToList();
        if (fresh.Count == 0)
        {
            return (existingText, 0);
        }

        var newline = existingText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = existingText.Split('\n').ToList();
        var nextAsset = 1 + existing.Assets.Select(a => Number(a.Id)).DefaultIfEmpty(0).Max();
        var nextThreat = 1 + existing.Threats.Select(t => Number(t.Id)).DefaultIfEmpty(0).Max();
        var ids = AssetIds(fresh, nextAsset);
        var assetRows = ids.Select(p => AssetRow(p.Asset, p.Id)).ToList();
        var threatRows = ThreatRows(ids, ref nextThreat).ToList();
        var hasCarriageReturn = newline == "\r\n";
        string Line(string row) => hasCarriageReturn ? row + "\r" : row;

        // Insert the later table first so the earlier line numbers stay valid.
        var insertions = new List<(int After, List<string> Rows)>();
        var lastThreat = existing.Threats.Max(t => t.Line);
        insertions.Add((lastThreat, threatRows.Select(Line).ToList()));
        if (existing.Assets.Count > 0)
        {
            insertions.Add((existing.Assets.Max(a => a.Line), assetRows.Select(Line).ToList()));
        }

        foreach (var (after, rows) in insertions.OrderByDescending(i => i.After))
        {
            lines.InsertRange(after, rows);
        }

        var text = string.Join('\n', lines);
        if (existing.Assets.Count == 0)
        {
            var section = new StringBuilder();
            section.Append(newline).Append("## Assets").Append(newline).Append(newline)
                .Append("| ID | Asset | Kind | Stage | Sensitivity | Found in |").Append(newline)
                .Append("|----|-------|------|-------|-------------|----------|").Append(newline);
            foreach (var row in assetRows)
            {
                section.Append(row).Append(newline);
            }

            text = text.EndsWith('\n') ? text + section.ToString().TrimStart('\r', '\n') : text + section;
        }

        return (text, fresh.Count);
    }

    private static List<(FoundAsset Asset, string Id)> AssetIds(IEnumerable<FoundAsset> assets, int first) =>
        assets.Select((a, i) => (a, "A" + (first + i).ToString(CultureInfo.InvariantCulture))).ToList();

    private static string AssetRow(FoundAsset asset, string id) =>
        $"| {id} | {Cell(asset.Name)} | {AssetKind(asset)} | {asset.Stages} | to assess | `{Cell(asset.File)}:{asset.Line}` |";

    private static IEnumerable<string> ThreatRows(List<(FoundAsset Asset, string Id)> assets, ref int number)
    {
        var rows = new List<string>();
        foreach (var (asset, id) in assets)
        {
            if (!Templates.TryGetValue(TemplateKey(asset), out var templates))
            {
                continue;
            }

            foreach (var template in templates)
            {
                rows.Add($"| TM-{number++:000} | {Cell(string.Format(CultureInfo.InvariantCulture, template.Title, asset.Name))} | {template.Stages} | {template.Category} | {id} | external | {template.Likelihood} | {template.Impact} | open | | | {ScopedDetects(template.Detects, asset)} |");
            }
        }

        return rows;
    }

    /// <summary>
    /// Each rule or tag scoped to the files the asset was found in (<c>AITG002 @ src/Ranker.cs</c>): unscoped, a finding
    /// anywhere would evidence the same threat of every asset of the kind (every endpoint's, every connector's).
    /// </summary>
    private static string ScopedDetects(string detects, FoundAsset asset)
    {
        var files = asset.Files.Where(f => f != FoundAsset.InMemoryPath).Select(ScopeGlob).Distinct(StringComparer.Ordinal).ToList();
        if (detects == "-" || files.Count == 0)
        {
            return detects;
        }

        return string.Join(", ", Vocabulary.SplitList(detects).SelectMany(pattern => files.Select(file => $"{pattern} @ {file}")));
    }

    // The Detects cell splits on ',' and ';' and the table on '|': in a file name they become '?' (any one character).
    private static string ScopeGlob(string file) => new(file.Select(c => c is ',' or ';' or '|' or '`' ? '?' : c).ToArray());

    private static string TemplateKey(FoundAsset asset) =>
        asset.Kind == "connector" && asset.Name.StartsWith("Tool exposed", StringComparison.Ordinal) ? "tool" : asset.Kind;

    private static string AssetKind(FoundAsset asset) => Vocabulary.AssetKinds.Contains(asset.Kind) ? asset.Kind : "other";

    private static Asset ToAsset(FoundAsset found, string id) =>
        new(id, found.Name, AssetKind(found), Array.Empty<LifecycleStage>(), string.Empty, new Dictionary<string, Cell>(), 0);

    private static int Number(string id)
    {
        var digits = new string(id.Where(char.IsDigit).ToArray());
        return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
