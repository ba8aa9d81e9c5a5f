using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// A set of types resolved once per compilation by metadata name; names the compilation lacks are skipped.
/// The one way the analyzers look types up (BannedSymbols.txt bans <see cref="Compilation.GetTypeByMetadataName"/>):
/// that returns null when two referenced assemblies define the name (a polyfill beside the framework, two versions
/// of a package), which would silently switch a rule off. Here every such type is kept.
/// </summary>
internal sealed class TypeSet
{
    private readonly HashSet<INamedTypeSymbol> _types = new(SymbolEqualityComparer.Default);

    public TypeSet(Compilation compilation, params string[] metadataNames)
    {
        foreach (var name in metadataNames)
        {
            _types.UnionWith(Resolve(compilation, name));
        }
    }

    public bool IsEmpty => _types.Count == 0;

    /// <summary>The types in the set, in no particular order.</summary>
    public IReadOnlyCollection<INamedTypeSymbol> Types => _types;

    /// <summary>Whether the compilation can use any type of the given names (the "is this library referenced" test of a rule).</summary>
    public static bool AnyOf(Compilation compilation, params string[] metadataNames) =>
        metadataNames.Any(name => !Resolve(compilation, name).IsEmpty);

    /// <summary>
    /// Every type of that metadata name the compilation can use: one it declares, or one of a referenced assembly that
    /// is accessible from it (an internal copy inside some library is not the type user code calls).
    /// </summary>
    public static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, string metadataName) =>
        compilation.GetTypesByMetadataName(metadataName).Where(type => IsUsable(compilation, type)).ToImmutableArray();

    private static bool IsUsable(Compilation compilation, INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
        || compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);

    public bool Contains(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && _types.Contains(named.OriginalDefinition);

    /// <summary>True when the type, a base type or an implemented interface is in the set.</summary>
    public bool ContainsOrInherits(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Contains(current))
            {
                return true;
            }
        }

        if (type is not null)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (Contains(implemented))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
