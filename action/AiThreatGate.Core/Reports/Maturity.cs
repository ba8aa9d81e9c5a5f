using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Reports;

public enum MaturityLevel
{
    None,
    Foundational,
    Applied,
    Advanced,
    Strategic,
}

/// <summary>One criterion of a maturity level and whether the model meets it.</summary>
public sealed record MaturityCriterion(MaturityLevel Level, string Text, bool Met);

/// <summary>
/// The maturity ladder of docs/gate.md: each level requires every criterion of the levels below it.
/// </summary>
public static class Maturity
{
    public static (MaturityLevel Level, IReadOnlyList<MaturityCriterion> Criteria) Assess(GateVerdict verdict)
    {
        var model = verdict.Model;
        var threats = verdict.Threats;
        var highPlus = threats.Where(t => t.Threat.Priority >= Priority.High).ToList();
        var today = verdict.Options.Today;
        var front = model.FrontMatter;
        bool StageAddressed(LifecycleStage stage) =>
            model.Threats.Any(t => t.Stages.Contains(stage)) || model.StageExclusions.Any(e => e.Stage == stage && !Vocabulary.IsEmpty(e.Reason));
        var signedOff = ThreatModelLinter.RequiredSignOffRoles.All(role => front.SignOffs.Any(s => string.Equals(s.Role, role, StringComparison.OrdinalIgnoreCase) && s.Date is not null && (front.LastReviewed is null || s.Date >= front.LastReviewed)));
        var fresh = front.LastReviewed is { } reviewed && (front.ReviewEveryDays is not { } every || reviewed.AddDays(every) >= today);

        var criteria = new List<MaturityCriterion>
        {
            new(MaturityLevel.Foundational, "The model parses and lists at least one threat", threats.Count > 0),
            new(MaturityLevel.Foundational, "Assets are named", model.Assets.Count > 0),
            new(MaturityLevel.Applied, "Every lifecycle stage is addressed (threats or a stated reason)", Vocabulary.AllStages.All(StageAddressed)),
            new(MaturityLevel.Applied, "Every high or critical threat has an owner", highPlus.All(t => !Vocabulary.IsEmpty(t.Threat.Owner))),
            new(MaturityLevel.Applied, "At least half of the threats are resolved", threats.Count > 0 && ClosureRate(verdict) >= 0.5),
            new(MaturityLevel.Applied, "At least half of the threats name code evidence (Detects)", threats.Count > 0 && threats.Count(t => t.Threat.Detects.Count > 0) * 2 >= threats.Count),
            new(MaturityLevel.Advanced, "Sign-offs by the ML and security leads are current", signedOff),
            new(MaturityLevel.Advanced, "The model was reviewed within its review period", fresh),
            new(MaturityLevel.Advanced, "Every high or critical threat is resolved", highPlus.All(t => t.Resolution.IsResolved)),
            new(MaturityLevel.Advanced, "No finding is unmodeled", verdict.Unmodeled.Count == 0),
            new(MaturityLevel.Strategic, "Every threat is resolved", threats.All(t => t.Resolution.IsResolved)),
            new(MaturityLevel.Strategic, "Every asset is covered by a threat", model.Assets.All(a => model.Threats.Any(t => t.AssetIds.Contains(a.Id, StringComparer.OrdinalIgnoreCase)))),
            new(MaturityLevel.Strategic, "No risk decision has expired", model.Decisions.All(d => d.Due is null || d.Due >= today)),
            new(MaturityLevel.Strategic, "At least 80% of the threats name code evidence", threats.Count > 0 && threats.Count(t => t.Threat.Detects.Count > 0) * 5 >= threats.Count * 4),
        };

        var level = MaturityLevel.None;
        foreach (var candidate in new[] { MaturityLevel.Foundational, MaturityLevel.Applied, MaturityLevel.Advanced, MaturityLevel.Strategic })
        {
            if (criteria.Where(c => c.Level == candidate).All(c => c.Met))
            {
                level = candidate;
            }
            else
            {
                break;
            }
        }

        return (level, criteria);
    }

    public static double ClosureRate(GateVerdict verdict) =>
        verdict.Threats.Count == 0 ? 0 : (double)verdict.Threats.Count(t => t.Resolution.IsResolved) / verdict.Threats.Count;
}
