using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Infrastructure;

/// <summary>
/// Where model output enters the code, and whether it reaches a value: results of completion calls of the OpenAI,
/// Azure OpenAI, Microsoft.Extensions.AI, Anthropic, Semantic Kernel, LLamaSharp and OllamaSharp SDKs, parameters
/// of methods exposed to a model as tools, and methods configured in <c>aithreatgate.llm_output_sources</c>. Flow
/// follows <see cref="ValueFlow"/> inside a block, and across methods of the compilation through summaries (a
/// method or an interface implementation that returns model output; a field or property assigned model output),
/// cached per compilation and bounded in depth (<c>aithreatgate.llm_output_max_depth</c>, default 3). Conversion to a non-text type and validators stop it.
/// </summary>
internal sealed class LlmTaint
{
    public const string SourcesOption = "aithreatgate.llm_output_sources";
    public const string SanitizersOption = "aithreatgate.llm_output_sanitizers";
    public const string ValidatorAttributeName = "LlmOutputValidatorAttribute";
    public const string MaxDepthOption = "aithreatgate.llm_output_max_depth";
    public const int DefaultMaxDepth = 3;

    // Each level can summarize every method of the compilation once more; past this the cost outgrows the findings.
    private const int DepthLimit = 10;

    private static readonly string[] OutputTypeNames =
    {
        "OpenAI.Chat.ChatCompletion", "OpenAI.Chat.StreamingChatCompletionUpdate", "OpenAI.Chat.ChatToolCall", "OpenAI.Chat.StreamingChatToolCallUpdate",
        "OpenAI.Responses.ResponseResult", "OpenAI.Responses.OpenAIResponse", "OpenAI.Responses.StreamingResponseUpdate",
        "OpenAI.Assistants.ThreadMessage", "OpenAI.Assistants.StreamingUpdate",
        "Microsoft.Extensions.AI.ChatResponse", "Microsoft.Extensions.AI.ChatResponse`1", "Microsoft.Extensions.AI.ChatResponseUpdate",
        "Anthropic.Models.Messages.Message", "Anthropic.Models.Messages.RawMessageStreamEvent",
        "Microsoft.SemanticKernel.FunctionResult", "Microsoft.SemanticKernel.ChatMessageContent", "Microsoft.SemanticKernel.StreamingChatMessageContent",
    };

    private static readonly string[] TextStreamMethods =
    {
        "LLama.Abstractions.ILLamaExecutor.InferAsync", "LLama.StatelessExecutor.InferAsync", "LLama.StatefulExecutorBase.InferAsync", "LLama.ChatSession.ChatAsync",
        "OllamaSharp.Chat.SendAsync", "OllamaSharp.Chat.SendAsAsync",
    };

    private static readonly string[] ToolAttributeNames = { "KernelFunctionAttribute", "OllamaToolAttribute" };

    private readonly Compilation _compilation;
    private readonly TypeSet _outputTypes;
    private readonly int _maxDepth;
    private readonly ConcurrentDictionary<SummaryKey, bool> _returnsOutput = new();
    private readonly ConcurrentDictionary<SummaryKey, bool> _memberHoldsOutput = new();
    private readonly Lazy<ILookup<IMethodSymbol, IMethodSymbol>> _implementations;

    private LlmTaint(Compilation compilation, TypeSet outputTypes, int maxDepth)
    {
        _compilation = compilation;
        _outputTypes = outputTypes;
        _maxDepth = maxDepth;
        _implementations = new Lazy<ILookup<IMethodSymbol, IMethodSymbol>>(FindImplementations);
    }

    // Every sink rule of a compilation asks the same questions of the same methods: one instance, and so one set of
    // summaries and one implementation index, per compilation instead of one per rule.
    private static readonly ConditionalWeakTable<Compilation, StrongBox<LlmTaint?>> PerCompilation = new();

    [ThreadStatic]
    private static HashSet<ISymbol>? s_inProgress;

    /// <summary>
    /// The compilation's shared instance; null when the compilation references no LLM SDK and no extra source is
    /// configured globally (a global .editorconfig or .globalconfig): taint rules then register nothing.
    /// </summary>
    public static LlmTaint? For(Compilation compilation, Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options) =>
        PerCompilation.GetValue(compilation, key => new StrongBox<LlmTaint?>(Create(key, options))).Value;

