namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Which of the format's four tables a heading introduces (or a header row looks like); <see cref="None"/> for any
/// other section. The member names appear in diagnostics ("under the Threats heading"), so they are user-facing.
/// </summary>
internal enum ModelSection
{
    None,
    Assets,
    Threats,
    Decisions,
    Stages,
}
