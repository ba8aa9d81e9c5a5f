using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Reports;

/// <summary>
/// Re-exports the findings as SARIF 2.1.0 enriched with the threat model: repository-relative URIs under
/// <c>%SRCROOT%</c>, partial fingerprints, rule help, <c>security-severity</c> derived from the matched threat's
/// priority (or the finding's own severity when unmodeled), and the threat IDs in each result's properties.
/// </summary>
public static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string FingerprintKey = "aiThreatGate/v1";

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(GateVerdict verdict, RuleTaxonomy taxonomy) => JsonSerializer.Serialize(Build(verdict, taxonomy), SerializerOptions);

    /// <summary>Streams the log to <paramref name="output"/> without building it as one string (large finding sets).</summary>
    public static void Write(Stream output, GateVerdict verdict, RuleTaxonomy taxonomy) => JsonSerializer.Serialize(output, Build(verdict, taxonomy), SerializerOptions);

    private static SarifLog Build(GateVerdict verdict, RuleTaxonomy taxonomy)
    {
        var threatsById = verdict.Model.Threats.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var blockingFindings = verdict.BlockingReasons.SelectMany(r => r.Findings).ToHashSet(FindingIdentityComparer.Instance);
        var preExisting = verdict.PreExisting.ToHashSet(FindingIdentityComparer.Instance);

        var severities = new Dictionary<Finding, double>(FindingIdentityComparer.Instance);
        double SeverityOf(Finding finding)
        {
            if (!severities.TryGetValue(finding, out var severity))
            {
                severity = ComputeSeverity(finding);
                severities[finding] = severity;
            }

            return severity;
        }

        double ComputeSeverity(Finding finding)
        {
            var threatIds = verdict.ThreatsByFinding.TryGetValue(finding, out var ids) ? ids : Array.Empty<string>();
            var priorities = threatIds.Select(id => threatsById.TryGetValue(id, out var t) ? t.Priority : Priority.Low).ToList();
            var priority = priorities.Count > 0 ? priorities.Max() : GateEngine.SeverityPriority(finding.Level);
            return priority switch
            {
                Priority.Critical => 9.5,
                Priority.High => 8.0,
                Priority.Medium => 5.5,
                _ => 3.0,
            };
        }

        var ruleIds = verdict.AllFindings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
        var ruleIndex = ruleIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var byRule = verdict.AllFindings.GroupBy(f => f.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rules = ruleIds.Select(id =>
        {
            var info = taxonomy.Find(id);
            var findings = byRule[id];
            var tags = (info?.Tags ?? findings[0].Tags).Append("security").Distinct().ToList();
            var title = info?.Title ?? id;
            var help = $"{title}. Threats of the model this rule evidences are listed in each result's properties.threats." + (info?.HelpUri is { } uri ? " Documentation: " + uri : string.Empty);
            return new SarifRule(
                id,
                title.Replace(" ", string.Empty, StringComparison.Ordinal),
                new SarifMessage(title),
                info?.HelpUri,
                new SarifMultiformatMessage(help, info?.HelpUri is { } link ? $"**{title}** — see [{id}]({link})." : $"**{title}**"),
                new SarifConfiguration(info?.DefaultSeverity switch { "error" => "error", "info" => "note", _ => "warning" }),
                new SarifRuleProperties(tags, findings.Max(SeverityOf).ToString("0.0", CultureInfo.InvariantCulture), "high"));
        }).ToList();

        var results = verdict.AllFindings.Select(f => new SarifResult(
            f.RuleId,
            ruleIndex[f.RuleId],
            f.Level switch { FindingLevel.Error => "error", FindingLevel.Note => "note", _ => "warning" },
            new SarifMessage(string.IsNullOrEmpty(f.Message) ? f.RuleId : f.Message),
            f.Path is null ? null : new[]
            {
                new SarifLocation(new SarifPhysicalLocation(
                    ArtifactLocation(f.Path),
                    f.Line >= 1 ? new SarifRegion(f.Line, f.Column >= 1 ? f.Column : null) : null)),
            },
            new Dictionary<string, string> { [FingerprintKey] = f.Fingerprint },
            f.Suppression is { } s ? new[] { new SarifSuppression(s.Kind is "external" ? "external" : "inSource", s.Justification) } : null,
            new SarifResultProperties(
                verdict.ThreatsByFinding.TryGetValue(f, out var ids) ? ids : Array.Empty<string>(),
                SeverityOf(f).ToString("0.0", CultureInfo.InvariantCulture),
                blockingFindings.Contains(f),
                !preExisting.Contains(f)))
        {
            RelatedLocations = f.RelatedLocations.Count == 0 ? null : f.RelatedLocations.Select((related, i) => new SarifRelatedLocation(
                i + 1,
                new SarifPhysicalLocation(ArtifactLocation(related.Path), related.Line >= 1 ? new SarifRegion(related.Line, null) : null))).ToList(),
        }).ToList();

        return new SarifLog(
            SchemaUri,
            "2.1.0",
            new[]
            {
                new SarifRun(
                    new SarifTool(new SarifDriver("AiThreatGate", ToolInfo.Version, ToolInfo.Version, ToolInfo.InformationUri, rules)),
                    results,
                    null,
                    new SarifAutomationDetails("aithreatgate/" + (verdict.Options.Mode == GateMode.Release ? "release" : "pr") + "/")),
            });
    }

    /// <summary>Findings alone (the <c>scan</c> command): no threat model, so no threat IDs and severity from the findings' own levels.</summary>
    public static string RenderFindings(IReadOnlyList<Finding> findings, RuleTaxonomy taxonomy)
    {
        var empty = new ThreatModelDocument("(none)", FrontMatter.Empty, Array.Empty<Asset>(), Array.Empty<Threat>(), Array.Empty<RiskDecision>(), Array.Empty<StageExclusion>(), Array.Empty<FreeSection>(), Array.Empty<ModelDiagnostic>());
        var verdict = new GateVerdict(
            new GateOptions(GateMode.PullRequest, Priority.High, UnmodeledBlocks: false, StaleBlocks: false, DateOnly.FromDateTime(DateTime.UtcNow)),
            empty,
            Array.Empty<BlockingReason>(),
            Array.Empty<string>(),
            Array.Empty<ThreatAssessment>(),
            findings,
            Array.Empty<Finding>(),
            findings);
        return Render(verdict, taxonomy);
    }

    private static SarifArtifactLocation ArtifactLocation(string path) =>
        IsRelative(path) ? new SarifArtifactLocation(EscapeUri(path), "%SRCROOT%") : new SarifArtifactLocation(new Uri(path).AbsoluteUri, null);

    private static bool IsRelative(string path) => !System.IO.Path.IsPathRooted(path);

    private static string EscapeUri(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
