using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Rate limiting done in code with <c>System.Threading.RateLimiting</c>: a lease taken from a <c>RateLimiter</c>
/// (<c>TokenBucketRateLimiter</c>, <c>FixedWindowRateLimiter</c>, ...) or a <c>PartitionedRateLimiter&lt;T&gt;</c> with
/// <c>AttemptAcquire</c> or <c>AcquireAsync</c>, what a service does when only some callers of the model are limited.
/// </summary>
internal static class RateLimiters
{
    public static bool IsAcquire(IMethodSymbol method)
    {
        if (method.Name is not ("AttemptAcquire" or "AcquireAsync"))
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "RateLimiter" or "PartitionedRateLimiter" && SymbolNames.IsInNamespace(type, "System.Threading.RateLimiting"))
            {
                return true;
            }
        }

        return false;
    }
}
