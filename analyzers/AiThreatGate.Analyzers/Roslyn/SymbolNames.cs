using System;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>Tests of a symbol's name that need no symbol of the library it names (which the compilation may not reference).</summary>
internal static class SymbolNames
{
    /// <summary>Whether <paramref name="symbol"/> is declared directly in the namespace <paramref name="ns"/> (not in a nested one).</summary>
    public static bool IsInNamespace(ISymbol symbol, string ns) =>
        string.Equals(symbol.ContainingNamespace?.ToDisplayString(), ns, StringComparison.Ordinal);
}
