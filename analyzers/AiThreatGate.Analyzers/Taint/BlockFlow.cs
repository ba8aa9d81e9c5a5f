using System;
using System.Collections.Immutable;
using System.Threading;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>The operation block an operation belongs to, with its <see cref="ValueFlow"/> built on first use.</summary>
internal sealed class BlockFlow
{
    private readonly Lazy<ValueFlow> _flow;

    private BlockFlow(ImmutableArray<IOperation> blocks)
    {
        Blocks = blocks;
        _flow = new Lazy<ValueFlow>(() => ValueFlow.Build(blocks), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ImmutableArray<IOperation> Blocks { get; }

    public ValueFlow Flow => _flow.Value;

    /// <summary>
    /// Calls <paramref name="action"/> for every operation of the given kinds in the members <paramref name="filter"/>
    /// accepts, with the block's lazily built flow index: how rules register operation actions (see
    /// <see cref="OperationActions"/> for why they never register compiler ones).
    /// </summary>
    public static void RegisterOperationAction(
        CompilationStartAnalysisContext start,
        BodyFilter filter,
        Action<OperationContext, BlockFlow> action,
        params OperationKind[] kinds) =>
        OperationActions.Register(start, filter, block => new BlockFlow(ImmutableArray.Create(block)), action, kinds);
}
