using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Reports;

/// <summary>The machine-readable verdict; its schema is <c>docs/report.schema.json</c> (schemaVersion 1).</summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    public static string Render(GateVerdict verdict)
    {
        var model = verdict.Model;
        var findingIndex = verdict.AllFindings.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, FindingIdentityComparer.Instance);
        var preExisting = verdict.PreExisting.ToHashSet(FindingIdentityComparer.Instance);
        var notConsidered = verdict.NotConsidered.ToHashSet(FindingIdentityComparer.Instance);
        var unmodeled = verdict.Unmodeled.ToHashSet(FindingIdentityComparer.Instance);

        var root = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["tool"] = new JsonObject { ["name"] = "AiThreatGate", ["version"] = ToolInfo.Version },
            ["mode"] = verdict.Options.Mode == GateMode.Release ? "release" : "pr",
            ["verdict"] = verdict.VerdictWord,
            ["blockPriority"] = Vocabulary.Name(verdict.Options.BlockPriority),
            ["threatModel"] = new JsonObject
            {
                ["path"] = model.FilePath,
                ["system"] = model.FrontMatter.SystemName,
                ["lastReviewed"] = model.FrontMatter.LastReviewed?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
            ["summary"] = new JsonObject
            {
                ["findings"] = verdict.AllFindings.Count,
                ["findingsInChange"] = verdict.InChangeCount,
                ["preExisting"] = verdict.PreExisting.Count,
                ["unmodeled"] = verdict.Unmodeled.Count,
                ["notConsidered"] = verdict.NotConsidered.Count,
                ["unmapped"] = verdict.AllFindings.Count(f => f.UnmappedReason is not null),
                ["threats"] = verdict.Threats.Count,
                ["resolvedThreats"] = verdict.Threats.Count(t => t.Resolution.IsResolved),
                ["blockingReasons"] = verdict.BlockingReasons.Count,
            },
            ["blockingReasons"] = new JsonArray(verdict.BlockingReasons.Select(r => (JsonNode)new JsonObject
            {
                ["kind"] = JsonNamingPolicy.CamelCase.ConvertName(r.Kind.ToString()),
                ["summary"] = r.Summary,
                ["howToResolve"] = r.HowToResolve,
                ["threatId"] = r.Threat?.Id,
                ["findings"] = new JsonArray(r.Findings.Select(f => (JsonNode)JsonValue.Create(findingIndex[f])).ToArray()),
            }).ToArray()),
            ["warnings"] = new JsonArray(verdict.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
            ["threats"] = new JsonArray(verdict.Threats.Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Threat.Id,
                ["title"] = t.Threat.Title,
                ["priority"] = Vocabulary.Name(t.Threat.Priority),
                ["status"] = Vocabulary.Name(t.Threat.Status),
                ["resolved"] = t.Resolution.IsResolved,
                ["resolution"] = t.Resolution.Explanation,
                ["stages"] = new JsonArray(t.Threat.Stages.Select(s => (JsonNode)JsonValue.Create(Vocabulary.Name(s))!).ToArray()),
                ["blocking"] = t.Blocking,
                ["findings"] = new JsonArray(t.Findings.Concat(t.PreExistingFindings).Select(f => (JsonNode)JsonValue.Create(findingIndex[f])).ToArray()),
            }).ToArray()),
            ["findings"] = new JsonArray(verdict.AllFindings.Select(f => (JsonNode)new JsonObject
            {
                ["ruleId"] = f.RuleId,
                ["level"] = f.Level.ToString().ToLowerInvariant(),
                ["message"] = f.Message,
                ["path"] = f.Path,
                ["line"] = f.Line,
                ["column"] = f.Column,
                ["tags"] = new JsonArray(f.Tags.Select(tag => (JsonNode)JsonValue.Create(tag)!).ToArray()),
                ["threats"] = new JsonArray((verdict.ThreatsByFinding.TryGetValue(f, out var ids) ? ids : System.Array.Empty<string>()).Select(id => (JsonNode)JsonValue.Create(id)!).ToArray()),
                ["inChange"] = !preExisting.Contains(f) && !notConsidered.Contains(f),
                ["considered"] = !notConsidered.Contains(f),
                ["unmodeled"] = unmodeled.Contains(f),
                ["unmappedReason"] = f.UnmappedReason,
                ["suppressed"] = f.Suppression is not null,
                ["justification"] = f.Suppression?.Justification,
                ["fingerprint"] = f.Fingerprint,
            }).ToArray()),
        };

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
