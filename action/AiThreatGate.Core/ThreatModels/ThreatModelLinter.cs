using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Core.Taxonomy;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Semantic checks of a parsed threat model: IDs, resolutions, decisions, coverage, sign-offs, staleness.</summary>
public static class ThreatModelLinter
{
    /// <summary>Roles whose sign-off the format expects ("signed by the ML lead and the security lead").</summary>
    public static readonly IReadOnlyList<string> RequiredSignOffRoles = new[] { "ml", "security" };

    public static ThreatModelDocument Lint(ThreatModelDocument document, RuleTaxonomy taxonomy, DateOnly today)
    {
        var diagnostics = new List<ModelDiagnostic>(document.Diagnostics);
        void Add(string code, DiagnosticLevel level, int line, int column, string message) =>
            diagnostics.Add(new ModelDiagnostic(code, level, document.FilePath, Math.Max(1, line), Math.Max(1, column), message));

        foreach (var group in document.Threats.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var duplicate in group.Skip(1))
            {
                Add(ModelDiagnosticCodes.DuplicateId, DiagnosticLevel.Error, duplicate.Line, duplicate.Cells[ThreatColumns.Id].Column, $"threat ID {duplicate.Id} is already used on line {group.First().Line}");
            }
        }

        foreach (var group in document.Assets.GroupBy(a => a.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var duplicate in group.Skip(1))
            {
                Add(ModelDiagnosticCodes.DuplicateId, DiagnosticLevel.Error, duplicate.Line, 1, $"asset ID {duplicate.Id} is already used on line {group.First().Line}");
            }
        }

