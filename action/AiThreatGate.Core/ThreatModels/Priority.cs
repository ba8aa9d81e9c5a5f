namespace AiThreatGate.Core.ThreatModels;

/// <summary>How urgent a threat is, given or derived by <see cref="PriorityMatrix"/>; ordered low to critical, so it compares with the gate's <c>block-priority</c>.</summary>
public enum Priority
{
    Low,
    Medium,
    High,
    Critical,
}
