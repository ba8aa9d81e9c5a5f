using System;
using System.Collections.Generic;

namespace AiThreatGate.Core.Findings;

/// <summary>How a finding was suppressed in source (<c>#pragma</c>, <c>[SuppressMessage]</c>) and the justification given.</summary>
public sealed record Suppression(string Kind, string Justification);

/// <summary>
/// One analyzer result, from SARIF or from running the analyzers. <see cref="Path"/> is repository-relative
/// with forward slashes (null when the result has no file location).
/// </summary>
public sealed record Finding(
    string RuleId,
    FindingLevel Level,
    string Message,
    string? Path,
    int Line,
    int Column,
    IReadOnlyList<string> Tags,
    Suppression? Suppression)
{
    public string Location => Path is null ? "(no location)" : $"{Path}:{Line}";

    /// <summary>
    /// Why <see cref="Path"/> could not be placed in the repository (it then keeps the build's own path), or null.
    /// The gate counts such a finding as part of the change: it cannot prove that the finding is pre-existing.
    /// </summary>
    public string? UnmappedReason { get; init; }

    /// <summary>
    /// Other places the finding's flow goes through (the source; for a flow across projects, the model call or the sink
    /// in the other project), repository-relative where they are in the repository; SARIF's <c>relatedLocations</c>.
    /// </summary>
    public IReadOnlyList<RelatedLocation> RelatedLocations { get; init; } = Array.Empty<RelatedLocation>();

    /// <summary>A result of AiThreatGate's own analyzers (other tools' results count only where a threat names them).</summary>
    public bool IsAiThreatGateRule => RuleId.StartsWith("AITG", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stable across runs and line moves within a file: rule, file and message.</summary>
    public string Fingerprint => Hashing.Sha256Hex(RuleId + "|" + (Path ?? string.Empty) + "|" + Message)[..32];
}

/// <summary>A place a finding's flow goes through: a file (repository-relative with forward slashes, or absolute outside it) and a 1-based line.</summary>
public sealed record RelatedLocation(string Path, int Line);

public enum FindingLevel
{
    Note,
    Warning,
    Error,
}

internal static class Hashing
{
    public static string Sha256Hex(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