        var assetIds = document.Assets.Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var threat in document.Threats)
        {
            LintThreat(document, threat, taxonomy, today, assetIds, Add);
        }

        foreach (var decision in document.Decisions)
        {
            var threat = document.FindThreat(decision.ThreatId);
            if (threat is null)
            {
                Add(ModelDiagnosticCodes.DecisionForMissingThreat, DiagnosticLevel.Error, decision.Line, 1, $"risk decision for {decision.ThreatId}, but no threat has that ID");
                continue;
            }

            if (decision.Due is { } due && due < today)
            {
                var what = decision.Kind == DecisionKind.Planned ? "is past due since" : "expired on";
                Add(ModelDiagnosticCodes.ExpiredDecision, DiagnosticLevel.Warning, decision.Line, 1, $"the {Vocabulary.Name(decision.Kind)} decision for {decision.ThreatId} {what} {due:yyyy-MM-dd}; the threat counts as unresolved");
            }
        }

        LintFrontMatter(document, today, Add);
        LintCoverage(document, Add);
        return document with { Diagnostics = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList() };
    }

    private static void LintThreat(
        ThreatModelDocument document,
        Threat threat,
        RuleTaxonomy taxonomy,
        DateOnly today,
        HashSet<string> assetIds,
        Action<string, DiagnosticLevel, int, int, string> add)
    {
        var statusColumn = threat.Cells[ThreatColumns.Status].Column;
        var decisions = document.DecisionsFor(threat.Id).ToList();
        switch (threat.Status)
        {
            case ThreatStatus.Mitigated when Vocabulary.IsEmpty(threat.Controls):
                add(ModelDiagnosticCodes.MitigatedWithoutControls, DiagnosticLevel.Error, threat.Line, statusColumn, $"{threat.Id} is mitigated but its Controls cell is empty: name the control that mitigates it");
                break;
            case ThreatStatus.Accepted:
                var accepted = decisions.LastOrDefault(d => d.Kind == DecisionKind.Accepted);
                if (accepted is null || Vocabulary.IsEmpty(accepted.ApprovedBy) || Vocabulary.IsEmpty(accepted.Justification))
                {
                    add(ModelDiagnosticCodes.AcceptedWithoutApproval, DiagnosticLevel.Error, accepted?.Line ?? threat.Line, accepted is null ? statusColumn : 1,
                        $"{threat.Id} is accepted without a risk decision that names an approver and a justification");
                }

                break;
            case ThreatStatus.Planned:
                var planned = decisions.LastOrDefault(d => d.Kind == DecisionKind.Planned);
                if (planned is null || Vocabulary.IsEmpty(planned.Ticket) || planned.Due is null)
                {
                    add(ModelDiagnosticCodes.PlannedWithoutDeadline, DiagnosticLevel.Error, planned?.Line ?? threat.Line, planned is null ? statusColumn : 1,
                        $"{threat.Id} is planned without a risk decision that has a ticket and a due date");
                }

                break;
        }

        foreach (var entry in threat.Detects)
        {
            if (!taxonomy.MatchesAnyRule(entry))
            {
                add(ModelDiagnosticCodes.UnknownDetects, DiagnosticLevel.Warning, entry.Line, entry.Column, $"Detects entry '{entry.Pattern}' of {threat.Id} matches no AiThreatGate rule ID or tag, so no finding can evidence it");
            }
        }

        foreach (var asset in threat.AssetIds.Where(a => assetIds.Count > 0 && !assetIds.Contains(a)))
        {
            var cell = threat.Cells.TryGetValue(ThreatColumns.Assets, out var found) ? found : Cell.Missing(threat.Line);
            add(ModelDiagnosticCodes.UnknownAsset, DiagnosticLevel.Warning, threat.Line, cell.Column, $"{threat.Id} names asset '{asset}', which is not in the Assets table");
        }
    }

    private static void LintFrontMatter(ThreatModelDocument document, DateOnly today, Action<string, DiagnosticLevel, int, int, string> add)
    {
        var front = document.FrontMatter;
        if (front.FormatVersion is null)
        {
            return;
        }

        if (front.LastReviewed is { } reviewed && front.ReviewEveryDays is { } every && reviewed.AddDays(every) < today)
        {
            add(ModelDiagnosticCodes.StaleReview, DiagnosticLevel.Warning, front.Line, 1, $"last reviewed {reviewed:yyyy-MM-dd}, more than {every} days ago: review the model and update 'last-reviewed'");
        }
        else if (front.LastReviewed is null)
        {
            add(ModelDiagnosticCodes.StaleReview, DiagnosticLevel.Warning, front.Line, 1, "no 'last-reviewed' date: the model's freshness cannot be judged");
        }

        foreach (var role in RequiredSignOffRoles)
        {
            var entries = front.SignOffs.Where(s => SignOffRoles.Matches(s.Role, role, front.Owners.Keys)).ToList();
            if (!entries.Any(s => s.Date is not null))
            {
                // At the undated entry if there is one, else where sign-offs are listed, else the front matter.
                var line = entries.Count > 0 ? entries[0].Line : front.SignOffLine > 0 ? front.SignOffLine : front.Line;
                var undated = entries.Count > 0 ? $" (the '{entries[0].Role}' entry has no date)" : string.Empty;
                add(ModelDiagnosticCodes.MissingSignOff, DiagnosticLevel.Warning, line, 1, $"no dated sign-off by the '{role}' role{undated}");
            }
        }
    }

    private static void LintCoverage(ThreatModelDocument document, Action<string, DiagnosticLevel, int, int, string> add)
    {
        if (document.Threats.Count == 0)
        {
            return;
        }

        foreach (var stage in Vocabulary.AllStages)
        {
            var covered = document.Threats.Any(t => t.Stages.Contains(stage));
            var excluded = document.StageExclusions.Any(e => e.Stage == stage && !Vocabulary.IsEmpty(e.Reason));
            if (!covered && !excluded)
            {
                // At the stage's row with an empty reason, else the coverage table (where the row goes), else the threats table.
                var row = document.StageExclusions.FirstOrDefault(e => e.Stage == stage);
                var line = row?.Line ?? (document.StagesTableLine > 0 ? document.StagesTableLine : document.ThreatsTableLine);
                add(ModelDiagnosticCodes.UncoveredStage, DiagnosticLevel.Warning, line, 1,
                    $"no threat covers the {Vocabulary.Name(stage)} stage and the Lifecycle coverage table gives no reason why");
            }
        }

        foreach (var asset in document.Assets)
        {
            if (!document.Threats.Any(t => t.AssetIds.Contains(asset.Id, StringComparer.OrdinalIgnoreCase)))
            {
                add(ModelDiagnosticCodes.UncoveredAsset, DiagnosticLevel.Warning, asset.Line, 1, $"asset {asset.Id} ({asset.Name}) is not named by any threat");
            }
        }
    }
}
