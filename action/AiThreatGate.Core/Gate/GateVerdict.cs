using System;
using System.Collections.Generic;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Gate;

/// <summary>Which of the gate's rules a <see cref="BlockingReason"/> comes from.</summary>
public enum BlockKind
{
    UnresolvedThreat,
    UnmodeledFinding,
    InvalidSuppression,
    ThreatResolvedWithoutApproval,
    StaleModel,
    MissingSignOff,
    UncoveredStage,

    /// <summary>The change evidences a threat of the base branch's model that the same change removes, lowers or stops matching.</summary>
    WeakenedThreat,
}

/// <summary>One reason the gate blocks, with what would resolve it.</summary>
public sealed record BlockingReason(BlockKind Kind, string Summary, string HowToResolve, Threat? Threat, IReadOnlyList<Finding> Findings);

/// <summary>A threat with its resolution and the findings that evidence it (in the change, and pre-existing).</summary>
public sealed record ThreatAssessment(Threat Threat, Resolution Resolution, IReadOnlyList<Finding> Findings, IReadOnlyList<Finding> PreExistingFindings, bool Blocking);

/// <summary>What the gate decided for one run: the reasons it blocks (none when it passes), its warnings, and the evidence behind them.</summary>
public sealed record GateVerdict(
    GateOptions Options,
    ThreatModelDocument Model,
    IReadOnlyList<BlockingReason> BlockingReasons,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ThreatAssessment> Threats,
    IReadOnlyList<Finding> Unmodeled,
    IReadOnlyList<Finding> PreExisting,
    IReadOnlyList<Finding> AllFindings)
{
    public bool Passed => BlockingReasons.Count == 0;

    public string VerdictWord => Passed ? "pass" : "blocked";

    /// <summary>
    /// Results of other tools (a compiler warning, CA2100, a CodeQL rule) that no threat's Detects names: shown in
    /// every report, never gated on. Naming their rule ID or one of their tags in Detects makes them count.
    /// </summary>
    public IReadOnlyList<Finding> NotConsidered { get; init; } = Array.Empty<Finding>();

    /// <summary>Findings on lines of this change (or that could not be placed), other tools' ignored results excluded.</summary>
    public int InChangeCount => AllFindings.Count - PreExisting.Count - NotConsidered.Count;

    /// <summary>Threat IDs each finding evidences, for reports (SARIF properties, annotations).</summary>
    public IReadOnlyDictionary<Finding, IReadOnlyList<string>> ThreatsByFinding { get; init; } = new Dictionary<Finding, IReadOnlyList<string>>();
}
