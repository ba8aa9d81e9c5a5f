using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Infrastructure;

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

    /// <summary>Registers <paramref name="action"/> for the given operation kinds, with the block's lazily built flow index.</summary>
    public static void RegisterOperationAction(
        CompilationStartAnalysisContext start,
        Action<OperationAnalysisContext, BlockFlow> action,
        params OperationKind[] kinds)
    {
        start.RegisterOperationBlockStartAction(block =>
        {
            var blockFlow = new BlockFlow(block.OperationBlocks);
            block.RegisterOperationAction(context => action(context, blockFlow), kinds);
        });
    }
}
