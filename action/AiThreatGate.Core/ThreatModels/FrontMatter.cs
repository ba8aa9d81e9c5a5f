using System;
using System.Collections.Generic;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>The YAML block at the top of a threat model, as read by <see cref="FrontMatterReader"/>; <see cref="Empty"/> when it is missing or unreadable.</summary>
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

/// <summary>One entry of the front matter's <c>sign-off:</c> list (<see cref="SignOffRoles"/> matches its role to the roles the format expects).</summary>
public sealed record SignOff(string Role, string Name, DateOnly? Date, int Line);

/// <summary>Gate defaults from the front matter's <c>gate:</c> block; CLI options override them.</summary>
public sealed record GateDefaults(Priority BlockPriority = Priority.High, bool UnmodeledBlocks = true, bool StaleBlocks = false);
