using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Infrastructure;

/// <summary>A set of types resolved once per compilation by metadata name; names the compilation lacks are skipped.</summary>
internal sealed class TypeSet
{
    private readonly HashSet<INamedTypeSymbol> _types = new(SymbolEqualityComparer.Default);

    public TypeSet(Compilation compilation, params string[] metadataNames)
    {
        foreach (var name in metadataNames)
        {
            var type = compilation.GetTypeByMetadataName(name);
            if (type is not null)
            {
                _types.Add(type);
            }
        }
    }

    public bool IsEmpty => _types.Count == 0;

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