    private static LlmTaint? Create(Compilation compilation, Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options)
    {
        var configured = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(SourcesOption, out var sources) && !string.IsNullOrWhiteSpace(sources);
        var types = new TypeSet(compilation, OutputTypeNames);
        var hasStreams = compilation.GetTypeByMetadataName("LLama.Abstractions.ILLamaExecutor") is not null || compilation.GetTypeByMetadataName("OllamaSharp.Chat") is not null;
        var hasTools = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelFunctionAttribute") is not null;
        if (types.IsEmpty && !hasStreams && !hasTools && !configured)
        {
            return null;
        }

        // Summaries are per compilation, so the depth is a global option (.globalconfig), not a per-folder one.
        var maxDepth = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(MaxDepthOption, out var depthText)
            && int.TryParse(depthText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var depth)
            ? Math.Min(depth, DepthLimit)
            : DefaultMaxDepth;
        return new LlmTaint(compilation, types, maxDepth);
    }

    /// <summary>The source of model output that <paramref name="value"/> is derived from, or null.</summary>
    public IOperation? FindSource(IOperation value, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer = null) =>
        FindSource(value, flow, settings, contextSanitizer, _maxDepth);

    /// <summary>Whether <paramref name="value"/> is derived from <paramref name="parameter"/> with no sanitizer on the way (for "a parameter reaches a sink" summaries).</summary>
    public static bool DerivesFrom(IOperation value, IParameterSymbol parameter, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer) =>
        flow.Reaches(
            value,
            operation => operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter),
            out _,
            Barrier(value, settings, contextSanitizer));

    private IOperation? FindSource(IOperation value, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer, int depth)
    {
        flow.Reaches(value, operation => IsSource(operation, settings, depth), out var source, Barrier(value, settings, contextSanitizer));
        return source;
    }

    private static Func<IOperation, bool> Barrier(IOperation value, TaintSettings settings, Func<IOperation, bool>? contextSanitizer) =>
        operation => IsSanitizer(operation, settings) || contextSanitizer?.Invoke(operation) == true || !ReferenceEquals(operation, value) && IsSafeType(operation.Type);

    private bool IsSource(IOperation operation, TaintSettings settings, int depth)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (ReturnsOutputType(method.ReturnType) || IsTextStream(method) || AnalyzerSettings.MatchesMethod(settings.Sources, method))
                {
                    return true;
                }

                return depth > 0 && ReturnsOutput(method, settings, depth - 1);
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.ContainingSymbol is IMethodSymbol owner && ToolAttributeNames.Any(name => AnalyzerSettings.HasAttributeNamed(owner, name));
            case IFieldReferenceOperation or IPropertyReferenceOperation when depth > 0:
                var member = ValueFlow.ReferencedSymbol(operation);
                return member is not null && MemberHoldsOutput(member, settings, depth - 1);
            default:
                return false;
        }
    }

    /// <summary>A method of this compilation (or an implementation of the interface/abstract method called) that returns model output.</summary>
    private bool ReturnsOutput(IMethodSymbol method, TaintSettings settings, int depth)
    {
        method = method.OriginalDefinition;
        var candidates = method.DeclaringSyntaxReferences.IsEmpty || method.IsAbstract
            ? _implementations.Value[method].ToList()
            : new List<IMethodSymbol> { method };
        return candidates.Any(candidate => Summarize(_returnsOutput, new SummaryKey(candidate, depth), () => candidate.DeclaringSyntaxReferences.Any(reference =>
            Operation(reference) is { } body && ReturnsOutput(body, settings, depth))));
    }

    private bool ReturnsOutput(IOperation body, TaintSettings settings, int depth)
    {
        var flow = ValueFlow.Build(body);
        return body.Descendants().OfType<IReturnOperation>().Any(r => r.ReturnedValue is { } returned && FindSource(returned, flow, settings, null, depth) is not null)
            || (body is IMethodBodyOperation { ExpressionBody: { } expression } && expression.Operations.Any(o => FindSource(o, flow, settings, null, depth) is not null));
    }

    /// <summary>A field or property of this compilation that some member of its type assigns model output to.</summary>
    private bool MemberHoldsOutput(ISymbol member, TaintSettings settings, int depth)
    {
        if (member.ContainingType is not { } type || member.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        return Summarize(_memberHoldsOutput, new SummaryKey(member, depth), () => type.GetMembers().OfType<IMethodSymbol>()
            .SelectMany(candidate => candidate.DeclaringSyntaxReferences)
            .Any(reference => Operation(reference) is { } body && AssignsOutput(body, member, settings, depth)));
    }

    private bool AssignsOutput(IOperation body, ISymbol member, TaintSettings settings, int depth)
    {
        var flow = ValueFlow.Build(body);
        return body.Descendants().OfType<IAssignmentOperation>().Any(assignment =>
            SymbolEqualityComparer.Default.Equals(ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(assignment.Target)), member)
            && FindSource(assignment.Value, flow, settings, null, depth) is not null);
    }

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
    public IOperation? Operation(SyntaxReference reference)
    {
        if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return null;
        }

