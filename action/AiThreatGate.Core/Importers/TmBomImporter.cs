using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AiThreatGate.Core.Importers;

/// <summary>
/// TM-BOM, the OWASP threat-model library format (scope, actors, components, data stores/sets, data flows, threats,
/// controls, risks) that Threat Dragon is moving to. Actors, components, data stores and data sets become assets; each
/// threat becomes a threat. TM-BOM threats carry no status of their own: their controls do, so the status is read from
/// the controls that name the threat and every control is listed with its own status; the priority is the highest
/// level of the risks the threat factors into.
/// </summary>
internal static class TmBomImporter
{
    private static readonly string[] ModelKeys = { "threats", "components", "data_flows", "data_stores", "actors", "controls" };

    public static bool IsTmBom(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && ((root.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.Object) || (Text(root, "$schema") is var schema && schema.Contains("threat-model", StringComparison.OrdinalIgnoreCase)))
        && ModelKeys.Any(key => root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array);

    public static ImportedModel Read(JsonElement root)
    {
        var scope = root.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var model = new ImportedModel(ImportFormat.TmBom, "TM-BOM") { System = ImportText.OneLine(scope.ValueKind == JsonValueKind.Object ? Text(scope, "title") : string.Empty) };
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (section, kind) in new[] { ("actors", "actor"), ("components", "component"), ("data_stores", "data store"), ("data_sets", "data set") })
        {
            foreach (var (item, index) in Items(root, section))
            {
                var name = Text(item, "symbolic_name");
                var title = ImportText.OneLine(Text(item, "title"));
                if (name.Length == 0)
                {
                    model.Skipped.Add(new ImportNote($"{kind} #{index + 1} '{title}'", "has no symbolic_name, so threats cannot name it"));
                    continue;
                }

                var id = model.UniqueAssetId(name);
                names.TryAdd(name, id);
                model.Assets.Add(new ImportedAsset(id, title.Length > 0 ? title : name, AssetKind(section, name, title)));
            }
        }

        foreach (var (flow, _) in Items(root, "data_flows"))
        {
            var details = new[]
            {
                Text(flow, "description"),
                Flag(flow, "encrypted") is { } encrypted ? (encrypted ? "encrypted" : "not encrypted") : string.Empty,
                Flag(flow, "has_sensitive_data") == true ? "sensitive data" : string.Empty,
            };
            model.Flows.Add(new ImportedFlow(ImportText.OneLine(Text(flow, "title") is { Length: > 0 } title ? title : Text(flow, "symbolic_name")), End(flow, "source"), End(flow, "destination"), ImportText.Join(details)));
        }

        var threats = Items(root, "threats").ToList();
        var known = threats.Select(t => Text(t.Item, "symbolic_name")).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        var controls = Links(model, root, "controls", "control", known);
        var risks = Links(model, root, "risks", "risk", known);
        var personas = Items(root, "threat_personas").ToDictionary(p => Text(p.Item, "symbolic_name"), p => Text(p.Item, "title"), StringComparer.Ordinal);
        foreach (var (threat, index) in threats)
        {
            var name = Text(threat, "symbolic_name");
            var title = ImportText.OneLine(Text(threat, "title"));
            if (name.Length == 0 && title.Length == 0)
            {
                model.Skipped.Add(new ImportNote($"threat #{index + 1}", "has neither symbolic_name nor title"));
                continue;
            }

            var own = controls.Where(c => c.Threats.Contains(name)).ToList();
            var factors = risks.Where(r => r.Threats.Contains(name)).ToList();
            var affected = Strings(threat, "components_affected").Select(c => names.TryGetValue(c, out var id) ? id : c);
            var persona = Text(threat, "threat_persona");
            var notes = new[]
            {
                Text(threat, "description"),
                Text(threat, "event") is { Length: > 0 } happening ? "event: " + happening : string.Empty,
                persona.Length > 0 ? "persona: " + (personas.TryGetValue(persona, out var who) && who.Length > 0 ? who : persona) : string.Empty,
                string.Join("; ", References(threat, "weaknesses", "cwe_id", "CWE-", "cwe_title").Concat(References(threat, "attack_mechanisms", "capec_id", "CAPEC-", "capec_title"))),
                string.Join("; ", factors.Select(r => r.Summary)),
            };
            model.Threats.Add(new ImportedThreat(
                model.UniqueThreatId(name.Length > 0 ? name : "threat-" + (index + 1)),
                title.Length > 0 ? title : name,
                string.Empty,
                string.Join(", ", affected),
                ImportText.Highest(factors.Select(r => ImportText.Priority(r.Level))),
                Status(own),
                string.Join("; ", own.Select(c => c.Summary)),
                string.Empty,
                ImportText.Join(notes)));
        }

        AddAssumptions(model, root);
        return model;
    }

