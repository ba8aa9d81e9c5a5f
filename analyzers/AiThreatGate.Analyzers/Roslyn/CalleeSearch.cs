using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// Whether a method, directly or through methods of the compilation it calls (interface and virtual calls resolved
/// to their implementations here), makes a call of interest: a model call for an endpoint, a side effect for a tool.
/// Answers are cached per compilation, method and remaining depth; recursion counts as "no".
/// </summary>
internal sealed class CalleeSearch
{
    private readonly Compilation _compilation;
    private readonly ImplementationIndex _implementations;
    private readonly Func<IInvocationOperation, string?> _describeCall;
    private readonly Func<IOperation, IEnumerable<IMethodSymbol>>? _dispatchedTo;
    private readonly ConcurrentDictionary<(IMethodSymbol, int), string?> _cache = new();

    [ThreadStatic]
    private static HashSet<(IMethodSymbol, int)>? s_inProgress;

    /// <param name="describeCall">The description of a call of interest ("IChatClient.GetResponseAsync"), or null for other calls.</param>
    /// <param name="dispatchedTo">
    /// Methods of the compilation that a call runs without calling them itself (a mediator's <c>Send</c> runs the
    /// request's handler), for an invocation or a call that does not bind; null when the search follows calls only.
    /// </param>
    public CalleeSearch(Compilation compilation, Func<IInvocationOperation, string?> describeCall, Func<IOperation, IEnumerable<IMethodSymbol>>? dispatchedTo = null)
    {
        _compilation = compilation;
        _implementations = ImplementationIndex.For(compilation);
        _describeCall = describeCall;
        _dispatchedTo = dispatchedTo;
    }

    /// <summary>The call of interest <paramref name="method"/> makes within <paramref name="depth"/> levels of callees, or null.</summary>
    public string? In(IMethodSymbol method, int depth) => _cache.GetOrAdd((method.OriginalDefinition, depth), key =>
    {
        var inProgress = s_inProgress ??= new HashSet<(IMethodSymbol, int)>();
        if (!inProgress.Add(key))
        {
            return null;
        }

        try
        {
            foreach (var body in _implementations.BodiesOf(key.Item1))
            {
                foreach (var reference in body.DeclaringSyntaxReferences)
                {
                    if (Operation(reference) is { } operation && InBody(operation, depth) is { } call)
                    {
                        return call;
                    }
                }
            }

            return null;
        }
        finally
        {
            inProgress.Remove(key);
        }
    });

    /// <summary>The call of interest made in <paramref name="body"/> or, within <paramref name="depth"/> levels, by the methods it calls.</summary>
    public string? InBody(IOperation body, int depth)
    {
        var invocations = body.DescendantsAndSelf().OfType<IInvocationOperation>().ToList();
        foreach (var invocation in invocations)
        {
            if (_describeCall(invocation) is { } call)
            {
                return call;
            }
        }

        if (depth == 0)
        {
            return null;
        }

        foreach (var invocation in invocations)
        {
            var target = invocation.TargetMethod;
            if ((!target.DeclaringSyntaxReferences.IsEmpty || target.IsAbstract || target.IsVirtual)
                && In(target, depth - 1) is { } call)
            {
                return call + " via " + target.ContainingType?.Name + "." + target.Name;
            }
        }

        if (_dispatchedTo is not null)
        {
            foreach (var dispatch in body.DescendantsAndSelf().Where(o => o is IInvocationOperation or IInvalidOperation))
            {
                foreach (var handler in _dispatchedTo(dispatch))
                {
                    if (In(handler, depth - 1) is { } call)
                    {
                        return call + " via " + handler.ContainingType?.Name + "." + handler.Name;
                    }
                }
            }
        }

        return null;
    }

    private IOperation? Operation(SyntaxReference reference) => CompilationScan.Operation(_compilation, reference);
}
