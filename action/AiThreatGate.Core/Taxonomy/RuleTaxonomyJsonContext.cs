using System.Text.Json.Serialization;

namespace AiThreatGate.Core.Taxonomy;

/// <summary>Source-generated (de)serialization of <c>rules.json</c>: camelCase members, indented so diffs of the file stay readable.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RuleInfo[]))]
internal sealed partial class RuleTaxonomyJsonContext : JsonSerializerContext
{
}
