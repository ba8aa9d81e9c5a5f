using System;
using System.Collections.Concurrent;
using System.Linq;
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

        bool IsGuarded(IOperation sinkOperation, IOperation value, ValueFlow flow, TaintSettings settings)
        {
            var roots = flow.Roots(value);
            bool ChecksValue(IOperation operation) =>
                (LlmTaint.IsAllowlistCheck(operation, settings) || contextCheck?.Invoke(operation) == true) && flow.Roots(operation).Overlaps(roots);
            return Guards.IsGuarded(sinkOperation, condition => flow.Walk(condition, ChecksValue), ChecksValue);
        }

        // "A parameter reaches a sink" summaries of this compilation's methods, one level deep: the name of the sink a
        // parameter reaches unsanitized and unguarded inside its method, or null.
        var parameterSinks = new ConcurrentDictionary<IParameterSymbol, string?>(SymbolEqualityComparer.Default);
        string? SinkReachedBy(IParameterSymbol parameter) => parameterSinks.GetOrAdd(parameter, _ =>
        {
            foreach (var reference in parameter.ContainingSymbol.DeclaringSyntaxReferences)
            {
                if (taint.Operation(reference) is not { } body)
                {
                    continue;
                }

                var settings = TaintSettings.Read(start.Options, reference.SyntaxTree);
                ValueFlow? flow = null;
                foreach (var operation in body.Descendants())
                {
                    if (findSink(operation) is { } use && !use.Value.ConstantValue.HasValue
                        && LlmTaint.DerivesFrom(use.Value, parameter, flow ??= ValueFlow.Build(body), settings, contextSanitizer)
                        && !IsGuarded(operation, use.Value, flow, settings))
                    {
                        return use.Sink;
                    }
                }
            }

            return null;
        });

        BlockFlow.RegisterOperationAction(
            start,
            (context, block) =>
            {
                if (findSink(context.Operation) is not { } use || use.Value.ConstantValue.HasValue)
                {
                    return;
                }

                var settings = TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree);
                if (taint.FindSource(use.Value, block.Flow, settings, contextSanitizer) is not { } source
                    || IsGuarded(context.Operation, use.Value, block.Flow, settings))
                {
                    return;
                }

                Report(context, use.Value, source, use.Sink);
            },
            kinds);

        BlockFlow.RegisterOperationAction(
            start,
            (context, block) =>
            {
                var invocation = (IInvocationOperation)context.Operation;
                var method = invocation.TargetMethod;
                if (method.DeclaringSyntaxReferences.IsEmpty || method.IsAbstract || method.IsExtern)
                {
                    return;
                }

                TaintSettings? settings = null;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is not { } parameter || argument.Value.ConstantValue.HasValue || LlmTaint.IsSafeType(argument.Value.Type))
                    {
                        continue;
                    }

                    // The summary is cached per parameter and usually null: asked first, it spares the taint search.
                    if (SinkReachedBy(parameter.OriginalDefinition) is not { } sink)
                    {
                        continue;
                    }

                    settings ??= TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree);
                    if (taint.FindSource(argument.Value, block.Flow, settings, contextSanitizer) is { } source
                        && !IsGuarded(context.Operation, argument.Value, block.Flow, settings))
                    {
                        Report(context, argument.Value, source, sink + " in " + method.ContainingType.Name + "." + method.Name);
                    }
                }
            },
            OperationKind.Invocation);

        void Report(OperationAnalysisContext context, IOperation value, IOperation source, string sink) =>
            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                value.Syntax.GetLocation(),
                additionalLocations: new[] { source.Syntax.GetLocation() },
                DescribeSource(source),
                sink));
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
