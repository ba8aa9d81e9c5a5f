using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace AiThreatGate.Core.Importers;

/// <summary>
/// Threagile: technical and data assets become assets; the risks of individual risk categories become threats with
/// their risk_tracking status; tracking entries that apply to no risk in the file (Threagile's built-in rules) become
/// threats of their own.
/// </summary>
internal static class ThreagileImporter
{
    private static readonly string[] TopLevelKeys = { "threagile_version", "technical_assets", "data_assets", "individual_risk_categories", "risk_tracking" };

    // Threagile's tracking statuses that the format's vocabulary reads differently or not at all.
    private static readonly Dictionary<string, string> StatusWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unchecked"] = "open",
        ["in-discussion"] = "in-progress",
        ["in-progress"] = "in-progress",
        ["accepted"] = "accepted",
        ["mitigated"] = "mitigated",
        ["false-positive"] = "not-applicable",
    };

    public static bool IsThreagile(YamlMappingNode root) => TopLevelKeys.Any(key => Child(root, key) is not null);

    public static ImportedModel Read(YamlMappingNode root, string path)
    {
        var model = new ImportedModel(ImportFormat.Threagile, "Threagile") { System = Scalar(root, "title") ?? string.Empty };
        foreach (var (section, kindOf) in new (string, Func<YamlMappingNode, string>)[] { ("data_assets", _ => "dataset"), ("technical_assets", TechnicalKind) })
        {
            if (Child(root, section) is not YamlMappingNode map)
            {
                continue;
            }

            foreach (var (key, value) in map.Children)
            {
                if (value is YamlMappingNode asset)
                {
                    model.Assets.Add(new ImportedAsset(model.UniqueAssetId(Text(Scalar(asset, "id")) ?? Scalar(key) ?? "asset"), Scalar(key) ?? string.Empty, kindOf(asset)));
                }
                else
                {
                    model.Skipped.Add(new ImportNote($"{section} '{Scalar(key)}' (line {key.Start.Line})", "not a mapping, so it has no ID"));
                }
            }
        }

        var tracking = Tracking(root);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (Child(root, "individual_risk_categories") is YamlMappingNode categories)
        {
            foreach (var (categoryKey, categoryNode) in categories.Children)
            {
                ReadCategory(model, categoryKey, categoryNode, tracking, applied);
            }
        }

        foreach (var entry in tracking.Where(t => !applied.Contains(t.Key)))
        {
            // A built-in rule's risk is not in the model file; its tracked status still belongs in the Markdown.
            var parts = entry.Key.Split('@');
            var status = MapStatus(model, entry.Key, entry.Status);
            model.Threats.Add(new ImportedThreat(
                model.UniqueThreatId(entry.Key),
                parts[0].Replace('-', ' '),
                string.Empty,
                string.Join(", ", parts.Skip(1).Where(p => p.Length > 0 && p != "*").Distinct(StringComparer.Ordinal)),
                string.Empty,
                status,
                entry.Justification,
                entry.CheckedBy,
                parts.Contains("*") ? "risk_tracking entry with wildcards: applies to every risk of Threagile's built-in rule that matches" : "risk_tracking entry of Threagile's built-in rule")
            { Ticket = entry.Ticket, Date = entry.Date });
        }

        return model;
    }

    private static void ReadCategory(ImportedModel model, YamlNode categoryKey, YamlNode categoryNode, List<TrackingEntry> tracking, HashSet<string> applied)
    {
        if (categoryNode is not YamlMappingNode category)
        {
            model.Skipped.Add(new ImportNote($"risk category '{Scalar(categoryKey)}' (line {categoryKey.Start.Line})", "not a mapping"));
            return;
        }

        if (Child(category, "risks_identified") is not YamlMappingNode risks)
        {
            // A category without identified risks defines no threat; nothing of it is lost.
            return;
        }

        var categoryId = Text(Scalar(category, "id")) ?? Scalar(categoryKey) ?? "risk";
        foreach (var (riskKey, riskNode) in risks.Children)
        {
            if (riskNode is not YamlMappingNode risk)
            {
                model.Skipped.Add(new ImportNote($"risk '{Scalar(riskKey)}' of '{categoryId}' (line {riskKey.Start.Line})", "not a mapping"));
                continue;
            }

            // Threagile's own risk ID: the category, then each most-relevant element that is set, in Threagile's order.
            // Empty values are skipped, so a risk with no technical asset still gets the ID its tracking entry uses.
            var elements = new[] { "most_relevant_technical_asset", "most_relevant_communication_link", "most_relevant_trust_boundary", "most_relevant_shared_runtime", "most_relevant_data_asset" }
                .Select(key => Text(Scalar(risk, key)))
                .OfType<string>()
                .ToList();
            var id = string.Join('@', elements.Prepend(categoryId));
            var entry = tracking.FirstOrDefault(t => t.Key == id) ?? tracking.FirstOrDefault(t => t.Matches(id));
            if (entry is not null)
            {
                applied.Add(entry.Key);
            }

            var assets = new[] { Text(Scalar(risk, "most_relevant_technical_asset")), Text(Scalar(risk, "most_relevant_data_asset")) }.OfType<string>();
            var mitigation = Scalar(category, "mitigation") ?? string.Empty;
            model.Threats.Add(new ImportedThreat(
                model.UniqueThreatId(id),
                Scalar(riskKey) ?? categoryId,
                ImportText.Category(Scalar(category, "stride") ?? string.Empty),
                string.Join(", ", assets),
                ImportText.Priority(Scalar(risk, "severity") ?? string.Empty),
                entry is null ? "open" : MapStatus(model, id, entry.Status),
                entry?.Justification ?? string.Empty,
                entry?.CheckedBy ?? string.Empty,
                entry is null || entry.Key == id ? mitigation : ImportText.Join(new[] { mitigation, $"status from risk_tracking '{entry.Key}'" }))
            { Ticket = entry?.Ticket ?? string.Empty, Date = entry?.Date ?? string.Empty });
        }
    }

    private static string MapStatus(ImportedModel model, string id, string status)
    {
        if (status.Length == 0)
        {
            return "open";
        }

        if (ImportText.Status(status, StatusWords) is { } mapped)
        {
            return mapped;
        }

        model.Adjusted.Add(new ImportNote($"risk '{id}'", $"status '{status}' is not a Threagile status; imported as open"));
        return "open";
    }

    private static List<TrackingEntry> Tracking(YamlMappingNode root)
    {
        var entries = new List<TrackingEntry>();
        if (Child(root, "risk_tracking") is not YamlMappingNode tracking)
        {
            return entries;
        }

        foreach (var (key, value) in tracking.Children)
        {
            if (Scalar(key) is { Length: > 0 } id)
            {
                var entry = value as YamlMappingNode;
                entries.Add(new TrackingEntry(
                    id,
                    (entry is null ? null : Scalar(entry, "status")) ?? string.Empty,
                    (entry is null ? null : Scalar(entry, "justification")) ?? string.Empty,
                    (entry is null ? null : Scalar(entry, "checked_by")) ?? string.Empty,
                    (entry is null ? null : Scalar(entry, "ticket")) ?? string.Empty,
                    (entry is null ? null : Scalar(entry, "date")) ?? string.Empty));
            }
        }

        return entries;
    }

    private static string TechnicalKind(YamlMappingNode asset) => Scalar(asset, "type") switch
    {
        "datastore" => "dataset",
        _ when (Scalar(asset, "technology") ?? string.Empty).Contains("ai", StringComparison.OrdinalIgnoreCase) => "model-weights",
        _ => "other",
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.FirstOrDefault(c => Scalar(c.Key) == key).Value;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode scalar ? scalar.Value : null;

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    /// <summary>Null for a missing or empty value: YAML's <c>key:</c> is an empty scalar, not an absent key.</summary>
    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A risk_tracking entry; its key may use <c>*</c> for any element between the <c>@</c> signs.</summary>
    private sealed record TrackingEntry(string Key, string Status, string Justification, string CheckedBy, string Ticket, string Date)
    {
        public bool Matches(string riskId)
        {
            var pattern = Key.Split('@');
            var parts = riskId.Split('@');
            return pattern.Length == parts.Length && pattern.Zip(parts).All(p => p.First == "*" || p.First == p.Second);
        }
    }
}
