using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// The calls in this compilation that can run one of its methods: by name, or through an interface, abstract or
/// virtual method it implements (<c>IShell.ExecuteCommandAsync</c> running <c>UnixShell.ExecuteCommandAsync</c>). What a
/// summary of "what callers pass to this parameter" reads, so that a helper reports the step of a flow it owns (its
/// sink, or the call it hands the value on with) as well as the caller that holds the source. They are looked for in
/// the members <paramref name="filter"/> accepts that mention the method's name (the syntax index comes first).
/// </summary>
internal static class CallSites
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<(BodyFilter Filter, AnalyzerOptions Options, string Name), ImmutableArray<IInvocationOperation>>> NamedCalls = new();

    /// <summary>The calls that reach <paramref name="method"/> through an interface, abstract or virtual method only.</summary>
    public static IEnumerable<IInvocationOperation> Dispatched(IMethodSymbol method, Compilation compilation, AnalyzerOptions options, BodyFilter filter) =>
        method.OriginalDefinition.OverriddenMethod is null && !ImplementsInterface(method.OriginalDefinition)
            ? Enumerable.Empty<IInvocationOperation>()
            : Of(method, compilation, options, filter).Where(call => !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition));

    public static IEnumerable<IInvocationOperation> Of(IMethodSymbol method, Compilation compilation, AnalyzerOptions options, BodyFilter filter)
    {
        method = method.OriginalDefinition;
        if (method.MethodKind != MethodKind.Ordinary)
        {
            yield break;
        }

        var implementations = method.OverriddenMethod is not null || ImplementsInterface(method) ? ImplementationIndex.For(compilation) : null;
        foreach (var invocation in Named(method.Name, compilation, options, filter))
        {
            if (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method)
                || implementations is not null && Dispatches(invocation.TargetMethod.OriginalDefinition, method, implementations))
            {
                yield return invocation;
            }
        }
    }

    // The calls of any method of that name in the members the filter accepts, bound once per compilation: many methods
    // share a name (`AnswerAsync` in every assistant class), and each asks for its own callers.
    private static ImmutableArray<IInvocationOperation> Named(string name, Compilation compilation, AnalyzerOptions options, BodyFilter filter) =>
        NamedCalls.GetValue(compilation, _ => new()).GetOrAdd((filter, options, name), key =>
        {
            var calls = ImmutableArray.CreateBuilder<IInvocationOperation>();
            foreach (var member in key.Filter.AcceptedMembersMentioning(key.Name, compilation, key.Options))
            {
                foreach (var syntax in member.Node.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (InvokedName(syntax.Expression) == key.Name && CompilationScan.Operation(compilation, syntax) is IInvocationOperation invocation)
                    {
                        calls.Add(invocation);
                    }
                }
            }

            return calls.ToImmutable();
        });

    /// <summary>
    /// The calls of <paramref name="method"/> in the declarations of its own type: all the calls a private method can
    /// have (what a private helper is given is what these pass).
    /// </summary>
    public static IEnumerable<IInvocationOperation> InOwnType(IMethodSymbol method, Compilation compilation)
    {
        method = method.OriginalDefinition;
        foreach (var declaration in method.ContainingType?.DeclaringSyntaxReferences ?? Enumerable.Empty<SyntaxReference>())
        {
            foreach (var syntax in declaration.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (InvokedName(syntax.Expression) == method.Name
                    && CompilationScan.Operation(compilation, syntax) is IInvocationOperation invocation
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method))
                {
                    yield return invocation;
                }
            }
        }
    }

    /// <summary>The method or local function whose body holds <paramref name="operation"/>, or null (a lambda, an initializer).</summary>
    public static IMethodSymbol? EnclosingMethod(IOperation operation, Compilation compilation)
    {
        var current = operation;
        for (; current.Parent is not null; current = current.Parent)
        {
            switch (current.Parent)
            {
                case ILocalFunctionOperation local:
                    return local.Symbol;
                case IAnonymousFunctionOperation:
                    return null;
            }
        }

        // The root is the method's body operation, or its block: the declaration is the nearest method-like ancestor.
        return current.Syntax.AncestorsAndSelf().FirstOrDefault(node => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax) is { } declaration
            ? CompilationScan.DeclaredSymbol(compilation, declaration) as IMethodSymbol
            : null;
    }

    /// <summary>A call of an interface, abstract or virtual method that can run <paramref name="method"/>.</summary>
    private static bool Dispatches(IMethodSymbol target, IMethodSymbol method, ImplementationIndex implementations) =>
        !SymbolEqualityComparer.Default.Equals(target, method)
        && (target.IsAbstract || target.IsVirtual || target.ContainingType?.TypeKind == TypeKind.Interface)
        && implementations.BodiesOf(target).Any(body => SymbolEqualityComparer.Default.Equals(body.OriginalDefinition, method));

    private static bool ImplementsInterface(IMethodSymbol method) =>
        method.ContainingType is { } type && type.AllInterfaces.Any(@interface => @interface.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Any(declared => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(declared), method)));

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}
