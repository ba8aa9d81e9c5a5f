using System;
using System.Collections.Generic;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Gate;

/// <summary>What the gate judges: one change (<c>check</c>) or the model as a whole (<c>release</c>).</summary>
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
