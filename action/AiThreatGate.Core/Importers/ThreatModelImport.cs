using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiThreatGate.Core.Importers;

/// <summary>The other tools' formats the importer reads, as recognised from a file's content.</summary>
public enum ImportFormat
{
    Threagile,
    ThreatDragonV1,
    ThreatDragonV2,
    TmBom,
}

/// <summary>Something in the source that is not in the Markdown (skipped) or arrived changed (adjusted), and why.</summary>
public sealed record ImportNote(string Item, string Reason)
{
    public override string ToString() => $"{Item}: {Reason}";
}

/// <summary>
/// The Markdown model and an account of the import: what arrived, what was left out and what was read differently,
/// so that nothing of the source is lost without the user being told.
/// </summary>
public sealed record ImportResult(string Markdown, ImportFormat Format, int Threats, int Assets, IReadOnlyList<ImportNote> Skipped, IReadOnlyList<ImportNote> Adjusted);

/// <summary>
/// Converts Threagile YAML, OWASP Threat Dragon 1.x/2.x JSON and TM-BOM (the OWASP threat-model library format Threat
/// Dragon is moving to) into this format's Markdown, so a team can adopt the gate without rewriting its model. The
/// format is recognised from the content; the result is ordinary Markdown: review it, add Detects entries and stages.
/// </summary>
public static class ThreatModelImport
{
    /// <summary>Files the loader imports instead of parsing as Markdown (by extension; the format itself is read from the content).</summary>
    public static bool IsImportable(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static string ToMarkdown(string text, string path, DateOnly today) => Import(text, path, today).Markdown;

    /// <summary>Recognises the format from the content and converts it; an unrecognised file is an <see cref="ImportException"/> naming it, never an empty model.</summary>
    public static ImportResult Import(string text, string path, DateOnly today)
    {
        ImportedModel model;
        if (LooksLikeJson(text))
        {
            using var document = ParseJson(text, path);
            var root = document.RootElement;
            model = ThreatDragonImporter.IsThreatDragon(root) ? ThreatDragonImporter.Read(root, path)
                : TmBomImporter.IsTmBom(root) ? TmBomImporter.Read(root)
                : throw new ImportException($"{path}:1:1: error: {Path.GetFileName(path)} is not a model the importer recognises: expected Threat Dragon 1.x (detail.diagrams[].diagramJson.cells), Threat Dragon 2.x (detail.diagrams[].cells) or TM-BOM (scope, components, threats, controls){Describe(root)}");
        }
        else
        {
            model = ThreagileImporter.Read(ParseYaml(text, path), path);
        }

        var markdown = ImportWriter.Write(model, path, today);
        return new ImportResult(markdown, model.Format, model.Threats.Count, model.Assets.Count, model.Skipped, model.Adjusted);
    }

    /// <summary>JSON by content, whatever the extension: Threagile is YAML and never starts with a brace or bracket.</summary>
    private static bool LooksLikeJson(string text)
    {
        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n".AsSpan());
        return start.Length > 0 && start[0] is '{' or '[';
    }

    private static JsonDocument ParseJson(string text, string path)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            throw new ImportException($"{path}:{(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: error: invalid JSON: {exception.Message}", exception);
        }
    }

    private static YamlMappingNode ParseYaml(string text, string path)
    {
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.FirstOrDefault()?.RootNode;
        }
        catch (YamlException exception)
        {
            throw new ImportException($"{path}:{exception.Start.Line}:{exception.Start.Column}: error: invalid YAML: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            throw new ImportException($"{path}:1:1: error: invalid YAML: {exception.Message}", exception);
        }

        if (root is not YamlMappingNode mapping || !ThreagileImporter.IsThreagile(mapping))
        {
            var line = root is null ? 1 : (int)Math.Max(1, root.Start.Line);
            throw new ImportException($"{path}:{line}:1: error: {Path.GetFileName(path)} is not a model the importer recognises: expected a Threagile model (a YAML mapping with threagile_version, technical_assets, data_assets, individual_risk_categories or risk_tracking), or a Threat Dragon / TM-BOM JSON file");
        }

        return mapping;
    }

    private static string Describe(JsonElement root) => root.ValueKind == JsonValueKind.Object
        ? "; its top-level keys are: " + (root.EnumerateObject().Any() ? string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(12)) : "(none)")
        : $"; its top level is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
}
