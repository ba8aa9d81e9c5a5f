using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// Which methods of the compilation implement an interface method or override a virtual one: how summaries follow a
/// call through an interface to the bodies that can run. Built once per compilation, on first use, for every rule.
/// </summary>
internal sealed class ImplementationIndex
{
    private static readonly ConditionalWeakTable<Compilation, ImplementationIndex> PerCompilation = new();

    private readonly System.Lazy<ILookup<IMethodSymbol, IMethodSymbol>> _implementations;

    private ImplementationIndex(Compilation compilation) =>
        _implementations = new System.Lazy<ILookup<IMethodSymbol, IMethodSymbol>>(() => Build(compilation), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ImplementationIndex For(Compilation compilation) => PerCompilation.GetValue(compilation, key => new ImplementationIndex(key));

    /// <summary>The implementations in this compilation of an interface or abstract method, or the method itself when it has a body here.</summary>
    public IReadOnlyList<IMethodSymbol> BodiesOf(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        return method.DeclaringSyntaxReferences.IsEmpty || method.IsAbstract
            ? _implementations.Value[method].ToList()
            : new List<IMethodSymbol> { method };
    }

    private static ILookup<IMethodSymbol, IMethodSymbol> Build(Compilation compilation)
    {
        var pairs = new List<(IMethodSymbol Declared, IMethodSymbol Implementation)>();
        foreach (var type in SourceTypes.Of(compilation))
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
}