    /// <summary>
    /// A threat is mitigated when a control in place (<c>active</c>, <c>assumed</c>) names it; in progress while a
    /// control is decided but not in place (<c>approved</c>, <c>scheduled</c>, <c>under_review</c>); otherwise open
    /// (only <c>suggested</c>, <c>retired</c> or <c>wont_do</c> controls, or none), so the gate fails closed.
    /// </summary>
    private static string Status(IReadOnlyList<Link> controls) =>
        controls.Any(c => c.Status is "active" or "assumed") ? "mitigated"
        : controls.Any(c => c.Status is "approved" or "scheduled" or "under_review") ? "in-progress"
        : "open";

    /// <summary>Controls or risks and the threats they name; a link to a threat the file does not define is reported, not dropped silently.</summary>
    private static List<Link> Links(ImportedModel model, JsonElement root, string section, string kind, HashSet<string> known)
    {
        var links = new List<Link>();
        foreach (var (item, index) in Items(root, section))
        {
            var name = Text(item, "symbolic_name");
            var title = ImportText.OneLine(Text(item, "title"));
            var label = $"{kind} '{(name.Length > 0 ? name : "#" + (index + 1))}'";
            var threats = Strings(item, "threats").ToList();
            foreach (var missing in threats.Where(t => !known.Contains(t)))
            {
                model.Skipped.Add(new ImportNote(label, $"names threat '{missing}', which the file does not define"));
            }

            if (threats.Count == 0)
            {
                model.Skipped.Add(new ImportNote(label, "names no threat, so no threat row can carry it"));
            }

            var status = Text(item, "status");
            var summary = kind == "control"
                ? $"{(title.Length > 0 ? title : name)} ({Describe(status, "status")}{(Text(item, "priority") is { Length: > 0 } p ? ", priority " + p : string.Empty)})"
                : $"risk '{(title.Length > 0 ? title : name)}': likelihood {Describe(Text(item, "likelihood"), "?")}, impact {Describe(Text(item, "impact"), "?")}, score {Describe(Text(item, "score"), "?")}, level {Describe(Text(item, "level"), "?")}";
            links.Add(new Link(threats.ToHashSet(StringComparer.Ordinal), status.ToLowerInvariant(), Text(item, "level"), summary));
        }

        return links;
    }

    private static void AddAssumptions(ImportedModel model, JsonElement root)
    {
        var list = new StringBuilder();
        foreach (var (assumption, _) in Items(root, "assumptions"))
        {
            list.Append("- ").Append(ImportText.Cell(Text(assumption, "description")));
            if (Text(assumption, "validity") is { Length: > 0 } validity)
            {
                list.Append(" (").Append(validity).Append(')');
            }

            list.Append('\n');
        }

        if (list.Length > 0)
        {
            model.Sections.Add(("Assumptions", list.ToString()));
        }
    }

    private static string AssetKind(string section, string name, string title) =>
        section is "data_stores" or "data_sets"
            ? (name + " " + title).Contains("model", StringComparison.OrdinalIgnoreCase) ? "model-weights" : "dataset"
            : "other";

    private static IEnumerable<string> References(JsonElement threat, string property, string idKey, string prefix, string titleKey) =>
        Items(threat, property).Select(r => Text(r.Item, idKey) is { Length: > 0 } id ? prefix + id + (Text(r.Item, titleKey) is { Length: > 0 } t ? " " + t : string.Empty) : string.Empty).Where(r => r.Length > 0);

    private static string End(JsonElement flow, string end) =>
        flow.TryGetProperty(end, out var value) ? value.ValueKind == JsonValueKind.Object ? Text(value, "object") : value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty : string.Empty;

    private static string Describe(string value, string fallback) => value.Length > 0 ? value : fallback;

    private static IEnumerable<(JsonElement Item, int Index)> Items(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select((item, index) => (item, index)).Where(p => p.item.ValueKind == JsonValueKind.Object)
            : Enumerable.Empty<(JsonElement, int)>();

    private static IEnumerable<string> Strings(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(v => v.Length > 0)
            : Enumerable.Empty<string>();

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString().Trim() : string.Empty;

    private static bool? Flag(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null } : null;

    private sealed record Link(HashSet<string> Threats, string Status, string Level, string Summary);
}
