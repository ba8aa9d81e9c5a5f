namespace AiThreatGate.Core.ThreatModels;

/// <summary>Where a threat stands: the four resolutions of a mature practice, plus the unresolved states.</summary>
public enum ThreatStatus
{
    Open,
    InProgress,
    Mitigated,
    Planned,
    Accepted,
    Eliminated,
    Transferred,
    NotApplicable,
}
