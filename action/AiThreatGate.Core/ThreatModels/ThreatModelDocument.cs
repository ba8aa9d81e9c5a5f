using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

public sealed record Asset(string Id, string Name, string Kind, IReadOnlyList<LifecycleStage> Stages, string Sensitivity, IReadOnlyDictionary<string, Cell> Cells, int Line);

public sealed record Threat(
    string Id,
    string Title,
    IReadOnlyList<LifecycleStage> Stages,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> AssetIds,
    IReadOnlyList<string> Adversaries,
    ThreatStatus Status,
    string RawStatus,
    Priority Priority,
    bool PriorityDetermined,
    string Controls,
    string Owner,
    IReadOnlyList<DetectsEntry> Detects,
    IReadOnlyDictionary<string, Cell> Cells,
    int Line)
{
    /// <summary>Cell text by canonical column name (<c>likelihood</c>, <c>impact</c>, ...) or by an extra column's header.</summary>
    public string Column(string name) => Cells.TryGetValue(name, out var cell) ? cell.Text : string.Empty;

    public int Likelihood => PriorityMatrix.ParseLikelihood(Column(ThreatColumns.Likelihood));

    public int Impact => PriorityMatrix.ParseImpact(Column(ThreatColumns.Impact));
}

public sealed record RiskDecision(string ThreatId, DecisionKind Kind, string Justification, string ApprovedBy, string Ticket, DateOnly? Due, int Line);

/// <summary>A lifecycle stage the model states it does not cover, with the reason.</summary>
public sealed record StageExclusion(LifecycleStage Stage, string Reason, int Line);

/// <summary>A section the tool keeps and shows but does not interpret (abuse scenarios, trust boundaries, data flows...).</summary>
public sealed record FreeSection(string Title, string Markdown, int Line);

public sealed record ThreatModelDocument(
    string FilePath,
    FrontMatter FrontMatter,
    IReadOnlyList<Asset> Assets,
    IReadOnlyList<Threat> Threats,
    IReadOnlyList<RiskDecision> Decisions,
    IReadOnlyList<StageExclusion> StageExclusions,
    IReadOnlyList<FreeSection> FreeSections,
    IReadOnlyList<ModelDiagnostic> Diagnostics)
{
    /// <summary>Line of the threats table's header row (0 when there is none): where an uncovered stage is reported.</summary>
    public int ThreatsTableLine { get; init; }

    /// <summary>Line of the Lifecycle coverage table's header row (0 when there is none).</summary>
    public int StagesTableLine { get; init; }

    public bool HasErrors => Diagnostics.Any(d => d.Level == DiagnosticLevel.Error);

    public Threat? FindThreat(string id) => Threats.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<RiskDecision> DecisionsFor(string threatId) =>
        Decisions.Where(d => string.Equals(d.ThreatId, threatId, StringComparison.OrdinalIgnoreCase));
}