#pragma warning disable RS1030 // Inter-procedural summaries need other methods' bodies; results are cached per compilation.
        var model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(reference.GetSyntax());
    }

    private ILookup<IMethodSymbol, IMethodSymbol> FindImplementations()
    {
        var pairs = new List<(IMethodSymbol Declared, IMethodSymbol Implementation)>();
        foreach (var type in AllSourceTypes(_compilation.Assembly.GlobalNamespace))
        {
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => !m.IsAbstract && !m.DeclaringSyntaxReferences.IsEmpty))
            {
                foreach (var @interface in type.AllInterfaces)
                {
                    foreach (var declared in @interface.GetMembers().OfType<IMethodSymbol>())
                    {
                        if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(declared), method))
                        {
                            pairs.Add((declared.OriginalDefinition, method));
                        }
                    }
                }

                for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    pairs.Add((overridden.OriginalDefinition, method));
                }
            }
        }

        return pairs.ToLookup(p => p.Declared, p => p.Implementation, (IEqualityComparer<IMethodSymbol>)SymbolEqualityComparer.Default);
    }

    private static IEnumerable<INamedTypeSymbol> AllSourceTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                yield return nested;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in AllSourceTypes(child))
            {
                yield return type;
            }
        }
    }

    private bool ReturnsOutputType(ITypeSymbol type)
    {
        for (var depth = 0; depth < 3 && type is INamedTypeSymbol named; depth++)
        {
            if (_outputTypes.Contains(named))
            {
                return true;
            }

            // Task<T>, ValueTask<T>, ClientResult<T>, IAsyncEnumerable<T>, CollectionResult<T>, IReadOnlyList<T>...
            if (named.TypeArguments.Length != 1)
            {
                return false;
            }

            type = named.TypeArguments[0];
        }

        return false;
    }

    private static bool IsTextStream(IMethodSymbol method)
    {
        var name = method.ContainingType?.ToDisplayString() + "." + method.Name;
        return Array.IndexOf(TextStreamMethods, name) >= 0
            || method.ContainingType?.ToDisplayString() == "OllamaSharp.OllamaApiClientExtensions" && method.Name == "GenerateAsync";
    }

    private static bool IsSanitizer(IOperation operation, TaintSettings settings) =>
        operation is IInvocationOperation invocation
        && (AnalyzerSettings.HasAttributeNamed(invocation.TargetMethod, ValidatorAttributeName) || AnalyzerSettings.MatchesMethod(settings.Sanitizers, invocation.TargetMethod));

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
        IInvocationOperation { TargetMethod.Name: "Contains" or "ContainsKey" or "TryGetValue" or "Any" } => true,
        IInvocationOperation { TargetMethod: { Name: "IsMatch", ContainingType.Name: "Regex" } } regex => HasAnchoredConstantPattern(regex),
        IInvocationOperation invocation => AnalyzerSettings.HasAttributeNamed(invocation.TargetMethod, ValidatorAttributeName) || AnalyzerSettings.MatchesMethod(settings.Sanitizers, invocation.TargetMethod),
        _ => false,
    };

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

/// <summary>The taint options of one syntax tree's <c>.editorconfig</c>.</summary>
internal sealed class TaintSettings
{
    public TaintSettings(ImmutableArray<string> sources, ImmutableArray<string> sanitizers)
    {
        Sources = sources;
        Sanitizers = sanitizers;
    }

    public ImmutableArray<string> Sources { get; }

    public ImmutableArray<string> Sanitizers { get; }

    public static TaintSettings Read(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, SyntaxTree tree) =>
        new(AnalyzerSettings.ReadList(options, tree, LlmTaint.SourcesOption), AnalyzerSettings.ReadList(options, tree, LlmTaint.SanitizersOption));
}
