using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Core.Taxonomy;

namespace AiThreatGate.Core.Findings;

/// <summary>
/// Reads SARIF 2.1 logs (as written by <c>-p:ErrorLog=path,version=2.1</c> or any other tool), merges them, and
/// normalises file URIs to repository-relative paths. In-source suppressions are kept with their justification.
/// A file that is missing or is not SARIF 2.1 is an error naming the file and line, never an empty result.
/// </summary>
public static class SarifFindingsReader
{
    public static IReadOnlyList<Finding> Read(IEnumerable<string> files, string repositoryRoot, RuleTaxonomy taxonomy) =>
        Read(files, new RepositoryPathMapper(repositoryRoot), taxonomy);

    /// <summary>Reads and merges the logs, placing every location in the repository through <paramref name="paths"/>.</summary>
    public static IReadOnlyList<Finding> Read(IEnumerable<string> files, RepositoryPathMapper paths, RuleTaxonomy taxonomy)
    {
        var findings = new List<Finding>();
        foreach (var file in files)
        {
            findings.AddRange(ReadFile(file, paths, taxonomy));
        }

        return findings;
    }

    public static IReadOnlyList<Finding> ReadFile(string file, string repositoryRoot, RuleTaxonomy taxonomy) =>
        ReadFile(file, new RepositoryPathMapper(repositoryRoot), taxonomy);

    public static IReadOnlyList<Finding> ReadFile(string file, RepositoryPathMapper paths, RuleTaxonomy taxonomy)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new FindingsInputException($"{file}: cannot read the SARIF file: {exception.Message}", exception);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            throw new FindingsInputException($"{file}:{(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}: error: not valid JSON: {FirstSentence(exception.Message)}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.GetString() != "2.1.0")
            {
                throw new FindingsInputException($"{file}:1:1: error: not a SARIF 2.1.0 log (expected \"version\": \"2.1.0\"; build with -p:ErrorLog=\"file.sarif,version=2.1\")");
            }

            if (!root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                throw new FindingsInputException($"{file}:1:1: error: the SARIF log has no \"runs\" array");
            }

            var findings = new List<Finding>();
            foreach (var run in runs.EnumerateArray())
            {
                try
                {
                    ReadRun(file, run, paths, taxonomy, findings);
                }
                catch (Exception exception) when (exception is InvalidOperationException or FormatException or KeyNotFoundException)
                {
                    // A property of the wrong JSON type ("startLine": "3", "message": "x"): the log is not SARIF 2.1.
                    throw new FindingsInputException($"{file}:1:1: error: not a valid SARIF 2.1.0 log ({exception.Message})", exception);
                }
            }

            return findings;
        }
    }

    private static void ReadRun(string file, JsonElement run, RepositoryPathMapper paths, RuleTaxonomy taxonomy, List<Finding> findings)
    {
        var ruleTags = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var ruleLevels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ruleIndexIds = new List<string>();
        if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver) && driver.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in rules.EnumerateArray())
            {
                var id = rule.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? string.Empty : string.Empty;
                ruleIndexIds.Add(id);
                var tags = new List<string>();
                if (rule.TryGetProperty("properties", out var properties) && properties.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(tagArray.EnumerateArray().Select(t => t.GetString()).OfType<string>());
                }

                ruleTags[id] = tags;
                if (rule.TryGetProperty("defaultConfiguration", out var configuration) && configuration.TryGetProperty("level", out var defaultLevel) && defaultLevel.ValueKind == JsonValueKind.String)
                {
                    ruleLevels[id] = defaultLevel.GetString()!;
                }
            }
        }

        var baseIds = new Dictionary<string, (string? Uri, string? BaseId)>(StringComparer.Ordinal);
        if (run.TryGetProperty("originalUriBaseIds", out var bases) && bases.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in bases.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object)
                {
                    baseIds[entry.Name] = (
                        entry.Value.TryGetProperty("uri", out var uri) ? uri.GetString() : null,
                        entry.Value.TryGetProperty("uriBaseId", out var parent) ? parent.GetString() : null);
                }
            }
        }

        if (!run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var result in results.EnumerateArray())
        {
            index++;
            var ruleId = result.TryGetProperty("ruleId", out var ruleIdElement) ? ruleIdElement.GetString() : null;
            if (ruleId is null && result.TryGetProperty("ruleIndex", out var ruleIndex) && ruleIndex.TryGetInt32(out var i) && i >= 0 && i < ruleIndexIds.Count)
            {
                ruleId = ruleIndexIds[i];
            }

            if (string.IsNullOrEmpty(ruleId))
            {
                throw new FindingsInputException($"{file}:1:1: error: result {index} has no ruleId");
            }

            // Without its own level a result has its rule's default level (SARIF 3.27.10), else warning.
            var level = result.TryGetProperty("level", out var levelElement) ? levelElement.GetString() : ruleLevels.GetValueOrDefault(ruleId, "warning");
            var message = result.TryGetProperty("message", out var messageElement) && messageElement.TryGetProperty("text", out var textElement) ? textElement.GetString() ?? string.Empty : string.Empty;
            string? path = null;
            string? unmapped = null;
            var line = 0;
            var column = 0;
            if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
                && locations[0].TryGetProperty("physicalLocation", out var physical))
            {
                if (physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var uriElement))
                {
                    var baseId = artifact.TryGetProperty("uriBaseId", out var baseElement) ? baseElement.GetString() : null;
                    var mapped = paths.MapArtifact(uriElement.GetString() ?? string.Empty, baseId, baseIds);
                    (path, unmapped) = (mapped.Path, mapped.UnmappedReason);
                }

                if (physical.TryGetProperty("region", out var region))
                {
                    line = region.TryGetProperty("startLine", out var startLine) ? startLine.GetInt32() : 0;
                    column = region.TryGetProperty("startColumn", out var startColumn) ? startColumn.GetInt32() : 0;
                }
            }

            Suppression? suppression = null;
            if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in suppressions.EnumerateArray())
                {
                    var kind = item.TryGetProperty("kind", out var kindElement) ? kindElement.GetString() ?? "inSource" : "inSource";
                    var status = item.TryGetProperty("status", out var statusElement) ? statusElement.GetString() : "accepted";
                    // Only a suppression in force counts: one under review or rejected leaves the finding active.
                    if (status is not null and not "accepted")
                    {
                        continue;
                    }

                    suppression = new Suppression(kind, item.TryGetProperty("justification", out var justification) ? justification.GetString() ?? string.Empty : string.Empty);
                }
            }

            var tags = ruleTags.TryGetValue(ruleId, out var fromLog) && fromLog.Count > 0 ? fromLog : taxonomy.TagsOf(ruleId).ToList();
            findings.Add(new Finding(ruleId, ParseLevel(level), message, path, line, column, tags, suppression) { UnmappedReason = unmapped });
        }
    }

    public static FindingLevel ParseLevel(string? level) => level switch
    {
        "error" => FindingLevel.Error,
        "note" or "none" => FindingLevel.Note,
        _ => FindingLevel.Warning,
    };

    private static string FirstSentence(string text)
    {
        var dot = text.IndexOf(". ", StringComparison.Ordinal);
        return dot < 0 ? text : text[..(dot + 1)];
    }
}
