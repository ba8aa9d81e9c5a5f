using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Taxonomy;

/// <summary>What the gate knows about a rule: its ID, title, default severity and taxonomy tags.</summary>
public sealed record RuleInfo(string Id, string Title, string DefaultSeverity, IReadOnlyList<string> Tags, string? HelpUri);

/// <summary>The analyzer rules the gate knows, read from the analyzers' own catalog so the two never drift.</summary>
public sealed class RuleTaxonomy
{
    private readonly Dictionary<string, RuleInfo> _byId;

    public RuleTaxonomy(IEnumerable<RuleInfo> rules)
    {
        Rules = rules.ToList();
        _byId = Rules.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
    }

    public static RuleTaxonomy Default { get; } = new(RuleCatalog.All.Select(d => new RuleInfo(
        d.Id,
        d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        d.DefaultSeverity.ToString().ToLowerInvariant(),
        d.CustomTags.Where(t => t != RuleCatalog.ProductTag).ToList(),
        d.HelpLinkUri)));

    public IReadOnlyList<RuleInfo> Rules { get; }

    public RuleInfo? Find(string id) => _byId.TryGetValue(id, out var rule) ? rule : null;

    /// <summary>Tags of a rule the gate knows; a foreign rule (from another analyzer's SARIF) has none.</summary>
    public IReadOnlyList<string> TagsOf(string ruleId) => Find(ruleId)?.Tags ?? Array.Empty<string>();

    public bool MatchesAnyRule(DetectsEntry entry) => Rules.Any(r => entry.MatchesRule(r.Id, r.Tags));
}
