using System;
using AiThreatGate.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Infrastructure;

/// <summary>A dangerous value found at an operation: the value that must not carry model output, and the sink's name.</summary>
internal readonly struct SinkUse
{
    public SinkUse(IOperation value, string sink)
    {
        Value = value;
        Sink = sink;
    }

    public IOperation Value { get; }

    public string Sink { get; }
}

/// <summary>
/// The shape every "LLM output reaches a dangerous sink" rule shares: find the sink value, find model output it is
/// derived from (stopping at the sink's own context encoders), skip it when an allowlist check guards the use, and
/// report at the value with the source as additional location. Each rule supplies its sinks and encoders.
/// </summary>
internal static class LlmSinkRule
{
    public static void Register(
        CompilationStartAnalysisContext start,
        DiagnosticDescriptor descriptor,
        Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder,
        Func<IOperation, bool>? contextSanitizer,
        params OperationKind[] kinds) => Register(start, descriptor, createSinkFinder, contextSanitizer, contextCheck: null, kinds);

    /// <param name="contextCheck">A check that only this sink's context accepts as a guard (a path kept under a base folder, an allowlisted host).</param>
    public static void Register(
        CompilationStartAnalysisContext start,
        DiagnosticDescriptor descriptor,
        Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder,
        Func<IOperation, bool>? contextSanitizer,
        Func<IOperation, bool>? contextCheck,
        params OperationKind[] kinds)
    {
        var taint = LlmTaint.For(start.Compilation, start.Options);
        var findSink = createSinkFinder(start.Compilation);
        if (taint is null || findSink is null)
        {
            return;
        }

        BlockFlow.RegisterOperationAction(
            start,
            (context, block) =>
            {
                if (findSink(context.Operation) is not { } use || use.Value.ConstantValue.HasValue)
                {
                    return;
                }

                var settings = TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree);
                if (taint.FindSource(use.Value, block.Flow, settings, contextSanitizer) is not { } source)
                {
                    return;
                }

                var roots = block.Flow.Roots(use.Value);
                bool ChecksValue(IOperation operation) =>
                    (LlmTaint.IsAllowlistCheck(operation, settings) || contextCheck?.Invoke(operation) == true) && block.Flow.Roots(operation).Overlaps(roots);
                if (Guards.IsGuarded(context.Operation, condition => block.Flow.Walk(condition, ChecksValue), ChecksValue))
                {
                    return;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    descriptor,
                    use.Value.Syntax.GetLocation(),
                    additionalLocations: new[] { source.Syntax.GetLocation() },
                    DescribeSource(source),
                    use.Sink));
            },
            kinds);
    }

    /// <summary>The argument passed for one of the named parameters, preferring one that is not a constant (<c>CreateInstance("Plugins", typeName)</c>).</summary>
    public static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, params string[] names)
    {
        IOperation? constant = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && Array.IndexOf(names, parameter.Name) >= 0)
            {
                if (!argument.Value.ConstantValue.HasValue)
                {
                    return argument.Value;
                }

                constant ??= argument.Value;
            }
        }

        return constant;
    }

    private static string DescribeSource(IOperation source) => source switch
    {
        IInvocationOperation invocation => invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
        IParameterReferenceOperation parameter => "tool parameter " + parameter.Parameter.Name,
        _ => ValueFlow.ReferencedSymbol(source)?.Name ?? source.Syntax.ToString(),
    };
}
