using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

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

/// <summary>How one taint rule differs from the others beyond its sinks: the kind of source and its context's sanitizers and guards.</summary>
internal sealed class SinkRuleOptions
{
    public SinkRuleOptions(SourceKind kind) => Kind = kind;

    /// <summary>Where the data the rule tracks enters: model output, untrusted input, external content.</summary>
    public SourceKind Kind { get; }

    /// <summary>An operation that makes a value safe for this sink only (an encoder of the sink's language).</summary>
    public Func<IOperation, bool>? ContextSanitizer { get; set; }

    /// <summary>A check that only this sink's context accepts as a guard (a path kept under a base folder, a length limit).</summary>
    public Func<IOperation, bool>? ContextCheck { get; set; }

    /// <summary>
    /// A check this sink's context does not accept (a prefix check of a raw path): an application's validator
    /// (<c>IsValidPath</c>) whose every check is one of these is not a guard for this sink, whatever its name says.
    /// </summary>
    public Func<IOperation, bool>? InsufficientCheck { get; set; }

    /// <summary>The sink as the message names it, given the value and its block's flow (what the value went through on the way); the sink's own name when null.</summary>
    public Func<IOperation, ValueFlow, string, string>? DescribeSink { get; set; }

    /// <summary>Properties every diagnostic of this registration carries (which kind of sink, for a code fix to tell).</summary>
    public ImmutableDictionary<string, string?>? Properties { get; set; }

    /// <summary>A source this rule does not count, though the kind does (input already validated by model binding).</summary>
    public Func<IOperation, bool>? ExemptSource { get; set; }
}

/// <summary>
/// One registration of a taint rule: its descriptor, its sinks in a compilation, its options (source kind, context
/// encoders and checks) and the operation kinds its sinks are found at. A rule exposes its definitions
/// (<see cref="ITaintRule"/>) so that the CLI can compute the rule's <c>sink</c> summaries for other projects.
/// </summary>
internal sealed class TaintRuleDefinition
{
    public TaintRuleDefinition(
        DiagnosticDescriptor descriptor,
        Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder,
        Func<Compilation, SinkRuleOptions> createOptions,
        params OperationKind[] kinds)
    {
        Descriptor = descriptor;
        CreateSinkFinder = createSinkFinder;
        CreateOptions = createOptions;
        Kinds = kinds;
    }

    public TaintRuleDefinition(DiagnosticDescriptor descriptor, Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder, SinkRuleOptions options, params OperationKind[] kinds)
        : this(descriptor, createSinkFinder, _ => options, kinds)
    {
    }

    public DiagnosticDescriptor Descriptor { get; }

    public Func<Compilation, Func<IOperation, SinkUse?>?> CreateSinkFinder { get; }

    public Func<Compilation, SinkRuleOptions> CreateOptions { get; }

    public OperationKind[] Kinds { get; }
}

/// <summary>A rule built on <see cref="TaintSinkRule"/>: its registrations, for the analysis and for summaries.</summary>
internal interface ITaintRule
{
    ImmutableArray<TaintRuleDefinition> Definitions { get; }
}

/// <summary>
/// The shape every "tainted data reaches a dangerous sink" rule shares: find the sink value, find a source it is
/// derived from (stopping at the sink's own context encoders), skip it when a check guards the use, and report at
/// the value with the source as additional location. Each rule supplies its sinks, its source kind and its encoders
/// (<see cref="TaintRuleDefinition"/>); <see cref="TaintSinkAnalysis"/> does the work per compilation.
/// </summary>
internal static class TaintSinkRule
{
    public static void Register(CompilationStartAnalysisContext start, ImmutableArray<TaintRuleDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            Register(start, definition);
        }
    }

    public static void Register(CompilationStartAnalysisContext start, TaintRuleDefinition definition)
    {
        if (TaintSinkAnalysis.Create(start.Compilation, start.Options, definition) is not { } analysis)
        {
            return;
        }

        // One registration for both paths: the driver's cost per callback is what a build mostly pays for an analyzer.
        var allKinds = definition.Kinds.Union(new[] { OperationKind.Invocation, OperationKind.ObjectCreation }).ToArray();
        BlockFlow.RegisterOperationAction(
            start,
            analysis.Taint.Kind.Members,
            (context, block) =>
            {
                if (analysis.FindSink(context.Operation) is { } use)
                {
                    analysis.AnalyzeSink(context, block, use);
                }
                else if (analysis.Call(context.Operation) is { } call)
                {
                    analysis.AnalyzeCall(context, block, call.Method, call.Arguments);
                }
            },
            allKinds);
    }

    /// <summary>The argument passed for one of the named parameters, preferring one that is not a constant (<c>CreateInstance("Plugins", typeName)</c>).</summary>
    public static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, params string[] names)
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
}
