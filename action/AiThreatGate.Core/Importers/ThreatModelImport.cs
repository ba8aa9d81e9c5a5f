using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AiThreatGate.Core.ThreatModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiThreatGate.Core.Importers;

/// <summary>A threat from another tool, before it is written in this format.</summary>
internal sealed record ImportedThreat(string Id, string Title, string Category, string Assets, string Priority, string Status, string Controls, string Owner, string Notes)
{
    public string Ticket { get; init; } = string.Empty;

    public string Date { get; init; } = string.Empty;
}

internal sealed record ImportedAsset(string Id, string Name, string Kind);

/// <summary>Import failed: the message names the file and, where known, the line.</summary>
public sealed class ImportException : Exception
{
    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ImportException()
    {
    }
}

/// <summary>
/// Converts Threagile YAML and OWASP Threat Dragon v2 JSON models into this format's Markdown, so a team can adopt
/// the gate without rewriting its model. The result is ordinary Markdown: review it, add Detects entries and stages.
/// </summary>
public static class ThreatModelImport
{
    public static bool IsImportable(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static string ToMarkdown(string text, string path, DateOnly today) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromThreatDragon(text, path, today) : FromThreagile(text, path, today);

    /// <summary>Threagile: technical and data assets become assets; individual risk categories' risks and risk_tracking entries become threats with their statuses.</summary>
    public static string FromThreagile(string yaml, string path, DateOnly today)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? throw new ImportException($"{path}:1:1: error: not a Threagile model (expected a YAML mapping)");
        }
        catch (YamlException exception)
        {
            throw new ImportException($"{path}:{exception.Start.Line}:{exception.Start.Column}: error: invalid YAML: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            throw new ImportException($"{path}:1:1: error: invalid YAML: {exception.Message}", exception);
        }

        var assets = new List<ImportedAsset>();
        foreach (var (section, kindOf) in new (string, Func<YamlMappingNode, string>)[] { ("data_assets", _ => "dataset"), ("technical_assets", TechnicalKind) })
        {
            if (Child(root, section) is YamlMappingNode map)
            {
                foreach (var (key, value) in map.Children)
                {
                    if (value is YamlMappingNode asset)
                    {
                        assets.Add(new ImportedAsset(Scalar(asset, "id") ?? Scalar(key)!, Scalar(key) ?? string.Empty, kindOf(asset)));
                    }
                }
            }
        }

        var threats = new List<ImportedThreat>();
        var tracking = Child(root, "risk_tracking") as YamlMappingNode;
        if (Child(root, "individual_risk_categories") is YamlMappingNode categories)
        {
            foreach (var (categoryKey, categoryNode) in categories.Children)
            {
                if (categoryNode is not YamlMappingNode category || Child(category, "risks_identified") is not YamlMappingNode risks)
                {
                    continue;
                }

                var categoryId = Scalar(category, "id") ?? Scalar(categoryKey)!;
                foreach (var (riskKey, riskNode) in risks.Children)
                {
                    if (riskNode is not YamlMappingNode risk)
                    {
                        continue;
                    }

                    var asset = Scalar(risk, "most_relevant_technical_asset") ?? Scalar(risk, "most_relevant_data_asset") ?? string.Empty;
                    var id = $"{categoryId}@{asset}".TrimEnd('@');
                    var status = TrackedStatus(tracking, id, out var justification, out var checkedBy);
                    var (ticket, date) = Tracking(tracking, id);
                    threats.Add(new ImportedThreat(
                        id,
                        Scalar(riskKey) ?? categoryId,
                        Scalar(category, "stride") ?? string.Empty,
                        asset,
                        Scalar(risk, "severity") ?? string.Empty,
                        status,
                        justification,
                        checkedBy,
                        Scalar(category, "mitigation") ?? string.Empty) { Ticket = ticket, Date = date });
                }
            }
        }

        if (tracking is not null)
        {
            foreach (var (key, value) in tracking.Children)
            {
                var id = Scalar(key)!;
                if (threats.Any(t => t.Id == id) || value is not YamlMappingNode entry)
                {
                    continue;
                }

                var status = TrackedStatus(tracking, id, out var justification, out var checkedBy);
                var (ticket, date) = Tracking(tracking, id);
                threats.Add(new ImportedThreat(id, id.Split('@')[0].Replace('-', ' '), string.Empty, id.Contains('@', StringComparison.Ordinal) ? id[(id.IndexOf('@', StringComparison.Ordinal) + 1)..] : string.Empty, string.Empty, status, justification, checkedBy, string.Empty) { Ticket = ticket, Date = date });
            }
        }

        return Write(Scalar(root, "title") ?? Path.GetFileNameWithoutExtension(path), "Threagile", path, assets, threats, today);
    }

