using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// The one taint engine of the analyzers: whether a value is derived from a source of one <see cref="SourceKind"/>
/// (model output, untrusted request input, external content). Flow follows <see cref="ValueFlow"/> inside a block,
/// and across methods of the compilation through summaries (a method or an interface implementation that returns
/// source data; a field or property assigned source data by a member of its type, or anywhere in the compilation's
/// AI-related members: <c>view.Answer = response.Text</c> in a service makes <c>view.Answer</c> a source where a page
/// reads it), cached per compilation and kind and bounded in depth
/// (<c>aithreatgate.llm_output_max_depth</c>, default 4). Conversion to a non-text type and validators stop it.
/// </summary>
internal sealed partial class TaintEngine
{
    public const string MaxDepthOption = "aithreatgate.llm_output_max_depth";
    public const int DefaultMaxDepth = 4;

    // Each level can summarize every method of the compilation once more; past this the cost outgrows the findings.
    private const int DepthLimit = 10;

    private readonly Compilation _compilation;
    private readonly AnalyzerOptions _options;
    private readonly SourceMatcher _sources;
    private readonly int _maxDepth;
    private readonly FlowSummaries _summaries;
    private readonly ConcurrentDictionary<SummaryKey, bool> _returnsOutput = new();
    private readonly ConcurrentDictionary<SummaryKey, bool> _memberHoldsOutput = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _ignoresInputs = new(SymbolEqualityComparer.Default);

    private TaintEngine(Compilation compilation, AnalyzerOptions options, SourceKind kind, SourceMatcher sources, int maxDepth)
    {
        _compilation = compilation;
        _options = options;
        Kind = kind;
        _sources = sources;
        _maxDepth = maxDepth;
        _summaries = FlowSummaries.For(options);
    }

    public SourceKind Kind { get; }

    /// <summary>How many calls deep summaries go (<c>aithreatgate.llm_output_max_depth</c>).</summary>
    public int MaxDepth => _maxDepth;

    // Every sink rule of a compilation asks the same questions of the same methods: one instance per compilation and
    // source kind, and so one set of summaries and one implementation index, instead of one per rule.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SourceKind, StrongBox<TaintEngine?>>> PerCompilation = new();

    [ThreadStatic]
    private static HashSet<ISymbol>? s_inProgress;

    /// <summary>
    /// The compilation's shared instance for <paramref name="kind"/>; null when the compilation cannot contain such a
    /// source (it references no SDK that produces it and none is configured globally): rules then register nothing.
    /// </summary>
    public static TaintEngine? For(Compilation compilation, AnalyzerOptions options, SourceKind kind) =>
        PerCompilation.GetValue(compilation, _ => new ConcurrentDictionary<SourceKind, StrongBox<TaintEngine?>>())
            .GetOrAdd(kind, k => new StrongBox<TaintEngine?>(Create(compilation, options, k))).Value;

    // For summaries, an engine exists whatever the compilation references: a data-access project with no AI SDK still
    // has the parameters that reach SQL, which the projects calling it need to know.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SourceKind, TaintEngine>> ForSummaries = new();

    /// <summary>The instance computing <paramref name="compilation"/>'s summaries for other projects (never null).</summary>
    public static TaintEngine ForSummariesOf(Compilation compilation, AnalyzerOptions options, SourceKind kind) =>
        ForSummaries.GetValue(compilation, _ => new ConcurrentDictionary<SourceKind, TaintEngine>())
            .GetOrAdd(kind, k => Create(compilation, options, k, alwaysConfigured: true)!);

    private static TaintEngine? Create(Compilation compilation, AnalyzerOptions options, SourceKind kind, bool alwaysConfigured = false)
    {
        // Summaries of other projects can make a compilation that references no SDK hold model output (a web project
        // calling the solution's own AI service library).
        var configured = alwaysConfigured
            || options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(kind.SourcesOption, out var sources) && !string.IsNullOrWhiteSpace(sources)
            || FlowSummaries.For(options).HasSources(kind.Name);
        var matcher = kind.CreateMatcher(compilation, configured);
        if (matcher is null)
        {
            return null;
        }

        // Summaries are per compilation, so the depth is a global option (.globalconfig), not a per-folder one.
        var maxDepth = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(MaxDepthOption, out var depthText)
            && int.TryParse(depthText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var depth)
            ? Math.Min(depth, DepthLimit)
            : DefaultMaxDepth;
        return new TaintEngine(compilation, options, kind, matcher, maxDepth);
    }

