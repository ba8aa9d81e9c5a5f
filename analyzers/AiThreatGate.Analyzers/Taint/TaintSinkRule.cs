using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
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
/// The shape every "tainted data reaches a dangerous sink" rule shares: find the sink value, find a source it is
/// derived from (stopping at the sink's own context encoders), skip it when a check guards the use, and report at
/// the value with the source as additional location. Each rule supplies its sinks, its source kind and its encoders.
/// </summary>
internal static class TaintSinkRule
{
    public static void Register(
        CompilationStartAnalysisContext start,
        DiagnosticDescriptor descriptor,
        SourceKind sources,
        Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder,
        Func<IOperation, bool>? contextSanitizer,
        params OperationKind[] kinds) => Register(start, descriptor, createSinkFinder, new SinkRuleOptions(sources) { ContextSanitizer = contextSanitizer }, kinds);

    public static void Register(
        CompilationStartAnalysisContext start,
        DiagnosticDescriptor descriptor,
        SourceKind sources,
        Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder,
        Func<IOperation, bool>? contextSanitizer,
        Func<IOperation, bool>? contextCheck,
        params OperationKind[] kinds) => Register(start, descriptor, createSinkFinder, new SinkRuleOptions(sources) { ContextSanitizer = contextSanitizer, ContextCheck = contextCheck }, kinds);

    public static void Register(
        CompilationStartAnalysisContext start,
        DiagnosticDescriptor descriptor,
        Func<Compilation, Func<IOperation, SinkUse?>?> createSinkFinder,
        SinkRuleOptions options,
        params OperationKind[] kinds)
    {
        var taint = TaintEngine.For(start.Compilation, start.Options, options.Kind);
        var findSink = createSinkFinder(start.Compilation);
        if (taint is null || findSink is null)
        {
            return;
        }

        var contextSanitizer = options.ContextSanitizer;

        // How many calls above the sink's method a caller-passed source is looked for (the method's callers are the first).
        var callerDepth = Math.Max(0, taint.MaxDepth - 1);
        var contextCheck = options.ContextCheck;
        var exempt = options.ExemptSource;

        var insufficientCheck = options.InsufficientCheck;
        var insufficientValidators = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        bool IsInsufficientValidator(IOperation operation) =>
            insufficientCheck is not null && operation is IInvocationOperation { TargetMethod: { } validator }
            && insufficientValidators.GetOrAdd(validator.OriginalDefinition, method => ValidatorChecks.OnlyMakes(method, taint.Operation, insufficientCheck));

        bool IsGuarded(IOperation sinkOperation, IOperation value, ValueFlow flow, TaintSettings settings)
        {
            var roots = flow.Roots(value);
            bool ChecksValue(IOperation operation) =>
                (TaintEngine.IsAllowlistCheck(operation, settings) && !IsInsufficientValidator(operation) || contextCheck?.Invoke(operation) == true) && flow.Roots(operation).Overlaps(roots);
            return Guards.IsGuarded(sinkOperation, condition => flow.Walk(condition, ChecksValue), ChecksValue);
        }

        IOperation? FindSource(IOperation value, ValueFlow flow, TaintSettings settings) =>
            taint.FindSource(value, flow, settings, contextSanitizer, exempt);

        // "A parameter reaches a sink" summaries of this compilation's methods and constructors: the sink a parameter
        // reaches unsanitized and unguarded inside its method, or through the methods it passes the value to, at most
        // `depth` calls further; null when none. One cache per remaining depth, so answers never depend on order.
        var parameterSinks = new ConcurrentDictionary<IParameterSymbol, string?>[taint.MaxDepth + 1];
        for (var level = 0; level < parameterSinks.Length; level++)
        {
            parameterSinks[level] = new ConcurrentDictionary<IParameterSymbol, string?>(SymbolEqualityComparer.Default);
        }

        // What each method body of the compilation holds that a summary needs: its sinks and its calls to methods
        // declared here. Indexed once per method, so a method with no sink and no such call costs one scan, whatever
        // the number of its parameters and of the depths asked.
        var bodies = new ConcurrentDictionary<IMethodSymbol, ImmutableArray<BodyIndex>>(SymbolEqualityComparer.Default);
        ImmutableArray<BodyIndex> BodiesOf(IMethodSymbol method) => bodies.GetOrAdd(method, _ =>
        {
            var indexes = ImmutableArray.CreateBuilder<BodyIndex>();
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (taint.Operation(reference) is not { } body)
                {
                    continue;
                }

                var index = new BodyIndex(body, TaintSettings.Read(start.Options, reference.SyntaxTree, options.Kind));
                foreach (var operation in body.Descendants())
                {
                    if (findSink(operation) is { } use && !use.Value.ConstantValue.HasValue)
                    {
                        index.Sinks.Add((operation, use));
                    }
                    else if (Call(operation) is { } call)
                    {
                        index.Calls.Add((operation, call.Method, call.Arguments));
                    }
                }

                if (index.Sinks.Count > 0 || index.Calls.Count > 0)
                {
                    indexes.Add(index);
                }
            }

            return indexes.ToImmutable();
        });

