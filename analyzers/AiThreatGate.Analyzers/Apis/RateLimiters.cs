using System;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Rate limiting done in code with <c>System.Threading.RateLimiting</c>: a lease taken from a <c>RateLimiter</c>
/// (<c>TokenBucketRateLimiter</c>, <c>FixedWindowRateLimiter</c>, ...) or a <c>PartitionedRateLimiter&lt;T&gt;</c> with
/// <c>AttemptAcquire</c> or <c>AcquireAsync</c>, what a service does when only some callers of the model are limited,
/// or the application's own limiter check.
/// </summary>
internal static class RateLimiters
{
    /// <summary>
    /// A lease (<see cref="IsAcquire"/>), or a limiter of the application's own: a method declared in this compilation
    /// whose name says it checks a rate limit or throttles (<c>CheckRateLimit(userId, ip)</c>, <c>EnforceRateLimitAsync</c>,
    /// <c>ThrottleAsync</c>), what a service does with a per-user counter of its own.
    /// </summary>
    public static bool IsLimit(IMethodSymbol method) =>
        IsAcquire(method)
        || !method.DeclaringSyntaxReferences.IsEmpty
            && (method.Name.StartsWith("Throttle", System.StringComparison.Ordinal)
                || method.Name.IndexOf("RateLimit", System.StringComparison.Ordinal) >= 0 && Array.Exists(CheckingVerbs, verb => method.Name.StartsWith(verb, System.StringComparison.Ordinal)));

    // What a limiter check is called; `LogRateLimitUsage`, `GetRateLimitStatus` or `ResetRateLimit` limit nothing.
    private static readonly string[] CheckingVerbs = { "Check", "Enforce", "Ensure", "Apply", "TryAcquire", "Acquire", "Consume", "Is", "Has", "Verify", "Validate" };

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