    /// <summary>How a source is named in a message ("ChatClient.CompleteChatAsync", "request parameter 'question'").</summary>
    public string Describe(IOperation source) =>
        SummarizedSource(source) is { } summary
            ? _sources.Describe(source) + " (" + (summary.Description ?? "summarized as " + Kind.Name) + (summary.Origin is { } origin ? " at " + origin : string.Empty) + ")"
            : _sources.Describe(source);

    /// <summary>Where a source summarized in another project comes from (its model call), for a finding's additional locations; null for other sources.</summary>
    public Location? OriginOf(IOperation source) => SummarizedSource(source) is { } summary ? _summaries.OriginOf(summary) : null;

    /// <summary>The summaries this compilation was given (<see cref="FlowSummaries"/>).</summary>
    public FlowSummaries Summaries => _summaries;

    /// <summary>The summary that makes <paramref name="operation"/> (a call, a field or property read) a source of this kind, or null.</summary>
    private FlowSummary? SummarizedSource(IOperation operation)
    {
        if (_summaries.IsEmpty)
        {
            return null;
        }

        // A call of the solution's own HTTP API whose server returns this kind of data (an endpoint in another project).
        if (_summaries.HasRoutes && operation is IInvocationOperation && Kind.RouteRequestedBy(operation) is { } request
            && _summaries.RouteSourceOf(request, Kind.Name) is { } route)
        {
            return route;
        }

        var symbol = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation or IFieldReferenceOperation => ValueFlow.ReferencedSymbol(operation),
            _ => null,
        };
        return symbol is null ? null : _summaries.SourceOf(symbol, Kind.Name);
    }

    /// <summary>The severity a finding from this source gets when it differs from the rule's default (console input), or null.</summary>
    public DiagnosticSeverity? SeverityOf(IOperation source) => _sources.SeverityOf(source);

    /// <summary>The implementations in this compilation of an interface or abstract method (or the method itself when it has a body here).</summary>
    public IReadOnlyList<IMethodSymbol> BodiesOf(IMethodSymbol method) => ImplementationIndex.For(_compilation).BodiesOf(method);

    /// <summary>The source that <paramref name="value"/> is derived from, or null.</summary>
    /// <param name="exempt">Operations the caller does not count as sources and does not look past (validated input).</param>
    public IOperation? FindSource(IOperation value, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer = null, Func<IOperation, bool>? exempt = null)
    {
        if (exempt is null)
        {
            return FindSource(value, flow, settings, contextSanitizer, _maxDepth);
        }

        var barrier = Barrier(value, settings, contextSanitizer);
        flow.Reaches(value, operation => !exempt(operation) && IsSource(operation, settings, _maxDepth), out var source, operation => exempt(operation) || barrier(operation) || IgnoresItsInputs(operation), Projection(settings, _maxDepth));
        return source;
    }

    /// <summary>For the audit level: whether <paramref name="value"/> is derived from anything but constants before a sanitizer (<see cref="AuditLevel"/>).</summary>
    public bool IsUnproven(IOperation value, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer)
    {
        var barrier = Barrier(value, settings, contextSanitizer);
        return AuditLevel.IsUnproven(value, flow, operation => barrier(operation) || IgnoresItsInputs(operation));
    }

    private IOperation? FindSource(IOperation value, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer, int depth)
    {
        var barrier = Barrier(value, settings, contextSanitizer);
        flow.Reaches(value, operation => IsSource(operation, settings, depth), out var source, operation => barrier(operation) || IgnoresItsInputs(operation), Projection(settings, depth));
        return source;
    }

    /// <summary>
    /// A call of a method of this compilation whose every body returns constants, or its arguments only where an
    /// allowlist check let them through (<see cref="CleanResults"/>): what the call was given does not reach its
    /// result. Whether the call is itself a source (it returns model output) was asked before this.
    /// </summary>
    private bool IgnoresItsInputs(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary, ReturnsVoid: false } method } || method.Parameters.IsEmpty)
        {
            return false;
        }

        return _ignoresInputs.GetOrAdd(method.OriginalDefinition, CleansItsInputs);
    }

    /// <summary>Whether every body of <paramref name="method"/> here gives back none of its arguments' data (for a <c>sanitizer</c> summary too).</summary>
    public bool CleansItsInputs(IMethodSymbol method)
    {
        var bodies = BodiesOf(method);
        return bodies.Count > 0 && bodies.All(body => body.DeclaringSyntaxReferences.All(reference =>
            Operation(reference) is { } operation && CleanResults.CarriesNoInput(operation, TaintSettings.Read(_options, reference.SyntaxTree, Kind))));
    }

    private Func<IOperation, bool> Barrier(IOperation value, TaintSettings settings, Func<IOperation, bool>? contextSanitizer) =>
        operation => IsSanitizer(operation, settings) || contextSanitizer?.Invoke(operation) == true || !ReferenceEquals(operation, value) && IsSafeType(operation.Type)
            || operation is IInvocationOperation invocation && _summaries.IsSanitizer(invocation.TargetMethod, null);

    private bool IsSource(IOperation operation, TaintSettings settings, int depth)
    {
        if (_sources.IsSource(operation, settings) || SummarizedSource(operation) is not null)
        {
            return true;
        }

        switch (operation)
        {
            case IInvocationOperation invocation when depth > 0:
                return ReturnsOutput(invocation.TargetMethod, settings, depth - 1);
            case IFieldReferenceOperation or IPropertyReferenceOperation when depth > 0:
                var member = ValueFlow.ReferencedSymbol(operation);
                return member is not null && MemberHoldsOutput(member, settings, depth - 1);
            default:
                return false;
        }
    }

    /// <summary>The source a body of <paramref name="method"/> here returns data of (for a <c>source</c> summary), or null.</summary>
    public IOperation? SourceReturnedBy(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (Operation(reference) is not { } body)
            {
                continue;
            }

            var settings = TaintSettings.Read(_options, reference.SyntaxTree, Kind);
            var flow = ValueFlow.Of(body);
            var returned = body.Descendants().OfType<IReturnOperation>().Select(r => r.ReturnedValue).Where(v => v is not null).Select(v => v!);
            foreach (var value in returned)
            {
                if (FindSource(value, flow, settings, null, _maxDepth) is { } source)
                {
                    return source;
                }
            }
        }

        return null;
    }

    /// <summary>The source a lambda (a minimal API's handler) returns data of, or null.</summary>
    public IOperation? SourceReturnedBy(IAnonymousFunctionOperation lambda)
    {
        var settings = TaintSettings.Read(_options, lambda.Syntax.SyntaxTree, Kind);
        var flow = ValueFlow.OfBodyOf(lambda);
        foreach (var value in lambda.Body.Descendants().OfType<IReturnOperation>().Select(r => r.ReturnedValue).Where(v => v is not null))
        {
            if (FindSource(value!, flow, settings, null, _maxDepth) is { } source)
            {
                return source;
            }
        }

        return null;
    }

    /// <summary>Whether a field or property of this compilation is assigned data of this kind (for a <c>source</c> summary).</summary>
    public bool HoldsSource(ISymbol member) =>
        member.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree is { } tree && _compilation.ContainsSyntaxTree(tree))
        && MemberHoldsOutput(member, TaintSettings.Read(_options, member.DeclaringSyntaxReferences[0].SyntaxTree, Kind), _maxDepth);

    /// <summary>A method of this compilation (or an implementation of the interface/abstract method called) that returns model output.</summary>
    private bool ReturnsOutput(IMethodSymbol method, TaintSettings settings, int depth)
    {
        return BodiesOf(method).Any(candidate => Summarize(_returnsOutput, new SummaryKey(candidate, depth), () => candidate.DeclaringSyntaxReferences.Any(reference =>
            Operation(reference) is { } body && ReturnsOutput(body, settings, depth))));
    }

    private bool ReturnsOutput(IOperation body, TaintSettings settings, int depth)
    {
        var flow = ValueFlow.Of(body);
        return body.Descendants().OfType<IReturnOperation>().Any(r => r.ReturnedValue is { } returned && FindSource(returned, flow, settings, null, depth) is not null)
            || (body is IMethodBodyOperation { ExpressionBody: { } expression } && expression.Operations.Any(o => FindSource(o, flow, settings, null, depth) is not null));
    }

    /// <summary>A field or property of the application that some member of its type, or an AI-related member elsewhere, assigns model output to.</summary>
    private bool MemberHoldsOutput(ISymbol member, TaintSettings settings, int depth)
    {
        // An identifier member (Id, MessageId, CurrentAgentId) is not summarized as holding output: the summary covers
        // every object of the type, and a message type's identifiers are copied from whole response objects far more
        // often than they carry the model's text. A model-chosen identifier read from the response itself is still found.
        // A member of a type of another project of the solution (an abstractions library's message type) is summarized
        // from the assignments this compilation makes to it; its own type's methods are summarized in that project.
        member = member.OriginalDefinition;
        if (member.ContainingType is not { } type || IsSafeType(MemberType(member)) || NamesIdentifier(member.Name))
        {
            return false;
        }

        return Summarize(_memberHoldsOutput, new SummaryKey(member, depth), () =>
            (!member.DeclaringSyntaxReferences.IsEmpty || ApplicationTypes.Contains(type, _compilation, Kind.Members.Seeds))
            && (type.GetMembers().OfType<IMethodSymbol>()
                .SelectMany(candidate => candidate.DeclaringSyntaxReferences)
                .Any(reference => Operation(reference) is { } body && AssignsOutput(body, member, settings, depth))
                || AssignedElsewhere(member, settings, depth)));
    }

    private static bool NamesIdentifier(string name) =>
        name is "Id" or "ID" || name.Length > 2 && (name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("ID", StringComparison.Ordinal)) && char.IsLower(name[name.Length - 3]);

    private bool AssignsOutput(IOperation body, ISymbol member, TaintSettings settings, int depth)
    {
        var assignments = AssignmentsByName.GetValue(body, IndexAssignments);
        if (!assignments.TryGetValue(member.Name, out var candidates))
        {
            return false;
        }

        var flow = ValueFlow.Of(body);
        return candidates.Any(assignment => StoresOutput(assignment, member, flow, settings, depth));
    }

    // A body's assignments by the names of the members they write: a type's every member asks every body of the type,
    // so each body is walked once instead of once per member (a large library has types of hundreds of members).
    private static readonly ConditionalWeakTable<IOperation, Dictionary<string, List<IAssignmentOperation>>> AssignmentsByName = new();

    private static Dictionary<string, List<IAssignmentOperation>> IndexAssignments(IOperation body)
    {
        var byName = new Dictionary<string, List<IAssignmentOperation>>(StringComparer.Ordinal);
        foreach (var assignment in body.Descendants().OfType<IAssignmentOperation>())
        {
            foreach (var name in assignment.Target.DescendantsAndSelf().Select(ValueFlow.ReferencedSymbol).Where(symbol => symbol is not null).Select(symbol => symbol!.Name).Distinct(StringComparer.Ordinal))
            {
                if (!byName.TryGetValue(name, out var list))
                {
                    byName[name] = list = new List<IAssignmentOperation>();
                }

                list.Add(assignment);
            }
        }

        return byName;
    }

    private bool StoresOutput(IAssignmentOperation assignment, ISymbol member, ValueFlow flow, TaintSettings settings, int depth) =>
        ValuesStoredIn(assignment, member).Any(value => FindSource(value, flow, settings, null, depth) is not null);

    /// <summary>
    /// What <paramref name="assignment"/> stores in <paramref name="member"/>: the value of <c>x.Answer = value</c>, or of
    /// a deconstruction <c>(x.Answer, x.Tokens) = await CompleteAsync()</c> the matching element of a tuple literal, else
    /// the whole right side (a call returning a tuple carries what each of its elements was made from).
    /// </summary>
    private static IEnumerable<IOperation> ValuesStoredIn(IAssignmentOperation assignment, ISymbol member)
    {
        if (assignment is not IDeconstructionAssignmentOperation deconstruction)
        {
            return Assigns(assignment.Target, member) ? new[] { assignment.Value } : Enumerable.Empty<IOperation>();
        }

        var stored = new List<IOperation>();
        CollectDeconstructed(deconstruction.Target, deconstruction.Value, member, stored);
        return stored;
    }

    private static void CollectDeconstructed(IOperation target, IOperation value, ISymbol member, List<IOperation> stored)
    {
        if (ValueFlow.Unwrap(target) is not ITupleOperation targets)
        {
            if (Assigns(target, member))
            {
                stored.Add(value);
            }

            return;
        }

        var values = ValueFlow.Unwrap(value) as ITupleOperation;
        for (var i = 0; i < targets.Elements.Length; i++)
        {
            var element = values is not null && values.Elements.Length == targets.Elements.Length ? values.Elements[i] : value;
            CollectDeconstructed(targets.Elements[i], element, member, stored);
        }
    }

    /// <summary>
    /// An assignment to <paramref name="member"/> in another type (<c>view.Answer = ...</c>, <c>new Reply { Text = ... }</c>,
    /// a parent component's <c>&lt;AnswerView Answer="@answer" /&gt;</c>) that stores source data. Found by name in the syntax index first, so only members that mention the member's name
    /// and can take part in an AI flow (the rules' own prefilter) are bound.
    /// </summary>
    private bool AssignedElsewhere(ISymbol member, TaintSettings settings, int depth)
    {
        foreach (var candidate in Kind.Members.AcceptedMembersMentioning(member.Name, _compilation, _options))
        {
            // The syntax index knows which names a member writes (assignments, component parameters it sets).
            if (!candidate.WrittenNames.Contains(member.Name))
            {
                continue;
            }

            foreach (var syntax in candidate.Node.DescendantNodes())
            {
                if (syntax is AssignmentExpressionSyntax assignmentSyntax && AssignedNames(assignmentSyntax.Left).Contains(member.Name)
                    && CompilationScan.Operation(_compilation, syntax) is IAssignmentOperation assignment
                    && StoresOutput(assignment, member, ValueFlow.OfBodyOf(assignment), settings, depth))
                {
                    return true;
                }

                // <AnswerView Text="@answer" /> in a parent component's markup sets the child's [Parameter] Text.
                if (syntax is InvocationExpressionSyntax invocationSyntax && GeneratedCode.SetsComponentParameter(invocationSyntax, out var parameterName) && parameterName == member.Name
                    && CompilationScan.Operation(_compilation, syntax) is IInvocationOperation invocation
                    && GeneratedCode.ComponentParameterSet(invocation) is { } set
                    && SymbolEqualityComparer.Default.Equals(set.Parameter.OriginalDefinition, member)
                    && FindSource(set.Value, ValueFlow.OfBodyOf(invocation), settings, null, depth) is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Assigns(IOperation target, ISymbol member) =>
        ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(target)) is { } symbol && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member);

    // The names an assignment's left side writes: `Answer`, `view.Answer`, `view?.Answer`, or each of `(view.Answer, n)`.
    private static IEnumerable<string> AssignedNames(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => new[] { identifier.Identifier.ValueText },
        MemberAccessExpressionSyntax access => new[] { access.Name.Identifier.ValueText },
        MemberBindingExpressionSyntax binding => new[] { binding.Name.Identifier.ValueText },
        TupleExpressionSyntax tuple => tuple.Arguments.SelectMany(argument => AssignedNames(argument.Expression)),
        _ => Enumerable.Empty<string>(),
    };

    private static ITypeSymbol? MemberType(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>
    /// The cached answer for <paramref name="key"/>, computing it once. The depth left is part of the key: an answer
    /// found with more levels left must not be reused where fewer are, or results would depend on analysis order.
    /// A summary asked for again while this thread is still computing it (recursion) counts as false, so cycles
    /// terminate; only final answers are cached, because the cache is shared by every rule and thread.
    /// </summary>
    private static bool Summarize(ConcurrentDictionary<SummaryKey, bool> cache, SummaryKey key, Func<bool> compute)
    {
        if (cache.TryGetValue(key, out var known))
        {
            return known;
        }

        var inProgress = s_inProgress ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(key.Symbol))
        {
            return false;
        }

        try
        {
            return cache.GetOrAdd(key, compute());
        }
        finally
        {
            inProgress.Remove(key.Symbol);
        }
    }

    private readonly struct SummaryKey : IEquatable<SummaryKey>
    {
        public SummaryKey(ISymbol symbol, int depth)
        {
            Symbol = symbol;
            Depth = depth;
        }

        public ISymbol Symbol { get; }

        public int Depth { get; }

        public bool Equals(SummaryKey other) => Depth == other.Depth && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

        public override bool Equals(object? obj) => obj is SummaryKey other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Symbol) * 31) + Depth;
    }

    /// <summary>The body of a declaration of this compilation, or null.</summary>
    public IOperation? Operation(SyntaxReference reference) => CompilationScan.Operation(_compilation, reference);

    private static bool IsSanitizer(IOperation operation, TaintSettings settings) =>
        operation is IInvocationOperation invocation
        && (AnalyzerSettings.HasAttributeNamed(invocation.TargetMethod, settings.ValidatorAttributeName) || AnalyzerSettings.MatchesMethod(settings.Sanitizers, invocation.TargetMethod));

    /// <summary>Values of these types cannot carry injected text: numbers, booleans, dates, GUIDs, enums.</summary>
    public static bool IsSafeType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.TypeKind == TypeKind.Enum || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_DateTime)
        {
            return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, Name: "Nullable" } nullable)
        {
            return IsSafeType(nullable.TypeArguments[0]);
        }

        return type.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly" && type.ContainingNamespace?.ToDisplayString() == "System";
    }

    /// <summary>A check that only lets known values through: allowlist membership, an anchored constant pattern, a validator.</summary>
    public static bool IsAllowlistCheck(IOperation operation, TaintSettings settings) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "Contains" or "ContainsKey" or "TryGetValue" } => true,

        // allowed.Any(a => a == value) tests the value; messages.Any() only whether the collection is empty (the
        // `@if (!messages.Any()) { ... } else { @foreach (var m in messages) ... }` of every chat page).
        IInvocationOperation { TargetMethod.Name: "Any" } any => any.Arguments.Length > (any.TargetMethod.IsExtensionMethod ? 1 : 0),

        // Array.IndexOf(known, value) >= 0, list.IndexOf(value), Array.Exists(known, k => k == value): membership of a
        // collection. A string's IndexOf only finds a substring, which lets anything around it through, and
        // File.Exists(path) says nothing about where a path points.
        IInvocationOperation { TargetMethod.Name: "IndexOf" or "BinarySearch" } lookup => IsCollection(lookup.TargetMethod.ContainingType),
        IInvocationOperation { TargetMethod.Name: "Exists" } exists => IsCollection(exists.TargetMethod.ContainingType)
            && exists.TargetMethod.Parameters.Any(parameter => parameter.Type.TypeKind == TypeKind.Delegate),
        IInvocationOperation { TargetMethod: { Name: "IsMatch", ContainingType.Name: "Regex" } } regex => HasAnchoredConstantPattern(regex),
        IInvocationOperation invocation => AnalyzerSettings.HasAttributeNamed(invocation.TargetMethod, settings.ValidatorAttributeName)
            || AnalyzerSettings.MatchesMethod(settings.Sanitizers, invocation.TargetMethod)
            || ValidatorMethods.IsValidator(invocation.TargetMethod),
        _ => false,
    };

    private static bool IsCollection(INamedTypeSymbol? type) =>
        type is not null && type.SpecialType != SpecialType.System_String
        && (type.SpecialType == SpecialType.System_Array || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

    private static bool HasAnchoredConstantPattern(IInvocationOperation regex)
    {
        foreach (var argument in regex.Arguments)
        {
            if (argument.Parameter?.Name == "pattern" && argument.Value.ConstantValue is { HasValue: true, Value: string pattern })
            {
                return pattern.StartsWith("^", StringComparison.Ordinal) && pattern.EndsWith("$", StringComparison.Ordinal);
            }
        }

        return regex.Instance is not null; // a Regex instance: the pattern was fixed when it was built
    }
}

/// <summary>The taint options of one syntax tree's <c>.editorconfig</c> for one source kind.</summary>
internal sealed class TaintSettings
{
    public TaintSettings(ImmutableArray<string> sources, ImmutableArray<string> sanitizers, string validatorAttributeName)
    {
        Sources = sources;
        Sanitizers = sanitizers;
        ValidatorAttributeName = validatorAttributeName;
    }

    public ImmutableArray<string> Sources { get; }

    public ImmutableArray<string> Sanitizers { get; }

    /// <summary>Methods with an attribute of this name return a clean value or are a guard.</summary>
    public string ValidatorAttributeName { get; }

    public static TaintSettings Read(AnalyzerOptions options, SyntaxTree tree, SourceKind kind) =>
        new(AnalyzerSettings.ReadList(options, tree, kind.SourcesOption), AnalyzerSettings.ReadList(options, tree, kind.SanitizersOption), kind.ValidatorAttributeName);
}
