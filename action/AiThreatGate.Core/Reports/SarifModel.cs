using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AiThreatGate.Core.Reports;

// Hand-written SARIF 2.1.0 types: only what the gate writes. Validated against the OASIS schema in tests.
#pragma warning disable SA1402, SA1649

public sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("runs")] IReadOnlyList<SarifRun> Runs);

public sealed record SarifRun(
    [property: JsonPropertyName("tool")] SarifTool Tool,
    [property: JsonPropertyName("results")] IReadOnlyList<SarifResult> Results,
    [property: JsonPropertyName("originalUriBaseIds")] IReadOnlyDictionary<string, SarifArtifactLocation>? OriginalUriBaseIds,
    [property: JsonPropertyName("automationDetails")] SarifAutomationDetails? AutomationDetails);

public sealed record SarifAutomationDetails([property: JsonPropertyName("id")] string Id);

public sealed record SarifTool([property: JsonPropertyName("driver")] SarifDriver Driver);

public sealed record SarifDriver(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("semanticVersion")] string SemanticVersion,
    [property: JsonPropertyName("informationUri")] string InformationUri,
    [property: JsonPropertyName("rules")] IReadOnlyList<SarifRule> Rules);

public sealed record SarifRule(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("shortDescription")] SarifMessage ShortDescription,
    [property: JsonPropertyName("helpUri")] string? HelpUri,
    [property: JsonPropertyName("help")] SarifMultiformatMessage Help,
    [property: JsonPropertyName("defaultConfiguration")] SarifConfiguration DefaultConfiguration,
    [property: JsonPropertyName("properties")] SarifRuleProperties Properties);

public sealed record SarifConfiguration([property: JsonPropertyName("level")] string Level);

public sealed record SarifRuleProperties(
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("security-severity")] string SecuritySeverity,
    [property: JsonPropertyName("precision")] string Precision);

public sealed record SarifMessage([property: JsonPropertyName("text")] string Text);

public sealed record SarifMultiformatMessage(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("markdown")] string Markdown);

public sealed record SarifResult(
    [property: JsonPropertyName("ruleId")] string RuleId,
    [property: JsonPropertyName("ruleIndex")] int RuleIndex,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("message")] SarifMessage Message,
    [property: JsonPropertyName("locations")] IReadOnlyList<SarifLocation>? Locations,
    [property: JsonPropertyName("partialFingerprints")] IReadOnlyDictionary<string, string> PartialFingerprints,
    [property: JsonPropertyName("suppressions")] IReadOnlyList<SarifSuppression>? Suppressions,
    [property: JsonPropertyName("properties")] SarifResultProperties Properties)
{
    /// <summary>Where the flow a result reports comes from (its source, and across projects the other project's model call or sink).</summary>
    [JsonPropertyName("relatedLocations")]
    public IReadOnlyList<SarifRelatedLocation>? RelatedLocations { get; init; }
}

public sealed record SarifRelatedLocation(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("physicalLocation")] SarifPhysicalLocation PhysicalLocation);

public sealed record SarifResultProperties(
    [property: JsonPropertyName("threats")] IReadOnlyList<string> Threats,
    [property: JsonPropertyName("security-severity")] string SecuritySeverity,
    [property: JsonPropertyName("blocking")] bool Blocking,
    [property: JsonPropertyName("inChange")] bool InChange);

public sealed record SarifSuppression(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("justification")] string Justification);

public sealed record SarifLocation([property: JsonPropertyName("physicalLocation")] SarifPhysicalLocation PhysicalLocation);

public sealed record SarifPhysicalLocation(
    [property: JsonPropertyName("artifactLocation")] SarifArtifactLocation ArtifactLocation,
    [property: JsonPropertyName("region")] SarifRegion? Region);

public sealed record SarifArtifactLocation(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("uriBaseId")] string? UriBaseId);

public sealed record SarifRegion(
    [property: JsonPropertyName("startLine")] int StartLine,
    [property: JsonPropertyName("startColumn")] int? StartColumn);
