using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Parses and names the format's controlled vocabularies; other tools' words are normalised here.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<LifecycleStage> AllStages = Enum.GetValues<LifecycleStage>();

    private static readonly Dictionary<string, LifecycleStage> StageWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["data-collection"] = LifecycleStage.DataCollection, ["data collection"] = LifecycleStage.DataCollection, ["collection"] = LifecycleStage.DataCollection, ["data"] = LifecycleStage.DataCollection,
        ["training"] = LifecycleStage.Training, ["train"] = LifecycleStage.Training, ["fine-tuning"] = LifecycleStage.Training, ["fine tuning"] = LifecycleStage.Training,
        ["model-storage"] = LifecycleStage.ModelStorage, ["model storage"] = LifecycleStage.ModelStorage, ["storage"] = LifecycleStage.ModelStorage, ["supply chain"] = LifecycleStage.ModelStorage,
        ["inference"] = LifecycleStage.Inference, ["serving"] = LifecycleStage.Inference, ["runtime"] = LifecycleStage.Inference,
        ["post-deployment"] = LifecycleStage.PostDeployment, ["post deployment"] = LifecycleStage.PostDeployment, ["monitoring"] = LifecycleStage.PostDeployment, ["operations"] = LifecycleStage.PostDeployment,
    };

    private static readonly Dictionary<string, ThreatStatus> StatusWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["open"] = ThreatStatus.Open, ["unmitigated"] = ThreatStatus.Open, ["identified"] = ThreatStatus.Open, ["new"] = ThreatStatus.Open,
        ["needs investigation"] = ThreatStatus.Open, ["needs-investigation"] = ThreatStatus.Open, ["unchecked"] = ThreatStatus.Open, ["todo"] = ThreatStatus.Open,
        ["not started"] = ThreatStatus.Open, ["unresolved"] = ThreatStatus.Open,
        ["in-progress"] = ThreatStatus.InProgress, ["in progress"] = ThreatStatus.InProgress, ["in-discussion"] = ThreatStatus.InProgress, ["in discussion"] = ThreatStatus.InProgress,
        ["mitigating"] = ThreatStatus.InProgress, ["ongoing"] = ThreatStatus.InProgress, ["wip"] = ThreatStatus.InProgress,
        ["mitigated"] = ThreatStatus.Mitigated, ["resolved"] = ThreatStatus.Mitigated, ["fixed"] = ThreatStatus.Mitigated, ["done"] = ThreatStatus.Mitigated,
        ["closed"] = ThreatStatus.Mitigated, ["implemented"] = ThreatStatus.Mitigated, ["controlled"] = ThreatStatus.Mitigated,
        ["planned"] = ThreatStatus.Planned, ["scheduled"] = ThreatStatus.Planned, ["deferred"] = ThreatStatus.Planned,
        ["accepted"] = ThreatStatus.Accepted, ["risk accepted"] = ThreatStatus.Accepted, ["accept"] = ThreatStatus.Accepted,
        ["eliminated"] = ThreatStatus.Eliminated, ["removed"] = ThreatStatus.Eliminated, ["avoided"] = ThreatStatus.Eliminated, ["eliminated by design"] = ThreatStatus.Eliminated,
        ["transferred"] = ThreatStatus.Transferred, ["transfer"] = ThreatStatus.Transferred,
        ["not-applicable"] = ThreatStatus.NotApplicable, ["not applicable"] = ThreatStatus.NotApplicable, ["n/a"] = ThreatStatus.NotApplicable, ["na"] = ThreatStatus.NotApplicable,
        ["false-positive"] = ThreatStatus.NotApplicable, ["false positive"] = ThreatStatus.NotApplicable, ["out of scope"] = ThreatStatus.NotApplicable,
    };

    public static readonly IReadOnlyList<string> AssetKinds = new[] { "dataset", "embeddings", "model-weights", "prompt", "memory-store", "connector", "endpoint", "other" };

    public static readonly IReadOnlyList<string> AiCategories = new[]
    {
        "poisoning", "evasion", "extraction", "inversion", "prompt-injection", "supply-chain", "output-handling",
        "excessive-agency", "unbounded-consumption", "data-disclosure",
    };

    public static readonly IReadOnlyList<string> Adversaries = new[] { "external", "insider", "state", "opportunistic" };

    public static bool TryParseStage(string text, out LifecycleStage stage) => StageWords.TryGetValue(Normalize(text), out stage);

    public static bool TryParseStatus(string text, out ThreatStatus status) => StatusWords.TryGetValue(Normalize(text), out status);

    public static bool TryParsePriority(string text, out Priority priority)
    {
        switch (Normalize(text))
        {
            case "low": case "p3": case "p4":
                priority = Priority.Low;
                return true;
            case "medium": case "moderate": case "med": case "p2":
                priority = Priority.Medium;
                return true;
            case "high": case "p1":
                priority = Priority.High;
                return true;
            case "critical": case "very high": case "very-high": case "p0":
                priority = Priority.Critical;
                return true;
            default:
                priority = default;
                return false;
        }
    }

    public static bool TryParseDecision(string text, out DecisionKind kind)
    {
        switch (Normalize(text))
        {
            case "accepted": case "accept": case "risk accepted":
                kind = DecisionKind.Accepted;
                return true;
            case "planned": case "plan": case "scheduled":
                kind = DecisionKind.Planned;
                return true;
            case "transferred": case "transfer":
                kind = DecisionKind.Transferred;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string Name(LifecycleStage stage) => stage switch
    {
        LifecycleStage.DataCollection => "data-collection",
        LifecycleStage.Training => "training",
        LifecycleStage.ModelStorage => "model-storage",
        LifecycleStage.Inference => "inference",
        _ => "post-deployment",
    };

    public static string Name(ThreatStatus status) => status switch
    {
        ThreatStatus.InProgress => "in-progress",
        ThreatStatus.NotApplicable => "not-applicable",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Name(Priority priority) => priority.ToString().ToLowerInvariant();

    public static string Name(DecisionKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Splits a multi-value cell: commas, semicolons and <c>&lt;br&gt;</c>.</summary>
    public static IReadOnlyList<string> SplitList(string cell) =>
        cell.Replace("<br>", ",", StringComparison.OrdinalIgnoreCase).Replace("<br/>", ",", StringComparison.OrdinalIgnoreCase)
            .Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 0 && s != "-")
            .ToList();

    /// <summary>Trims, drops Markdown emphasis/code marks and folds runs of white space.</summary>
    public static string Normalize(string text) =>
        string.Join(' ', text.Trim().Trim('*', '_', '`').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static bool IsEmpty(string? cell) => string.IsNullOrWhiteSpace(cell) || Normalize(cell) is "-" or "—" or "none" or "n/a";
}
