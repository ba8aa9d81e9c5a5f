using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Taxonomy;

/// <summary>What the gate knows about a rule: its ID, title, default severity and taxonomy tags.</summary>
public sealed record RuleInfo(string Id, string Title, string DefaultSeverity, IReadOnlyList<string> Tags, string? HelpUri);

/// <summary>
/// The analyzer rules the gate knows. The gate core does not reference the analyzers (it knows no Roslyn): the rules reach
/// it as data, <c>rules.json</c> beside this file, generated from the analyzers' catalog and checked against it by
/// <c>GeneratedDocsTests</c> so the two never drift.
/// </summary>
public sealed class RuleTaxonomy
{
    private const string ResourceName = "AiThreatGate.Core.Taxonomy.rules.json";

    private readonly Dictionary<string, RuleInfo> _byId;

    public RuleTaxonomy(IEnumerable<RuleInfo> rules)
    {
        Rules = rules.ToList();
        _byId = Rules.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The rules of the analyzers this gate ships with.</summary>
    public static RuleTaxonomy Default { get; } = new(ReadEmbedded());

    public IReadOnlyList<RuleInfo> Rules { get; }

    public RuleInfo? Find(string id) => _byId.TryGetValue(id, out var rule) ? rule : null;

    /// <summary>Tags of a rule the gate knows; a foreign rule (from another analyzer's SARIF) has none.</summary>
    public IReadOnlyList<string> TagsOf(string ruleId) => Find(ruleId)?.Tags ?? Array.Empty<string>();

    public bool MatchesAnyRule(DetectsEntry entry) => Rules.Any(r => entry.MatchesRule(r.Id, r.Tags));

    /// <summary>Reads a rule list in the format of <c>rules.json</c>: an array of objects with the <see cref="RuleInfo"/> members.</summary>
    public static IReadOnlyList<RuleInfo> Parse(Stream json)
    {
        var rules = JsonSerializer.Deserialize(json, RuleTaxonomyJsonContext.Default.RuleInfoArray);
        return rules ?? Array.Empty<RuleInfo>();
    }

    private static IReadOnlyList<RuleInfo> ReadEmbedded()
    {
        using var stream = typeof(RuleTaxonomy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The rule list {ResourceName} is missing from {typeof(RuleTaxonomy).Assembly.GetName().Name}; the build embeds it.");
        var rules = Parse(stream);
        return rules.Count > 0 ? rules : throw new InvalidOperationException($"The rule list {ResourceName} is empty; regenerate it (see GeneratedDocsTests).");
    }
}
