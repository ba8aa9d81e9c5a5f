using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>The types a compilation declares, nested ones included: one walk for every index and summary that needs them.</summary>
internal static class SourceTypes
{
    public static IEnumerable<INamedTypeSymbol> Of(Compilation compilation) => InNamespace(compilation.Assembly.GlobalNamespace);

    private static IEnumerable<INamedTypeSymbol> InNamespace(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            foreach (var nested in SelfAndNested(type))
            {
                yield return nested;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in InNamespace(child))
            {
                yield return type;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> SelfAndNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var member in type.GetTypeMembers())
        {
            foreach (var nested in SelfAndNested(member))
            {
                yield return nested;
            }
        }
    }
}
