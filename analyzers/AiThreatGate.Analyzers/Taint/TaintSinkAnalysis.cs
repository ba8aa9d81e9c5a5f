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

/// <summary>
/// One taint rule over one compilation (<see cref="TaintSinkRule"/>): its sinks, the sources that reach them, the
/// checks that guard them, and the summaries it keeps of the compilation's methods — which parameter reaches a sink
/// (reported at the call that passes source data) and which caller passes source data to a parameter (reported at the
/// sink in the helper, by name or through an interface: the two ends of a flow). The same answers are what
/// <c>sink</c> summaries carry to the projects that call this one (<see cref="FlowSummaries"/>).
/// </summary>
internal sealed class TaintSinkAnalysis
{
    private readonly Compilation _compilation;
    private readonly AnalyzerOptions _analyzerOptions;
    private readonly DiagnosticDescriptor _descriptor;
    private readonly SinkRuleOptions _options;
    private readonly TaintEngine _taint;
    private readonly Func<IOperation, SinkUse?> _findSink;
    private readonly Func<IOperation, bool>? _contextSanitizer;
    private readonly int _callerDepth;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _insufficientValidators = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, (string Sink, Location? Origin, string? Members)?>[] _parameterSinks;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<BodyIndex>> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IParameterSymbol, int, string?, bool), StrongBox<IOperation?>> _callerSources = new();

    private TaintSinkAnalysis(Compilation compilation, AnalyzerOptions analyzerOptions, DiagnosticDescriptor descriptor, SinkRuleOptions options, TaintEngine taint, Func<IOperation, SinkUse?> findSink)
    {
        _compilation = compilation;
        _analyzerOptions = analyzerOptions;
        _descriptor = descriptor;
        _options = options;
        _taint = taint;
        _findSink = findSink;
        var summaries = taint.Summaries;
        var ruleId = descriptor.Id;

        // A method summarized as a sanitizer for this rule (an encoder of another project) makes values safe here only.
        _contextSanitizer = summaries.IsEmpty
            ? options.ContextSanitizer
            : operation => options.ContextSanitizer?.Invoke(operation) == true
                || operation is IInvocationOperation invocation && summaries.IsSanitizer(invocation.TargetMethod, ruleId);

        // How many calls above the sink's method a caller-passed source is looked for (the method's callers are the first).
        _callerDepth = Math.Max(0, taint.MaxDepth - 1);
        _parameterSinks = new ConcurrentDictionary<IParameterSymbol, (string, Location?, string?)?>[taint.MaxDepth + 1];
        for (var level = 0; level < _parameterSinks.Length; level++)
        {
            _parameterSinks[level] = new ConcurrentDictionary<IParameterSymbol, (string, Location?, string?)?>(SymbolEqualityComparer.Default);
        }
    }

    public TaintEngine Taint => _taint;

    public DiagnosticDescriptor Descriptor => _descriptor;

    /// <summary>The rule's analysis of <paramref name="compilation"/>; null when the compilation has no source of the rule's kind or none of its sinks.</summary>
    /// <param name="forSummaries">For the summaries of a project (its sinks matter to its callers even when it holds no source).</param>
    public static TaintSinkAnalysis? Create(Compilation compilation, AnalyzerOptions analyzerOptions, TaintRuleDefinition definition, bool forSummaries = false)
    {
        var options = definition.CreateOptions(compilation);
        var taint = forSummaries ? TaintEngine.ForSummariesOf(compilation, analyzerOptions, options.Kind) : TaintEngine.For(compilation, analyzerOptions, options.Kind);
        if (taint is null)
        {
            return null;
        }

        // Summaries can name sinks of this rule in another project: a compilation that calls them needs no sink API of its own.
        var findSink = definition.CreateSinkFinder(compilation);
        if (findSink is null)
        {
            if (!taint.Summaries.HasSinks(definition.Descriptor.Id))
            {
                return null;
            }

            findSink = _ => null;
        }

        return new TaintSinkAnalysis(compilation, analyzerOptions, definition.Descriptor, options, taint, findSink);
    }

    /// <summary>The value a sink of this rule uses at <paramref name="operation"/>, or null.</summary>
    public SinkUse? FindSink(IOperation operation) => _findSink(operation);

    /// <summary>
    /// The sink parameter <paramref name="parameter"/> reaches unsanitized and unguarded inside its method, or through
    /// the methods it passes the value to (at most <paramref name="depth"/> calls further), with where that sink is when
    /// a summary of another project names it, and the members of the parameter that reach it (<c>message.FileName</c>,
    /// comma-separated; null when the parameter as a whole does); null when none. One cache per remaining depth, so answers never depend on order.
    /// </summary>
    public (string Sink, Location? Origin, string? Members)? SinkReachedBy(IParameterSymbol parameter, int depth) => _parameterSinks[depth].GetOrAdd(parameter, _ =>
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return null;
        }

        if (_taint.Summaries.SinkOf(method, parameter.Ordinal, _descriptor.Id) is { } summary)
        {
            return (summary.Description ?? "a sink", _taint.Summaries.OriginOf(summary), summary.Members);
        }

        // A call through an interface or abstract method (IShell.ExecuteCommandAsync) reaches the sink when one of
        // the implementations here does: which one runs is decided at run time, so any of them counts.
        // The first implementation found names the finding; one reaching it through another member, or whole, widens it.
        if (method.IsAbstract)
        {
            (string Sink, Location? Origin)? named = null;
            var reached = new TaintEngine.MemberPaths();
            foreach (var implementation in _taint.BodiesOf(method))
            {
                if (parameter.Ordinal < implementation.Parameters.Length
                    && SinkReachedBy(implementation.Parameters[parameter.Ordinal].OriginalDefinition, depth) is { } implemented)
                {
                    named ??= (implemented.Sink + " in " + implementation.ContainingType.Name + "." + CallName(implementation), implemented.Origin);
                    reached.Add(implemented.Members);
                }
            }

            return named is { } sink ? (sink.Sink, sink.Origin, reached.Members) : null;
        }

        // The first sink found names the finding; every sink reached decides which members of the parameter count.
        (string Sink, Location? Origin)? found = null;
        var members = new TaintEngine.MemberPaths();
        foreach (var index in BodiesOf(method))
        {
            foreach (var (operation, use) in index.Sinks)
            {
                if (_taint.DerivesFrom(use.Value, parameter, index.Flow, index.Settings, _contextSanitizer, out var read) && !IsGuarded(operation, use.Value, index.Flow, index.Settings))
                {
                    found ??= (use.Sink, use.Value.Syntax.GetLocation());
                    members.Add(read);
                    if (members.IsWhole)
                    {
                        return (found.Value.Sink, found.Value.Origin, null);
                    }
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
                        && ReachesMembers(argument.Value, sink.Members, parameter, index, members)
                        && !IsGuarded(operation, argument.Value, index.Flow, index.Settings))
                    {
                        found ??= (sink.Sink + " in " + callee.ContainingType.Name + "." + CallName(callee), sink.Origin);
                        if (members.IsWhole)
                        {
                            return (found.Value.Sink, found.Value.Origin, null);
                        }
                    }
                }
            }
        }

        return found is { } first ? (first.Sink, first.Origin, members.Members) : null;
    });

    // Whether what `argument` gives the members the callee's summary names in `callee` (the whole argument when null) derives from `parameter`,
    // adding the members of `parameter` it is read through to `members`. Passing the parameter itself on keeps the
    // callee's member: `Save(message)` reaches the sink through `message.FileName` when `Save` does.
    private bool ReachesMembers(IOperation argument, string? callee, IParameterSymbol parameter, BodyIndex index, TaintEngine.MemberPaths members)
    {
        if (callee is not null && ValueFlow.Unwrap(argument) is IParameterReferenceOperation passed && SymbolEqualityComparer.Default.Equals(passed.Parameter, parameter))
        {
            members.Add(callee);
            return true;
        }

        var reached = false;
        foreach (var value in _taint.ValuesGivenTo(argument, callee, index.Flow, index.Settings, out _))
        {
            if (_taint.DerivesFrom(value, parameter, index.Flow, index.Settings, _contextSanitizer, out var read))
            {
                members.Add(read);
                reached = true;
            }
        }

        return reached;
    }

    /// <summary>The depth a call's parameter summaries are asked with.</summary>
    public int SummaryDepth => Math.Max(0, _taint.MaxDepth - 1);

    /// <summary>The source <paramref name="value"/> is derived from, stopping at this rule's sanitizers; null when none.</summary>
    public IOperation? FindSource(IOperation value, ValueFlow flow, TaintSettings settings) =>
        _taint.FindSource(value, flow, settings, _contextSanitizer, _options.ExemptSource);

    public bool IsGuarded(IOperation sinkOperation, IOperation value, ValueFlow flow, TaintSettings settings)
    {
        var roots = flow.Roots(value);
        bool ChecksValue(IOperation operation) =>
            (TaintEngine.IsAllowlistCheck(operation, settings) && !IsInsufficientValidator(operation) || _options.ContextCheck?.Invoke(operation) == true) && flow.CheckedRoots(operation).Overlaps(roots);
        return Guards.IsGuarded(sinkOperation, condition => flow.Walk(condition, ChecksValue), ChecksValue);
    }

    public void AnalyzeSink(OperationContext context, BlockFlow block, SinkUse use)
    {
        if (use.Value.ConstantValue.HasValue)
        {
            return;
        }

        var settings = TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree, _options.Kind);
        var source = FindSource(use.Value, block.Flow, settings);
        var sink = _options.DescribeSink?.Invoke(use.Value, block.Flow, use.Sink) ?? use.Sink;
        if (source is not null)
        {
            if (!IsGuarded(context.Operation, use.Value, block.Flow, settings))
            {
                Report(context, use.Value, source, sink, sinkOrigin: null);
            }

            return;
        }

        // A caller passes source data to the parameter this sink uses (by name, or through an interface or base
        // method): the sink end of a flow whose source end is reported at the caller's call.
        if (FedByCaller(context.Operation, use.Value, block.Flow, settings, _callerDepth, byName: true) is { } callerSource)
        {
            Report(context, use.Value, callerSource, sink, sinkOrigin: null);
            return;
        }

        // Audit level: no known source, but nothing shows the value is safe either.
        if (_options.Kind.Auditable
            && AuditLevel.IsEnabled(context.Options, context.Operation.Syntax.SyntaxTree, _descriptor.Id)
            && !TaintEngine.IsSafeType(use.Value.Type)
            && !IsGuarded(context.Operation, use.Value, block.Flow, settings)
            && _taint.IsUnproven(use.Value, block.Flow, settings, _contextSanitizer))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                _descriptor,
                use.Value.Syntax.GetLocation(),
                DiagnosticSeverity.Info,
                additionalLocations: null,
                properties: _options.Properties,
                AuditLevel.SourceDescription,
                sink));
        }
    }

    public void AnalyzeCall(OperationContext context, BlockFlow block, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        TaintSettings? settings = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter || argument.Value.ConstantValue.HasValue || TaintEngine.IsSafeType(argument.Value.Type))
            {
                continue;
            }

            // The summary is cached per parameter and usually null: asked first, it spares the taint search.
            if (SinkReachedBy(parameter.OriginalDefinition, SummaryDepth) is not { } sink)
            {
                continue;
            }

            settings ??= TaintSettings.Read(context.Options, context.Operation.Syntax.SyntaxTree, _options.Kind);
            var source = SourceGivenTo(argument.Value, sink.Members, block.Flow, settings, out var values);

            // A callee that no rule looks into (a data-access helper, another project's method) never reports its sink:
            // this call, the last step of the flow in AI-related code, is the flow's sink end, and finds its callers by name.
            var lastAiStep = source is null && !_options.Kind.Members.AcceptsDeclarationOf(method, _compilation, _analyzerOptions);
            if (source is null ? (source = values.Select(value => FedByCaller(context.Operation, value, block.Flow, settings, _callerDepth, byName: lastAiStep)).FirstOrDefault(fed => fed is not null)) is not null : !IsGuarded(context.Operation, argument.Value, block.Flow, settings))
            {
                Report(context, argument.Value, source!, sink.Sink + " in " + method.ContainingType.Name + "." + CallName(method), sink.Origin);
            }
        }
    }

    /// <summary>
    /// A call whose parameters a summary can say reach a sink: a method or constructor declared in this compilation
    /// (with a body, or an interface or abstract method whose implementations here have one), or a method of another
    /// assembly that a summary names as this rule's sink; null otherwise.
    /// </summary>
    public (IMethodSymbol Method, ImmutableArray<IArgumentOperation> Arguments)? Call(IOperation operation)
    {
        var (method, arguments) = operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, default),
        };
        if (method is null || method.IsExtern)
        {
            return null;
        }

        return !method.DeclaringSyntaxReferences.IsEmpty || _taint.Summaries.HasSink(method, _descriptor.Id) ? (method, arguments) : null;
    }

    private bool IsInsufficientValidator(IOperation operation) =>
        _options.InsufficientCheck is { } insufficientCheck && operation is IInvocationOperation { TargetMethod: { } validator }
        && _insufficientValidators.GetOrAdd(validator.OriginalDefinition, method => ValidatorChecks.OnlyMakes(method, _taint.Operation, insufficientCheck));

    // What each method body of the compilation holds that a summary needs: its sinks and its calls to methods declared
    // here (or summarized as sinks). Indexed once per method, so a method with no sink and no such call costs one scan,
    // whatever the number of its parameters and of the depths asked.
    private ImmutableArray<BodyIndex> BodiesOf(IMethodSymbol method) => _bodies.GetOrAdd(method, _ =>
    {
        var indexes = ImmutableArray.CreateBuilder<BodyIndex>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (_taint.Operation(reference) is not { } body)
            {
                continue;
            }

            var index = new BodyIndex(body, TaintSettings.Read(_analyzerOptions, reference.SyntaxTree, _options.Kind));
            foreach (var operation in body.Descendants())
            {
                if (_findSink(operation) is { } use && !use.Value.ConstantValue.HasValue)
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

    // "A caller passes source data to this parameter" summaries: the source found in the caller, unguarded there, or
    // in the caller's caller, at most `depth` calls further up; null when none. A flow through helpers is reported at
    // its two ends: the call in the method holding the source (the parameter summaries above) and the sink, which
    // looks for its callers by name too (`byName`). A call that hands the value on to another helper is an end only
    // in an implementation called through its interface or base (UnixShell.ExecuteCommandAsync via IShell), where
    // the caller's call cannot be summarized by name; otherwise every step of a chain would be reported.
    private IOperation? CallerSource(IParameterSymbol parameter, string? members, int depth, bool byName) => _callerSources.GetOrAdd((parameter.OriginalDefinition, depth, members, byName), key =>
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
        {
            return new StrongBox<IOperation?>(null);
        }

        foreach (var call in byName ? CallSites.Of(method, _compilation, _analyzerOptions, _options.Kind.Members) : CallSites.Dispatched(method, _compilation, _analyzerOptions, _options.Kind.Members))
        {
            if (call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal) is not { } argument || argument.Value.ConstantValue.HasValue)
            {
                continue;
            }

            var flow = ValueFlow.OfBodyOf(call);
            var settings = TaintSettings.Read(_analyzerOptions, call.Syntax.SyntaxTree, _options.Kind);
            if (SourceGivenTo(argument.Value, members, flow, settings, out var values) is { } source)
            {
                if (!IsGuarded(call, argument.Value, flow, settings))
                {
                    return new StrongBox<IOperation?>(source);
                }
            }
            else if (depth > 0 && values.Select(value => FedByCaller(call, value, flow, settings, depth - 1, byName)).FirstOrDefault(fed => fed is not null) is { } fed)
            {
                return new StrongBox<IOperation?>(fed);
            }
        }

        return new StrongBox<IOperation?>(null);
    }).Value;

    // The source a caller passes to a parameter of the method holding `use` (to the members of it `value` reads, when
    // one), when `value` derives from that parameter and no check guards the use.
    private IOperation? FedByCaller(IOperation use, IOperation value, ValueFlow flow, TaintSettings settings, int depth, bool byName)
    {
        if (CallSites.EnclosingMethod(use, _compilation) is not { } method)
        {
            return null;
        }

        foreach (var parameter in method.Parameters)
        {
            if (!TaintEngine.IsSafeType(parameter.Type)
                && _taint.DerivesFrom(value, parameter, flow, settings, _contextSanitizer, out var members)
                && !IsGuarded(use, value, flow, settings)
                && CallerSource(parameter, members, depth, byName) is { } source)
            {
                return source;
            }
        }

        return null;
    }

    // The source in what `argument` gives the callee's `members` (the whole argument when null), and those values.
    private IOperation? SourceGivenTo(IOperation argument, string? members, ValueFlow flow, TaintSettings settings, out IReadOnlyList<IOperation> values)
    {
        values = _taint.ValuesGivenTo(argument, members, flow, settings, out var sourceCall);
        return sourceCall ?? values.Select(value => FindSource(value, flow, settings)).FirstOrDefault(source => source is not null);
    }

    // The finding points at the value, and names where the source is (and, for a source or sink summarized in another
    // project, where that project's model call or sink is) as additional locations an IDE or SARIF viewer can show.
    private void Report(OperationContext context, IOperation value, IOperation source, string sink, Location? sinkOrigin)
    {
        var additional = new List<Location> { source.Syntax.GetLocation() };
        if (_taint.OriginOf(source) is { } sourceOrigin)
        {
            additional.Add(sourceOrigin);
        }

        // A sink in this compilation is where the finding's own path leads; one in another project is named here.
        if (sinkOrigin is { Kind: LocationKind.ExternalFile })
        {
            additional.Add(sinkOrigin);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            _descriptor,
            value.Syntax.GetLocation(),
            _taint.SeverityOf(source) ?? _descriptor.DefaultSeverity,
            additionalLocations: additional,
            properties: _options.Properties,
            _taint.Describe(source),
            sink));
    }


    private static string CallName(IMethodSymbol method) => method.MethodKind == MethodKind.Constructor ? "ctor" : method.Name;

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
}
