using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace AiThreatGate.Core.Importers;

/// <summary>
/// OWASP Threat Dragon 1.x (<c>detail.diagrams[].diagramJson.cells</c>, element fields on the cell) and 2.x
/// (<c>detail.diagrams[].cells</c>, element fields under <c>data</c>). Processes, stores and actors become assets;
/// data flows become a free section, and a flow that carries threats is an asset too, so its threats name it.
/// Every threat of every element, flow or boundary arrives with its status, severity, type and mitigation.
/// </summary>
internal static class ThreatDragonImporter
{
    // Threat Dragon's status words; 2.x writes NotApplicable as one word, which the format's vocabulary does not know.
    private static readonly Dictionary<string, string> StatusWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Open"] = "open",
        ["Mitigated"] = "mitigated",
        ["NotApplicable"] = "not-applicable",
        ["Not Applicable"] = "not-applicable",
        ["NA"] = "not-applicable",
        ["N/A"] = "not-applicable",
    };

    public static bool IsThreatDragon(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("diagrams", out _);

    public static ImportedModel Read(JsonElement root, string path)
    {
        var diagrams = root.GetProperty("detail").GetProperty("diagrams");
        if (diagrams.ValueKind != JsonValueKind.Array)
        {
            throw new ImportException($"{path}:1:1: error: Threat Dragon model without a diagram list (detail.diagrams is a JSON {diagrams.ValueKind.ToString().ToLowerInvariant()})");
        }

        var cells = new List<Cell>();
        var v1 = false;
        var v2 = false;
        var skippedDiagrams = new List<ImportNote>();
        foreach (var diagram in diagrams.EnumerateArray())
        {
            var title = diagram.ValueKind == JsonValueKind.Object ? Text(diagram, "title") : string.Empty;
            if (diagram.ValueKind == JsonValueKind.Object && diagram.TryGetProperty("cells", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                v2 = true;
                cells.AddRange(list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).Select(c => Cell.FromV2(c, title)));
            }
            else if (diagram.ValueKind == JsonValueKind.Object && diagram.TryGetProperty("diagramJson", out var json) && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("cells", out list) && list.ValueKind == JsonValueKind.Array)
            {
                v1 = true;
                cells.AddRange(list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).Select(c => Cell.FromV1(c, title)));
            }
            else
            {
                skippedDiagrams.Add(new ImportNote($"diagram '{title}'", "has no cells (neither 2.x 'cells' nor 1.x 'diagramJson.cells')"));
            }
        }

        if (!v1 && !v2 && skippedDiagrams.Count > 0)
        {
            // Diagrams that hold nothing readable would import as an empty model: that is an unrecognised file, not a model.
            throw new ImportException($"{path}:1:1: error: Threat Dragon model whose diagrams have no cells: expected detail.diagrams[].cells (2.x) or detail.diagrams[].diagramJson.cells (1.x)");
        }

        var model = new ImportedModel(v1 && !v2 ? ImportFormat.ThreatDragonV1 : ImportFormat.ThreatDragonV2, v1 && !v2 ? "OWASP Threat Dragon 1.x" : "OWASP Threat Dragon 2.x")
        {
            System = root.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object ? Text(summary, "title") : string.Empty,
        };
        model.Skipped.AddRange(skippedDiagrams);
        var names = cells.Where(c => c.Id.Length > 0).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Name);
        string NameOf(string id) => id.Length == 0 ? "(unattached)" : names.TryGetValue(id, out var name) && name.Length > 0 ? name : "(unnamed element)";

        var threats = new List<(Cell Cell, string AssetId, JsonElement Threat)>();
        foreach (var cell in cells)
        {
            foreach (var (index, reason) in cell.BadThreats)
            {
                model.Skipped.Add(new ImportNote($"threat #{index + 1} of '{Named(cell)}'", reason));
            }

            var hasThreats = cell.Threats.Count > 0;
            if (cell.IsFlow)
            {
                var name = cell.Name.Length > 0 ? cell.Name : "(unnamed flow)";
                model.Flows.Add(new ImportedFlow(name, NameOf(cell.SourceId), NameOf(cell.TargetId), ImportText.Join(new[] { cell.Protocol, cell.OutOfScopeNote })));
            }

            // Boundaries and text blocks are not assets; one that carries threats becomes one, so its threats have a home.
            if (cell.IsBoundaryOrText && !hasThreats)
            {
                continue;
            }

            if (cell.IsFlow && !hasThreats)
            {
                continue;
            }

            var assetId = model.UniqueAssetId("A" + (model.Assets.Count + 1).ToString(CultureInfo.InvariantCulture));
            var assetName = cell.IsFlow ? $"{Named(cell)} (data flow {NameOf(cell.SourceId)} → {NameOf(cell.TargetId)})" : Named(cell);
            model.Assets.Add(new ImportedAsset(assetId, assetName, cell.Type == "tm.Store" ? "dataset" : "other"));
            foreach (var threat in cell.Threats)
            {
                threats.Add((cell, assetId, threat));
            }
        }

        // Threat Dragon numbers threats from 2.x on; unnumbered threats (older files) get the numbers no threat uses.
        var used = threats.Select(t => Text(t.Threat, "number")).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        var next = 0;
        foreach (var (cell, assetId, threat) in threats)
        {
            var number = Text(threat, "number");
            if (number.Length == 0)
            {
                do
                {
                    next++;
                }
                while (used.Contains(next.ToString(CultureInfo.InvariantCulture)));
                number = next.ToString(CultureInfo.InvariantCulture);
            }

            model.Threats.Add(ReadThreat(model, cell, assetId, threat, model.UniqueThreatId("TD-" + number), NameOf));
        }

        return model;
    }

    private static ImportedThreat ReadThreat(ImportedModel model, Cell cell, string assetId, JsonElement threat, string id, Func<string, string> nameOf)
    {
        var description = Text(threat, "description");
        var title = Text(threat, "title") is { Length: > 0 } t ? t : description.Length > 0 ? ImportText.OneLine(description) : "Untitled threat";
        var rawStatus = Text(threat, "status");
        var status = rawStatus.Length == 0 ? "open" : ImportText.Status(rawStatus, StatusWords);
        if (status is null)
        {
            model.Adjusted.Add(new ImportNote($"{id} '{title}'", $"status '{rawStatus}' is not a Threat Dragon status; imported as open"));
            status = "open";
        }

        var type = Text(threat, "type");
        var category = ImportText.Category(type);
        var method = Text(threat, "modelType");
        var severity = Text(threat, "severity");
        var priority = ImportText.Priority(severity);
        var score = Text(threat, "score");
        var notes = new List<string>
        {
            cell.IsFlow ? $"On data flow '{Named(cell)}' ({nameOf(cell.SourceId)} → {nameOf(cell.TargetId)})" : string.Empty,
            description,

            // What has no column keeps its words: a LINDDUN/CIA type, a severity such as "TBA", a score, an out-of-scope element.
            category.Length == 0 && type.Length > 0 ? $"{(method.Length > 0 ? method : "type")}: {type}" : string.Empty,
            priority.Length == 0 && severity.Length > 0 ? $"severity: {severity}" : string.Empty,
            score.Length > 0 ? $"score: {score}" : string.Empty,
            cell.OutOfScopeNote,
        };
        return new ImportedThreat(id, ImportText.OneLine(title), category, assetId, priority, status, Text(threat, "mitigation"), string.Empty, ImportText.Join(notes));
    }

    private static string Named(Cell cell) => cell.Name.Length > 0 ? cell.Name : $"unnamed {cell.Type.Replace("tm.", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}";

    /// <summary>A string or number property as text; empty when absent or of another kind.</summary>
    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString().Trim() : string.Empty;

    private static bool Flag(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>One diagram cell, read the same way whichever version wrote it.</summary>
    private sealed record Cell(string Id, string Type, string Name, string SourceId, string TargetId, string Protocol, string OutOfScopeNote, IReadOnlyList<JsonElement> Threats, IReadOnlyList<(int Index, string Reason)> BadThreats)
    {
        public bool IsFlow => Type == "tm.Flow";

        public bool IsBoundaryOrText => Type is "tm.Boundary" or "tm.BoundaryBox" or "tm.Text";

        /// <summary>2.x: the element's fields are under <c>data</c>; a flow's ends are <c>source.cell</c> and <c>target.cell</c>.</summary>
        public static Cell FromV2(JsonElement cell, string diagram)
        {
            var data = cell.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : cell;
            var type = Text(data, "type") is { Length: > 0 } t ? t : ShapeType(Text(cell, "shape"));
            var name = Text(data, "name") is { Length: > 0 } n ? n : LabelText(cell, "label");
            return Create(cell, data, type, name, End(cell, "source", "cell"), End(cell, "target", "cell"), diagram);
        }

        /// <summary>1.x: the element's fields are on the cell, its name in <c>attrs.text.text</c>, a flow's name in its label, its ends in <c>source.id</c>/<c>target.id</c>.</summary>
        public static Cell FromV1(JsonElement cell, string diagram)
        {
            var type = Text(cell, "type");
            var name = cell.TryGetProperty("attrs", out var attrs) && attrs.ValueKind == JsonValueKind.Object && attrs.TryGetProperty("text", out var text) ? Text(text, "text") : string.Empty;
            if (name.Length == 0)
            {
                name = LabelText(cell, "text");
            }

            return Create(cell, cell, type, name, End(cell, "source", "id"), End(cell, "target", "id"), diagram);
        }

        private static Cell Create(JsonElement cell, JsonElement data, string type, string name, string source, string target, string diagram)
        {
            var threats = new List<JsonElement>();
            var bad = new List<(int, string)>();
            if (data.TryGetProperty("threats", out var list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    var index = 0;
                    foreach (var threat in list.EnumerateArray())
                    {
                        if (threat.ValueKind == JsonValueKind.Object)
                        {
                            threats.Add(threat);
                        }
                        else
                        {
                            bad.Add((index, $"a JSON {threat.ValueKind.ToString().ToLowerInvariant()}, not a threat object"));
                        }

                        index++;
                    }
                }
                else if (list.ValueKind != JsonValueKind.Null)
                {
                    bad.Add((0, $"the element's 'threats' is a JSON {list.ValueKind.ToString().ToLowerInvariant()}, not a list"));
                }
            }

            var reason = Text(data, "reasonOutOfScope");
            var outOfScope = Flag(data, "outOfScope") ? "element out of scope" + (reason.Length > 0 ? ": " + reason : string.Empty) : string.Empty;
            var protocol = Text(data, "protocol");
            var where = diagram.Length > 0 ? $"diagram '{diagram}'" : string.Empty;
            return new Cell(Text(cell, "id"), type, ImportText.OneLine(name), source, target, ImportText.Join(new[] { protocol.Length > 0 ? "protocol " + protocol : string.Empty, where }), outOfScope, threats, bad);
        }

        private static string End(JsonElement cell, string end, string key) =>
            cell.TryGetProperty(end, out var value) && value.ValueKind == JsonValueKind.Object ? Text(value, key) : string.Empty;

        /// <summary>The first label's text: 2.x keeps it in <c>attrs.label.text</c>, 1.x in <c>attrs.text.text</c>.</summary>
        private static string LabelText(JsonElement cell, string attribute)
        {
            if (!cell.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
            {
                return string.Empty;
            }

            foreach (var label in labels.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.Object && label.TryGetProperty("attrs", out var attrs) && attrs.ValueKind == JsonValueKind.Object
                    && attrs.TryGetProperty(attribute, out var text) && Text(text, "text") is { Length: > 0 } value)
                {
                    return value;
                }
            }

            return string.Empty;
        }

        private static string ShapeType(string shape) => shape switch
        {
            "flow" => "tm.Flow",
            "actor" => "tm.Actor",
            "process" => "tm.Process",
            "store" => "tm.Store",
            "td-text-block" => "tm.Text",
            _ when shape.StartsWith("trust-boundary", StringComparison.Ordinal) => "tm.Boundary",
            _ => shape,
        };
    }
}
