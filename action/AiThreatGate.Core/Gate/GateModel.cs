using System;
using System.Collections.Generic;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Gate;

public enum GateMode
{
    /// <summary><c>check</c>: a change is judged by the evidence it carries.</summary>
    PullRequest,

    /// <summary><c>release</c>: the whole model must be in order, whatever the findings.</summary>
    Release,
}

/// <summary>Gate settings: the front matter's <c>gate:</c> block, overridden by CLI options.</summary>
public sealed record GateOptions(
    GateMode Mode,
    Priority BlockPriority,
    bool UnmodeledBlocks,
    bool StaleBlocks,
    DateOnly Today,
    ChangedLines? Changes = null,
    ThreatModelDocument? BaseModel = null,
    DateOnly? ModelLastChanged = null)
{
    public static GateOptions FromModel(ThreatModelDocument model, GateMode mode, DateOnly today) =>
        new(mode, model.FrontMatter.Gate.BlockPriority, model.FrontMatter.Gate.UnmodeledBlocks, model.FrontMatter.Gate.StaleBlocks, today);

    /// <summary>
    /// A change cannot relax the gate that judges it: each of the model's gate settings is the stricter of this
    /// change's and the base branch's (<paramref name="baseSettings"/>). What the change relaxed is listed.
    /// </summary>
    public GateOptions AtLeastAsStrictAs(GateOptions baseSettings, List<string> relaxed)
    {
        var result = this;
        if (baseSettings.BlockPriority < BlockPriority)
        {
            relaxed.Add($"The change raises gate.block-priority from {Vocabulary.Name(baseSettings.BlockPriority)} to {Vocabulary.Name(BlockPriority)}; the base branch's {Vocabulary.Name(baseSettings.BlockPriority)} applies to this change.");
            result = result with { BlockPriority = baseSettings.BlockPriority };
        }

        if (baseSettings.UnmodeledBlocks && !UnmodeledBlocks)
        {
            relaxed.Add("The change sets gate.unmodeled to warn; the base branch's block applies to this change.");
            result = result with { UnmodeledBlocks = true };
        }

        if (baseSettings.StaleBlocks && !StaleBlocks)
        {
            relaxed.Add("The change sets gate.stale to warn; the base branch's block applies to this change.");
            result = result with { StaleBlocks = true };
        }

        return result;
    }
}

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
