using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers;

/// <summary>
/// What one project's code tells the projects that reference it (docs/summaries.md): the methods that return model
/// output, untrusted input or external content, the fields and properties that hold it, the parameters that reach a
/// rule's sink, and the methods whose result carries none of their arguments' data. The answers are the ones the
/// analyzers compute inside one compilation (the same engine, the same depth); written as <see cref="FlowSummary"/>
/// entries keyed by documentation comment ID, they reach the analysis of the referencing projects as an additional
/// file, so a flow that crosses projects is reported where the data is used. The CLI computes them in dependency order.
/// </summary>
public static class SolutionSummaries
{
    private static readonly Lazy<ImmutableArray<TaintRuleDefinition>> Definitions = new(() => typeof(SolutionSummaries).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(ITaintRule).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .SelectMany(type => ((ITaintRule)Activator.CreateInstance(type)!).Definitions)
        .ToImmutableArray());

    /// <summary>
    /// The summaries of <paramref name="compilation"/>'s own methods and members, analyzed with <paramref name="options"/>
    /// (which carry the summaries of the projects it references). <paramref name="originPath"/> turns a source file's
    /// path into the path an entry records (relative to where the summaries are written), or null to record none.
    /// </summary>
    public static IReadOnlyList<FlowSummary> Compute(Compilation compilation, AnalyzerOptions options, Func<string, string?> originPath, CancellationToken cancellationToken)
    {
        var entries = new List<FlowSummary>();
        string? Origin(Location location)
        {
            var span = location.GetMappedLineSpan();
            return span.IsValid && !string.IsNullOrEmpty(span.Path) && originPath(span.Path) is { } path ? path + ":" + (span.StartLinePosition.Line + 1) : null;
        }

        foreach (var kind in TaintSources.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TaintEngine.For(compilation, options, kind) is not { } engine)
            {
                continue;
            }

            foreach (var method in CandidateMethods(compilation, options, kind))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ReturnsNoText(method) || engine.SourceReturnedBy(method) is not { } source)
                {
                    continue;
                }

