using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>A table cell's text and where it starts in the file (1-based line and column).</summary>
public sealed record Cell(string Text, int Line, int Column)
{
    public static Cell Missing(int line) => new(string.Empty, line, 1);

    public bool IsEmpty => Vocabulary.IsEmpty(Text);
}

public sealed record SignOff(string Role, string Name, DateOnly? Date, int Line);

/// <summary>Gate defaults from the front matter's <c>gate:</c> block; CLI options override them.</summary>
public sealed record GateDefaults(Priority BlockPriority = Priority.High, bool UnmodeledBlocks = true, bool StaleBlocks = false);

public sealed record FrontMatter(
    int? FormatVersion,
    string? SystemName,
    IReadOnlyDictionary<string, string> Owners,
    DateOnly? LastReviewed,
    int? ReviewEveryDays,
    IReadOnlyList<SignOff> SignOffs,
    GateDefaults Gate,
    int Line)
{
    public static FrontMatter Empty { get; } = new(null, null, new Dictionary<string, string>(), null, null, Array.Empty<SignOff>(), new GateDefaults(), 1);

    /// <summary>Line of the <c>sign-off:</c> key (0 when absent): where a missing sign-off is reported.</summary>
    public int SignOffLine { get; init; }
}

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

/// <summary>Canonical column names of the threats table.</summary>
public static class ThreatColumns
{
    public const string Id = "id";
    public const string Threat = "threat";
    public const string Stage = "stage";
    public const string Category = "category";
    public const string Assets = "assets";
    public const string Adversary = "adversary";
    public const string Likelihood = "likelihood";
    public const string Impact = "impact";
    public const string Priority = "priority";
    public const string Dread = "dread";
    public const string Status = "status";
    public const string Controls = "controls";
    public const string Owner = "owner";
    public const string Detects = "detects";
}