    /// <summary>Threat Dragon v2: diagram elements become assets, their threats become threats (status, severity, STRIDE type, mitigation).</summary>
    public static string FromThreatDragon(string json, string path, DateOnly today)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new ImportException($"{path}:{(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: error: invalid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("detail", out var detail) || !detail.TryGetProperty("diagrams", out var diagrams))
            {
                throw new ImportException($"{path}:1:1: error: not a Threat Dragon v2 model (expected detail.diagrams)");
            }

            var assets = new List<ImportedAsset>();
            var threats = new List<ImportedThreat>();
            var number = 0;
            foreach (var diagram in diagrams.EnumerateArray())
            {
                if (!diagram.TryGetProperty("cells", out var cells))
                {
                    continue;
                }

                foreach (var cell in cells.EnumerateArray())
                {
                    if (!cell.TryGetProperty("data", out var data) || !data.TryGetProperty("name", out var nameElement))
                    {
                        continue;
                    }

                    var type = data.TryGetProperty("type", out var typeElement) ? typeElement.GetString() ?? string.Empty : string.Empty;
                    if (type is "tm.Flow" or "tm.Boundary" or "tm.BoundaryBox" or "tm.Text")
                    {
                        continue;
                    }

                    var assetId = "A" + (assets.Count + 1).ToString(CultureInfo.InvariantCulture);
                    var name = nameElement.GetString()?.Replace('\n', ' ') ?? assetId;
                    assets.Add(new ImportedAsset(assetId, name, type == "tm.Store" ? "dataset" : type == "tm.Actor" ? "other" : "other"));
                    if (!data.TryGetProperty("threats", out var list) || list.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var threat in list.EnumerateArray())
                    {
                        number++;
                        string Get(string property) => threat.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : string.Empty;
                        var id = Get("number") is { Length: > 0 } n ? "TD-" + n : "TD-" + number.ToString(CultureInfo.InvariantCulture);
                        threats.Add(new ImportedThreat(id, Get("title"), Get("type"), assetId, Get("severity"), Get("status"), Get("mitigation"), string.Empty, Get("description")));
                    }
                }
            }

            var title = root.TryGetProperty("summary", out var summary) && summary.TryGetProperty("title", out var titleElement) ? titleElement.GetString() : null;
            return Write(title ?? Path.GetFileNameWithoutExtension(path), "OWASP Threat Dragon", path, assets, threats, today);
        }
    }

    private static string Write(string system, string tool, string source, List<ImportedAsset> assets, List<ImportedThreat> threats, DateOnly today)
    {
        var text = new StringBuilder();
        text.AppendLine("---");
        text.AppendLine("threat-model: 1");
        text.AppendLine("system: " + YamlScalar(system));
        text.AppendLine(CultureInfo.InvariantCulture, $"last-reviewed: {today:yyyy-MM-dd}");
        text.AppendLine("review-every-days: 90");
        text.AppendLine("sign-off: []");
        text.AppendLine("---");
        text.AppendLine($"# Threat model: {system}");
        text.AppendLine();
        text.AppendLine($"Imported from {tool} (`{Path.GetFileName(source)}`). Add lifecycle stages and Detects entries so findings can evidence the threats.");
        text.AppendLine();
        text.AppendLine("## Assets");
        text.AppendLine();
        text.AppendLine("| ID | Asset | Kind |");
        text.AppendLine("|----|-------|------|");
        foreach (var asset in assets)
        {
            text.AppendLine($"| {Cell(asset.Id)} | {Cell(asset.Name)} | {asset.Kind} |");
        }

        text.AppendLine();
        text.AppendLine("## Threats");
        text.AppendLine();
        text.AppendLine("| ID | Threat | Category | Assets | Priority | Status | Controls | Owner | Detects | Source notes |");
        text.AppendLine("|----|--------|----------|--------|----------|--------|----------|-------|---------|--------------|");
        foreach (var threat in threats)
        {
            text.AppendLine($"| {Cell(threat.Id)} | {Cell(threat.Title)} | {Cell(Category(threat.Category))} | {Cell(threat.Assets)} | {Cell(Priority(threat.Priority))} | {Cell(Status(threat.Status))} | {Cell(threat.Controls)} | {Cell(threat.Owner)} | | {Cell(threat.Notes)} |");
        }

        // Accepted risks keep their decision: who accepted, why, and the tracking ticket.
        var accepted = threats.Where(t => Status(t.Status) == "accepted").ToList();
        if (accepted.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Risk decisions");
            text.AppendLine();
            text.AppendLine("| Threat | Decision | Justification | Approved by | Ticket | Expires/Due |");
            text.AppendLine("|--------|----------|---------------|-------------|--------|-------------|");
            foreach (var threat in accepted)
            {
                text.AppendLine($"| {Cell(threat.Id)} | accepted | {Cell(threat.Controls)} | {Cell(threat.Owner)} | {Cell(threat.Ticket)} | |");
            }
        }

        return text.ToString();
    }

    private static (string Ticket, string Date) Tracking(YamlMappingNode? tracking, string id) =>
        tracking?.Children.FirstOrDefault(c => Scalar(c.Key) == id).Value is YamlMappingNode entry
            ? (Scalar(entry, "ticket") ?? string.Empty, Scalar(entry, "date") ?? string.Empty)
            : (string.Empty, string.Empty);

    private static string TrackedStatus(YamlMappingNode? tracking, string id, out string justification, out string checkedBy)
    {
        justification = string.Empty;
        checkedBy = string.Empty;
        if (tracking is null || tracking.Children.FirstOrDefault(c => Scalar(c.Key) == id).Value is not YamlMappingNode entry)
        {
            return "open";
        }

        justification = Scalar(entry, "justification") ?? string.Empty;
        checkedBy = Scalar(entry, "checked_by") ?? string.Empty;
        return Scalar(entry, "status") ?? "open";
    }

    /// <summary>Other tools' statuses in this format's words; the parser's vocabulary covers the rest (unchecked, in-discussion, false-positive...).</summary>
    private static string Status(string status)
    {
        var word = Vocabulary.Normalize(status).ToLowerInvariant();
        return Vocabulary.TryParseStatus(word, out var parsed) ? Vocabulary.Name(parsed) : "open";
    }

    private static string Priority(string severity) => Vocabulary.Normalize(severity).ToLowerInvariant() switch
    {
        "critical" => "critical",
        "high" or "elevated" => "high",
        "medium" => "medium",
        "low" => "low",
        _ => string.Empty,
    };

    private static string Category(string type) => Vocabulary.Normalize(type).ToLowerInvariant() switch
    {
        "spoofing" => "S",
        "tampering" => "T",
        "repudiation" => "R",
        "information-disclosure" or "information disclosure" => "I",
        "denial-of-service" or "denial of service" => "D",
        "elevation-of-privilege" or "elevation of privilege" => "E",
        _ => string.Empty,
    };

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

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Trim();

    private static string YamlScalar(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