                var description = engine.Describe(source);
                foreach (var declared in SelfAndDeclarations(method))
                {
                    entries.Add(new FlowSummary(FlowSummaryVerb.Source, kind.Name, Id(declared), origin: Origin(source.Syntax.GetLocation()), description: description));
                }
            }

            foreach (var member in CandidateMembers(compilation, options, kind.Members))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (engine.HoldsSource(member))
                {
                    entries.Add(new FlowSummary(FlowSummaryVerb.Source, kind.Name, Id(member), origin: Origin(member.Locations[0]), description: member.ContainingType.Name + "." + member.Name));
                }
            }
        }

        // The solution's own HTTP API: an endpoint returning model output makes the client calls of its route sources.
        if (TaintEngine.For(compilation, options, TaintSources.LlmOutput) is { } llm)
        {
            foreach (var endpoint in HttpApiRoutes.EndpointsOf(compilation, options, TaintSources.LlmOutput.Members))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var source = endpoint.Handler is { } handler ? llm.SourceReturnedBy(handler) : endpoint.Action is { } action ? llm.SourceReturnedBy(action) : null;
                if (source is not null)
                {
                    entries.Add(new FlowSummary(
                        FlowSummaryVerb.Source,
                        TaintSources.LlmOutput.Name,
                        HttpRoute.SummaryId(endpoint.Method, endpoint.Template),
                        origin: Origin(source.Syntax.GetLocation()),
                        description: endpoint.Method + " " + HttpRoute.SummaryId(endpoint.Method, endpoint.Template).Split(new[] { ':' }, 3)[2] + " returns " + llm.Describe(source)));
                }
            }
        }

        foreach (var definition in Definitions.Value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TaintSinkAnalysis.Create(compilation, options, definition, forSummaries: true) is not { } analysis)
            {
                continue;
            }

            foreach (var method in SourceMethods(compilation).Where(m => m.Parameters.Any(CanCarryData)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var parameter in method.Parameters.Where(CanCarryData))
                {
                    if (analysis.SinkReachedBy(parameter.OriginalDefinition, analysis.SummaryDepth) is not { } sink)
                    {
                        continue;
                    }

                    foreach (var declared in SelfAndDeclarations(method))
                    {
                        entries.Add(new FlowSummary(
                            FlowSummaryVerb.Sink,
                            definition.Descriptor.Id,
                            Id(declared),
                            parameter.Ordinal,
                            sink.Origin is { Kind: LocationKind.SourceFile } local ? Origin(local) : sink.Origin is { } external ? ExternalOrigin(external, originPath) : null,
                            sink.Sink,
                            sink.Members));
                    }
                }
            }
        }

        // A helper that returns constants or allowlisted arguments only: its result carries none of its callers' data.
        var sanitizerEngine = TaintEngine.ForSummariesOf(compilation, options, TaintSources.LlmOutput);
        {
            foreach (var method in SourceMethods(compilation))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (method.MethodKind == MethodKind.Ordinary && method.ReturnType.SpecialType == SpecialType.System_String
                    && method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String)
                    && entries.All(e => e.Verb != FlowSummaryVerb.Source || e.Symbol != Id(method))
                    && sanitizerEngine.CleansItsInputs(method))
                {
                    entries.Add(new FlowSummary(FlowSummaryVerb.Sanitizer, "all", Id(method)));
                }
            }
        }

        return entries.Distinct().ToList();
    }

    // string, char[], StringBuilder, or a task, array or sequence of them.
    private static bool ReturnsText(ITypeSymbol type)
    {
        for (var depth = 0; depth < 3; depth++)
        {
            if (type.SpecialType == SpecialType.System_String || type.Name == "StringBuilder")
            {
                return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
            }
            else if (type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Length == 1)
            {
                type = generic.TypeArguments[0];
            }
            else
            {
                return type.SpecialType == SpecialType.System_Char;
            }
        }

        return false;
    }

    // Framework types that hold data rather than do work: text, JSON, URIs, untyped values.
    private static readonly HashSet<string> FrameworkDataTypes = new(StringComparer.Ordinal)
    {
        "System.Uri", "System.Text.StringBuilder", "System.Text.Json.JsonElement",
        "System.Text.Json.JsonDocument", "System.Text.Json.Nodes.JsonNode", "System.Text.Json.Nodes.JsonObject",
        "System.ReadOnlyMemory<T>", "System.Memory<T>", "System.ReadOnlySpan<T>", "System.Span<T>",
    };

    // A parameter that can carry text to a sink: not a number or date, and not a service — an interface other than a
    // collection, a delegate, or an application class with no public data member (`Run(ChatService chat, ...)`
    // reaches a sink with what `chat` returns, not with `chat`); framework types (string, StringBuilder, Uri) and
    // the application's DTOs can.
    private static bool CanCarryData(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        if (TaintEngine.IsSafeType(type) || type.TypeKind == TypeKind.Delegate)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (type.TypeKind == TypeKind.Interface)
        {
            return ns.StartsWith("System.Collections", StringComparison.Ordinal);
        }

        // HttpClient, Stream, ILogger: the framework's services and handles carry no text to a sink themselves.
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            return type.SpecialType is SpecialType.System_String or SpecialType.System_Object || ns.StartsWith("System.Collections", StringComparison.Ordinal)
                || FrameworkDataTypes.Contains(type.OriginalDefinition.ToDisplayString().Replace("<char>", "<T>").Replace("<byte>", "<T>"));
        }

        return type.TypeKind != TypeKind.Class || type.SpecialType != SpecialType.None
            || type.GetMembers().Any(member => member.DeclaredAccessibility == Accessibility.Public && !member.IsStatic
                && member switch
                {
                    IPropertySymbol property => !TaintEngine.IsSafeType(property.Type),
                    IFieldSymbol field => !TaintEngine.IsSafeType(field.Type),
                    _ => false,
                });
    }

    // The methods the projects that reference this one can call: declared here, not private, with a body.
    private static IEnumerable<IMethodSymbol> SourceMethods(Compilation compilation) =>
        SourceTypes.Of(compilation)
            .SelectMany(type => type.GetMembers().OfType<IMethodSymbol>())
            .Where(method => method.DeclaredAccessibility != Accessibility.Private && !method.IsAbstract && !method.IsImplicitlyDeclared
                && method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.PropertyGet
                && !method.DeclaringSyntaxReferences.IsEmpty);

    // Methods that can return data of a kind: those of members the kind's prefilter accepts (AI-related ones) and, for
    // request input and external content, which plain code returns too (a retrieval helper that only calls HttpClient,
    // a helper reading a header), every method returning text.
    private static IEnumerable<IMethodSymbol> CandidateMethods(Compilation compilation, AnalyzerOptions options, SourceKind kind)
    {
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (kind != TaintSources.LlmOutput)
        {
            foreach (var method in SourceMethods(compilation))
            {
                if (method.MethodKind != MethodKind.Constructor && ReturnsText(method.ReturnType) && seen.Add(method))
                {
                    yield return method;
                }
            }
        }

        foreach (var member in kind.Members.AcceptedMembers(compilation, options))
        {
            var symbol = CompilationScan.DeclaredSymbol(compilation, member.Node);
            var method = symbol switch
            {
                IMethodSymbol m => m,
                IPropertySymbol p => p.GetMethod,
                _ => null,
            };
            if (method is { ReturnsVoid: false, IsAbstract: false } && method.DeclaredAccessibility != Accessibility.Private
                && method.ContainingType?.DeclaredAccessibility != Accessibility.Private && seen.Add(method))
            {
                yield return method;
            }
        }
    }

    // Fields and properties that can hold data of a kind: not private, of a type that can carry text, named in some
    // member the kind's prefilter accepts (where an assignment of source data can be).
    private static IEnumerable<ISymbol> CandidateMembers(Compilation compilation, AnalyzerOptions options, BodyFilter members)
    {
        foreach (var type in SourceTypes.Of(compilation))
        {
            foreach (var symbol in type.GetMembers())
            {
                var memberType = symbol switch
                {
                    IPropertySymbol { IsIndexer: false } property => property.Type,
                    IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field => field.Type,
                    _ => null,
                };
                if (memberType is not null && symbol.DeclaredAccessibility != Accessibility.Private && !TaintEngine.IsSafeType(memberType)
                    && members.AcceptedMembersMentioning(symbol.Name, compilation, options).Any())
                {
                    yield return symbol;
                }
            }
        }
    }

    // The method, and the interface methods it implements and the methods it overrides: a caller in another project
    // may call it through any of them.
    private static IEnumerable<IMethodSymbol> SelfAndDeclarations(IMethodSymbol method)
    {
        yield return method;
        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            yield return implemented;
        }

        if (method.ContainingType is { } type)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var declared in @interface.GetMembers().OfType<IMethodSymbol>())
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(declared), method))
                    {
                        yield return declared;
                    }
                }
            }
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            yield return overridden;
        }
    }

    private static string? ExternalOrigin(Location location, Func<string, string?> originPath)
    {
        var span = location.GetLineSpan();
        return span.IsValid && !string.IsNullOrEmpty(span.Path) && originPath(span.Path) is { } path ? path + ":" + (span.StartLinePosition.Line + 1) : null;
    }

    private static string Id(ISymbol symbol) => symbol.OriginalDefinition.GetDocumentationCommentId() ?? symbol.ToDisplayString();

    // A count, flag or date, also once awaited (`Task<int>`): nothing a later sink could be injected with.
    private static bool ReturnsNoText(IMethodSymbol method) =>
        TaintEngine.IsSafeType(method.ReturnType)
        || method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } awaited && TaintEngine.IsSafeType(awaited.TypeArguments[0]);
}