        string? SinkReachedBy(IParameterSymbol parameter, int depth) => parameterSinks[depth].GetOrAdd(parameter, _ =>
        {
            if (parameter.ContainingSymbol is not IMethodSymbol method)
            {
                return null;
            }

            // A call through an interface or abstract method (IShell.ExecuteCommandAsync) reaches the sink when one of
            // the implementations here does: which one runs is decided at run time, so any of them counts.
            if (method.IsAbstract)
            {
                foreach (var implementation in taint.BodiesOf(method))
                {
                    if (parameter.Ordinal < implementation.Parameters.Length
                        && SinkReachedBy(implementation.Parameters[parameter.Ordinal].OriginalDefinition, depth) is { } implemented)
                    {
                        return implemented + " in " + implementation.ContainingType.Name + "." + CallName(implementation);
                    }
                }

                return null;
            }

            foreach (var index in BodiesOf(method))
            {
                foreach (var (operation, use) in index.Sinks)
                {
                    if (TaintEngine.DerivesFrom(use.Value, parameter, index.Flow, index.Settings, contextSanitizer) && !IsGuarded(operation, use.Value, index.Flow, index.Settings))
                    {
                        return use.Sink;
                    }
                }

                if (depth == 0)
                {
                    continue;
                }

                foreach (var (operation, callee, arguments) in index.Calls)
                {
                    foreach (var argument in arguments)
                    {
                        if (argument.Parameter is { } inner && !argument.Value.ConstantValue.HasValue
                            && SinkReachedBy(inner.OriginalDefinition, depth - 1) is { } sink
                            && TaintEngine.DerivesFrom(argument.Value, parameter, index.Flow, index.Settings, contextSanitizer)
                            && !IsGuarded(operation, argument.Value, index.Flow, index.Settings))
                        {
                            return sink + " in " + callee.ContainingType.Name + "." + CallName(callee);
                        }
                    }
                }
            }

            return null;
        });

        // "A caller passes source data to this parameter" summaries, for sinks whose value is a parameter of an
        // implementation called through its interface or base (UnixShell.ExecuteCommandAsync via IShell): the source
        // found in the caller, unguarded there, or in the caller's caller, at most `depth` calls further up. Null when
        // none. A helper called by name is reported at the call instead (the parameter summaries above).
        var callerSources = new ConcurrentDictionary<(IParameterSymbol, int), StrongBox<IOperation?>>();
        IOperation? CallerSource(IParameterSymbol parameter, int depth) => callerSources.GetOrAdd((parameter.OriginalDefinition, depth), key =>
        {
            if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                return new StrongBox<IOperation?>(null);
            }

            foreach (var call in CallSites.Dispatched(method, start.Compilation, start.Options, options.Kind.Members))
            {
                if (call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal) is not { } argument || argument.Value.ConstantValue.HasValue)
                {
                    continue;
                }

                var flow = ValueFlow.Build(Root(call));
                var settings = TaintSettings.Read(start.Options, call.Syntax.SyntaxTree, options.Kind);
                if (FindSource(argument.Value, flow, settings) is { } source)
                {
                    if (!IsGuarded(call, argument.Value, flow, settings))
                    {
                        return new StrongBox<IOperation?>(source);
                    }
                }
                else if (depth > 0 && FedByCaller(call, argument.Value, flow, settings, depth - 1) is { } fed)
                {
                    return new StrongBox<IOperation?>(fed);
                }
            }

