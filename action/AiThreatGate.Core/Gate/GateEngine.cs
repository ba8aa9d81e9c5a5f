using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Gate;

/// <summary>
/// Joins findings to threats and decides. PR mode blocks on new evidence of unresolved threats at or above the
/// threshold, on unmodeled findings of that severity, on suppressions that cite no resolved threat, and on
/// threats marked resolved without the required approval; release mode also requires every threat at or above the
/// threshold to be resolved, sign-offs newer than the model, a fresh review and every lifecycle stage addressed.
/// </summary>
public static class GateEngine
{
    public static GateVerdict Evaluate(ThreatModelDocument model, IReadOnlyList<Finding> findings, GateOptions options)
    {
        if (model.HasErrors)
        {
            throw new InvalidOperationException("The gate evaluates only a threat model without errors; report its diagnostics instead.");
        }

        // Threats are keyed by identity: a record's value hash would walk every column for every lookup.
        var resolutions = model.Threats.ToDictionary(t => t, t => ThreatResolution.Evaluate(t, model, options.Today), ThreatIdentity);
        var matcher = new ThreatMatcher(model.Threats);
        var newByThreat = model.Threats.ToDictionary(t => t, _ => new List<Finding>(), ThreatIdentity);
        var oldByThreat = model.Threats.ToDictionary(t => t, _ => new List<Finding>(), ThreatIdentity);
        var unmodeled = new List<Finding>();
        var preExisting = new List<Finding>();
        var badSuppressions = new List<Finding>();
        var notConsidered = new List<Finding>();
        var threatsByFinding = new Dictionary<Finding, IReadOnlyList<string>>(FindingIdentityComparer.Instance);
        var blocking = new List<BlockingReason>();
        var warnings = new List<string>();

        foreach (var finding in findings)
        {
            if (!finding.IsAiThreatGateRule && !matcher.IsNamed(finding))
            {
                notConsidered.Add(finding);
                continue;
            }

            var isNew = IsInChange(finding, options);
            var matched = matcher.Match(finding);
            threatsByFinding[finding] = matched.Select(t => t.Id).ToList();

            if (finding.Suppression is { } suppression)
            {
                // A suppression is justified only by a resolved threat that this finding evidences: citing any
                // resolved threat would let one mitigated prompt-injection threat silence a SQL injection.
                if (!CitesResolvedThreat(suppression.Justification, matched, resolutions) && isNew)
                {
                    badSuppressions.Add(finding);
                }

                continue;
            }

            if (!isNew)
            {
                preExisting.Add(finding);
            }

            if (matched.Count == 0)
            {
                unmodeled.Add(finding);
                continue;
            }

            foreach (var threat in matched)
            {
                (isNew ? newByThreat : oldByThreat)[threat].Add(finding);
            }
        }

        var assessments = new List<ThreatAssessment>();
        foreach (var threat in model.Threats)
        {
            var resolution = resolutions[threat];
            var atThreshold = threat.Priority >= options.BlockPriority;
            var evidenced = newByThreat[threat].Count > 0;
            var blocks = atThreshold && !resolution.IsResolved && (evidenced || options.Mode == GateMode.Release);
            if (blocks)
            {
                blocking.Add(new BlockingReason(
                    BlockKind.UnresolvedThreat,
                    $"{threat.Id} \"{threat.Title}\" ({Vocabulary.Name(threat.Priority)} priority) is {resolution.Explanation}" + (evidenced ? $" and the change carries {Count(newByThreat[threat].Count, "finding")} evidencing it" : string.Empty),
                    HowToResolveThreat(threat, resolution),
                    threat,
                    newByThreat[threat]));
            }

            assessments.Add(new ThreatAssessment(threat, resolution, newByThreat[threat], oldByThreat[threat], blocks));
        }

        var newUnmodeled = unmodeled.Where(f => IsInChange(f, options)).ToList();
        foreach (var group in newUnmodeled.GroupBy(f => f.RuleId, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var severe = group.Where(f => SeverityPriority(f.Level) >= options.BlockPriority).ToList();
            if (severe.Count == 0)
            {
                continue;
            }

            if (options.UnmodeledBlocks)
            {
                blocking.Add(new BlockingReason(
                    BlockKind.UnmodeledFinding,
                    $"{Count(severe.Count, "finding")} of {group.Key} match no threat in the model",
                    $"Add a threat whose Detects column names {group.Key} (or one of its tags: {string.Join(", ", severe[0].Tags.Take(4))}), or fix the code.",
                    null,
                    severe));
            }
            else
            {
                warnings.Add($"{Count(severe.Count, "finding")} of {group.Key} match no threat in the model (unmodeled: warn).");
            }
        }

        if (badSuppressions.Count > 0)
        {
            blocking.Add(new BlockingReason(
                BlockKind.InvalidSuppression,
                $"{Count(badSuppressions.Count, "suppression")} in source cite no resolved threat that the finding evidences",
                "Cite, in the suppression's justification, the ID of a resolved threat whose Detects covers the finding's rule or tags at its path (for example Justification = \"TM-004\"), or remove the suppression.",
                null,
                badSuppressions));
        }

        if (options.BaseModel is { } baseModelForEvidence && options.Mode == GateMode.PullRequest)
        {
            AddWeakenedThreats(model, baseModelForEvidence, findings, options, resolutions, blocking, notConsidered, badSuppressions);
        }

        if (options.BaseModel is { } baseModel)
        {
            foreach (var threat in model.Threats.Where(t => t.Priority >= options.BlockPriority))
            {
                var before = baseModel.FindThreat(threat.Id);
                var now = resolutions[threat];
                if (before is not null
                    && before.Status is ThreatStatus.Open or ThreatStatus.InProgress
                    && threat.Status is ThreatStatus.Accepted or ThreatStatus.Planned or ThreatStatus.Eliminated or ThreatStatus.Transferred
                    && !now.IsResolved
                    && !blocking.Any(b => b.Threat == threat))
                {
                    blocking.Add(new BlockingReason(
                        BlockKind.ThreatResolvedWithoutApproval,
                        $"{threat.Id} was changed from {Vocabulary.Name(before.Status)} to {Vocabulary.Name(threat.Status)} but is {now.Explanation}",
                        "Add the risk decision with approver, justification, ticket and date that the new status needs.",
                        threat,
                        Array.Empty<Finding>()));
                }
            }
        }

        EvaluateModelHealth(model, options, blocking, warnings);

        // A pass that the same change's model edits made (a threat marked mitigated, a new threat absorbing an
        // unmodeled finding) is legitimate only if the model's owners agree: say so where reviewers look.
        if (blocking.Count == 0 && options.Mode == GateMode.PullRequest && options.BaseModel is { } baseForComparison)
        {
            var onBase = Evaluate(baseForComparison, findings, options with { BaseModel = null });
            if (!onBase.Passed)
            {
                warnings.Add($"This change passes only because it edits the threat model: judged by the base branch's model it is blocked ({string.Join("; ", onBase.BlockingReasons.Take(3).Select(r => r.Summary))}{(onBase.BlockingReasons.Count > 3 ? "; …" : string.Empty)}). The model's owners should review that edit.");
            }
        }
        return new GateVerdict(options, model, blocking, warnings, assessments, unmodeled, preExisting, findings)
        {
            ThreatsByFinding = threatsByFinding,
            NotConsidered = notConsidered,
        };
    }

    private static readonly IEqualityComparer<Threat> ThreatIdentity = ReferenceEqualityComparer.Instance;

    /// <summary>
    /// A change must not pass by editing the model that judges it. A finding of the change that evidences an
    /// unresolved, at-threshold threat of the base branch's model still blocks when the same change removes that
    /// threat, lowers its priority below the threshold, or narrows its Detects so the finding no longer matches.
    /// A threat the change marks resolved is left to the resolution rules (controls, approvals), which still apply.
    /// </summary>
    private static void AddWeakenedThreats(
        ThreatModelDocument model,
        ThreatModelDocument baseModel,
        IReadOnlyList<Finding> findings,
        GateOptions options,
        Dictionary<Threat, Resolution> resolutions,
        List<BlockingReason> blocking,
        List<Finding> notConsidered,
        List<Finding> badSuppressions)
    {
        var baseMatcher = new ThreatMatcher(baseModel.Threats);
        var headMatcher = new ThreatMatcher(model.Threats);
        var ignored = notConsidered.Concat(badSuppressions).ToHashSet(FindingIdentityComparer.Instance);
        var weakened = new Dictionary<string, (Threat BaseThreat, string How, List<Finding> Findings)>(StringComparer.OrdinalIgnoreCase);
        foreach (var finding in findings)
        {
            if (finding.Suppression is not null || ignored.Contains(finding) || !IsInChange(finding, options))
            {
                continue;
            }

            var matchedNow = headMatcher.Match(finding);
            foreach (var baseThreat in baseMatcher.Match(finding))
            {
                if (baseThreat.Priority < options.BlockPriority || ThreatResolution.Evaluate(baseThreat, baseModel, options.Today).IsResolved)
                {
                    continue;
                }

                var now = model.FindThreat(baseThreat.Id);
                string how;
                if (now is null)
                {
                    how = "removes it from the model";
                }
                else if (resolutions[now].IsResolved || blocking.Any(b => ReferenceEquals(b.Threat, now)))
                {
                    continue;
                }
                else if (now.Priority < options.BlockPriority)
                {
                    how = $"lowers its priority to {Vocabulary.Name(now.Priority)}";
                }
                else if (!matchedNow.Contains(now))
                {
                    how = "changes its Detects so that the finding no longer matches it";
                }
                else
                {
                    continue;
                }

                if (!weakened.TryGetValue(baseThreat.Id, out var entry))
                {
                    weakened[baseThreat.Id] = entry = (baseThreat, how, new List<Finding>());
                }

                entry.Findings.Add(finding);
            }
        }

        foreach (var (id, (baseThreat, how, evidence)) in weakened.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            blocking.Add(new BlockingReason(
                BlockKind.WeakenedThreat,
                $"{id} \"{baseThreat.Title}\" ({Vocabulary.Name(baseThreat.Priority)} priority) is unresolved on the base branch and the change carries {Count(evidence.Count, "finding")} evidencing it, while the same change {how}",
                "A change cannot loosen the threat model that judges it: fix the code, or merge the threat-model change on its own (reviewed) first, or resolve the threat (controls, an approved decision).",
                model.FindThreat(id),
                evidence));
        }
    }

    /// <summary>An error finding weighs as a high-priority risk, a warning as medium, a note as low.</summary>
    public static Priority SeverityPriority(FindingLevel level) => level switch
    {
        FindingLevel.Error => Priority.High,
        FindingLevel.Warning => Priority.Medium,
        _ => Priority.Low,
    };

    private static void EvaluateModelHealth(ThreatModelDocument model, GateOptions options, List<BlockingReason> blocking, List<string> warnings)
    {
        var front = model.FrontMatter;
        var stale = front.LastReviewed is null || front.ReviewEveryDays is { } every && front.LastReviewed.Value.AddDays(every) < options.Today;
        if (stale)
        {
            var text = front.LastReviewed is null
                ? "The threat model has no 'last-reviewed' date."
                : $"The threat model was last reviewed on {front.LastReviewed:yyyy-MM-dd}, more than {front.ReviewEveryDays} days ago.";
            if (options.Mode == GateMode.Release || options.StaleBlocks)
            {
                blocking.Add(new BlockingReason(BlockKind.StaleModel, text, "Review the model with its owners and update 'last-reviewed'.", null, Array.Empty<Finding>()));
            }
            else
            {
                warnings.Add(text + " Review it and update 'last-reviewed'.");
            }
        }

        foreach (var decision in model.Decisions.Where(d => d.Due is { } due && due >= options.Today && due <= options.Today.AddDays(30)))
        {
            warnings.Add($"The {Vocabulary.Name(decision.Kind)} decision for {decision.ThreatId} {(decision.Kind == DecisionKind.Planned ? "is due" : "expires")} on {decision.Due:yyyy-MM-dd}.");
        }

        if (options.Mode != GateMode.Release)
        {
            return;
        }

        var changed = options.ModelLastChanged ?? front.LastReviewed;
        foreach (var role in ThreatModelLinter.RequiredSignOffRoles)
        {
            var signOff = front.SignOffs.Where(s => SignOffRoles.Matches(s.Role, role, front.Owners.Keys) && s.Date is not null).OrderByDescending(s => s.Date).FirstOrDefault();
            if (signOff is null)
            {
                blocking.Add(new BlockingReason(BlockKind.MissingSignOff, $"No sign-off by the '{role}' role.", $"Add a dated 'sign-off' entry for the {role} lead to the front matter.", null, Array.Empty<Finding>()));
            }
            else if (changed is { } last && signOff.Date < last)
            {
                blocking.Add(new BlockingReason(BlockKind.MissingSignOff, $"The '{role}' sign-off ({signOff.Name}, {signOff.Date:yyyy-MM-dd}) is older than the model's last change ({last:yyyy-MM-dd}).", $"The {role} lead signs off the current model again.", null, Array.Empty<Finding>()));
            }
        }

        foreach (var stage in Vocabulary.AllStages)
        {
            if (!model.Threats.Any(t => t.Stages.Contains(stage)) && !model.StageExclusions.Any(e => e.Stage == stage && !Vocabulary.IsEmpty(e.Reason)))
            {
                blocking.Add(new BlockingReason(BlockKind.UncoveredStage, $"The {Vocabulary.Name(stage)} stage has no threat and no stated reason.", "Add the stage's threats, or a Lifecycle coverage row saying why it does not apply.", null, Array.Empty<Finding>()));
            }
        }
    }

    private static string HowToResolveThreat(Threat threat, Resolution resolution) => threat.Status switch
    {
        ThreatStatus.Mitigated => $"Name the control that mitigates {threat.Id} in its Controls cell.",
        ThreatStatus.Accepted => $"Renew or complete the 'accepted' risk decision for {threat.Id} (approver, justification, expiry not passed).",
        ThreatStatus.Planned => $"Complete the 'planned' risk decision for {threat.Id} (ticket and a due date not passed), or deliver the fix.",
        _ => $"Fix the code the findings point at, or implement a control and mark {threat.Id} mitigated (naming the control), or record an approved risk decision.",
    };

    /// <summary>
    /// Whether the finding is part of the change: always in release mode and without a diff; a finding whose file
    /// could not be placed in the repository counts as changed, since nothing proves it pre-existing.
    /// </summary>
    private static bool IsInChange(Finding finding, GateOptions options) =>
        options.Mode == GateMode.Release
        || options.Changes is null
        || finding.UnmappedReason is not null
        || options.Changes.Contains(finding.Path, finding.Line);

    private static bool CitesResolvedThreat(string justification, IReadOnlyList<Threat> evidenced, Dictionary<Threat, Resolution> resolutions)
    {
        foreach (var threat in evidenced)
        {
            if (Regex.IsMatch(justification, "(?<![A-Za-z0-9-])" + Regex.Escape(threat.Id) + "(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                && resolutions[threat].IsResolved)
            {
                return true;
            }
        }

        return false;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>
    /// Matches a finding to threats. The rule-level part (which entries name the rule or its tags) is computed once
    /// per distinct rule and tag set; per finding only the entries' path scopes are checked, by literal prefix first.
    /// </summary>
    private sealed class ThreatMatcher
    {
        private readonly IReadOnlyList<Threat> _threats;
        private readonly Dictionary<(string RuleId, IReadOnlyList<string> Tags), List<(Threat Threat, DetectsEntry Entry)>> _byRule = new(new RuleKeyComparer());

        public ThreatMatcher(IReadOnlyList<Threat> threats) => _threats = threats;

        /// <summary>Whether any threat's Detects names the finding's rule or one of its tags, whatever the path scope.</summary>
        public bool IsNamed(Finding finding) => CandidatesFor(finding).Count > 0;

        public List<Threat> Match(Finding finding)
        {
            var candidates = CandidatesFor(finding);
            var path = finding.Path is null ? null : Glob.NormalizePath(finding.Path);
            var placed = finding.Path is not null && finding.UnmappedReason is null;
            var matched = new List<Threat>();
            HashSet<Threat>? seen = null;
            foreach (var (threat, entry) in candidates)
            {
                // A finding that could not be placed in the repository is outside no scope: it may be in any of them.
                if (placed && !entry.InNormalizedScope(path))
                {
                    continue;
                }

                seen ??= new HashSet<Threat>(ReferenceEqualityComparer.Instance);
                if (seen.Add(threat))
                {
                    matched.Add(threat);
                }
            }

            return matched;
        }

        private List<(Threat Threat, DetectsEntry Entry)> CandidatesFor(Finding finding)
        {
            var key = (finding.RuleId, finding.Tags);
            if (!_byRule.TryGetValue(key, out var candidates))
            {
                candidates = new List<(Threat, DetectsEntry)>();
                foreach (var threat in _threats)
                {
                    foreach (var entry in threat.Detects)
                    {
                        if (entry.MatchesRule(finding.RuleId, finding.Tags))
                        {
                            candidates.Add((threat, entry));
                        }
                    }
                }

                _byRule[key] = candidates;
            }

            return candidates;
        }

        private sealed class RuleKeyComparer : IEqualityComparer<(string RuleId, IReadOnlyList<string> Tags)>
        {
            public bool Equals((string RuleId, IReadOnlyList<string> Tags) x, (string RuleId, IReadOnlyList<string> Tags) y) =>
                string.Equals(x.RuleId, y.RuleId, StringComparison.Ordinal) && (ReferenceEquals(x.Tags, y.Tags) || x.Tags.SequenceEqual(y.Tags, StringComparer.Ordinal));

            public int GetHashCode((string RuleId, IReadOnlyList<string> Tags) obj) => HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.RuleId), obj.Tags.Count);
        }
    }
}
