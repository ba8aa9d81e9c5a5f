namespace AiThreatGate.Core.ThreatModels;

/// <summary>What a row of the Risk decisions table does with its threat (the Decision column).</summary>
public enum DecisionKind
{
    Accepted,
    Planned,
    Transferred,
}