            return new StrongBox<IOperation?>(null);
        }).Value;

        // The source a caller passes to a parameter of the method holding `use`, when `value` derives from that
        // parameter and no check guards the use.
        IOperation? FedByCaller(IOperation use, IOperation value, ValueFlow flow, TaintSettings settings, int depth)
        {
            if (CallSites.EnclosingMethod(use, start.Compilation) is not { } method)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (!TaintEngine.IsSafeType(parameter.Type)
                    && TaintEngine.DerivesFrom(value, parameter, flow, settings, contextSanitizer)
                    && !IsGuarded(use, value, flow, settings)
                    && CallerSource(parameter, depth) is { } source)
                {
                    return source;
                }
            }

            return null;
        }

        // One registration for both paths: the driver's cost per callback is what a build mostly pays for an analyzer.
        var allKinds = kinds.Union(new[] { OperationKind.Invocation, OperationKind.ObjectCreation }).ToArray();
        BlockFlow.RegisterOperationAction(
            start,
            options.Kind.Members,
            (context, block) =>
            {
                if (findSink(context.Operation) is { } use)
                {
                    AnalyzeSink(context, block, use);
                }
                else if (Call(context.Operation) is { } call)
                {
                    AnalyzeCall(context, block, call.Method, call.Arguments);
                }
            },
            allKinds);

        void AnalyzeSink(OperationContext context, BlockFlow block, SinkUse use)
        {
            if (use.Value.ConstantValue.HasValue)
            {
                return;
            }

            var settings = TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree, options.Kind);
            var source = FindSource(use.Value, block.Flow, settings);
            var sink = options.DescribeSink?.Invoke(use.Value, block.Flow, use.Sink) ?? use.Sink;
            if (source is not null)
            {
                if (!IsGuarded(context.Operation, use.Value, block.Flow, settings))
                {
                    Report(context, use.Value, source, sink);
                }

                return;
            }

            // A caller passes source data to the parameter this sink uses (through an interface or base method).
            if (FedByCaller(context.Operation, use.Value, block.Flow, settings, callerDepth) is { } callerSource)
            {
                Report(context, use.Value, callerSource, sink);
                return;
            }

            // Audit level: no known source, but nothing shows the value is safe either.
            if (options.Kind.Auditable
                && AuditLevel.IsEnabled(context.Options, context.Operation.Syntax.SyntaxTree, descriptor.Id)
                && !TaintEngine.IsSafeType(use.Value.Type)
                && !IsGuarded(context.Operation, use.Value, block.Flow, settings)
                && taint.IsUnproven(use.Value, block.Flow, settings, contextSanitizer))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    descriptor,
                    use.Value.Syntax.GetLocation(),
                    DiagnosticSeverity.Info,
                    additionalLocations: null,
                    properties: options.Properties,
                    AuditLevel.SourceDescription,
                    sink));
            }
        }

        void AnalyzeCall(OperationContext context, BlockFlow block, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            TaintSettings? settings = null;
            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { } parameter || argument.Value.ConstantValue.HasValue || TaintEngine.IsSafeType(argument.Value.Type))
                {
                    continue;
                }

                // The summary is cached per parameter and usually null: asked first, it spares the taint search.
                if (SinkReachedBy(parameter.OriginalDefinition, Math.Max(0, taint.MaxDepth - 1)) is not { } sink)
                {
                    continue;
                }

                settings ??= TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree, options.Kind);
                var source = FindSource(argument.Value, block.Flow, settings);
                if (source is null ? (source = FedByCaller(context.Operation, argument.Value, block.Flow, settings, callerDepth)) is not null : !IsGuarded(context.Operation, argument.Value, block.Flow, settings))
                {
                    Report(context, argument.Value, source!, sink + " in " + method.ContainingType.Name + "." + CallName(method));
                }
            }
        }

        void Report(OperationContext context, IOperation value, IOperation source, string sink) =>
            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                value.Syntax.GetLocation(),
                taint.SeverityOf(source) ?? descriptor.DefaultSeverity,
                additionalLocations: new[] { source.Syntax.GetLocation() },
                properties: options.Properties,
                taint.Describe(source),
                sink));
    }

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>A method body's sinks and its calls to methods of the compilation, with the body's flow index built on first use.</summary>
    private sealed class BodyIndex
    {
        private readonly Lazy<ValueFlow> _flow;

        public BodyIndex(IOperation body, TaintSettings settings)
        {
            Settings = settings;
            _flow = new Lazy<ValueFlow>(() => ValueFlow.Build(body), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public TaintSettings Settings { get; }

        public ValueFlow Flow => _flow.Value;

        public List<(IOperation Operation, SinkUse Use)> Sinks { get; } = new();

        public List<(IOperation Operation, IMethodSymbol Method, ImmutableArray<IArgumentOperation> Arguments)> Calls { get; } = new();
    }

    /// <summary>A call of a method or constructor declared in this compilation (with a body, or an interface or abstract method whose implementations here have one), or null.</summary>
    private static (IMethodSymbol Method, ImmutableArray<IArgumentOperation> Arguments)? Call(IOperation operation)
    {
        var (method, arguments) = operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, default),
        };
        return method is null || method.DeclaringSyntaxReferences.IsEmpty || method.IsExtern ? null : (method, arguments);
    }

    private static string CallName(IMethodSymbol method) => method.MethodKind == MethodKind.Constructor ? "ctor" : method.Name;

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
