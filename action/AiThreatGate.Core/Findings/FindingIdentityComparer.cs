using System.Collections.Generic;

namespace AiThreatGate.Core.Findings;

/// <summary>Two findings with the same text at the same place are still two findings: reports key them by identity.</summary>
public sealed class FindingIdentityComparer : IEqualityComparer<Finding>
{
    public static FindingIdentityComparer Instance { get; } = new();

    public bool Equals(Finding? x, Finding? y) => ReferenceEquals(x, y);

    public int GetHashCode(Finding obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
