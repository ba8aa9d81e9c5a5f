using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>Reads AiThreatGate's <c>.editorconfig</c> options (<c>aithreatgate.*</c>), per syntax tree.</summary>
internal static class AnalyzerSettings
{
    /// <summary>A comma- or semicolon-separated list option; method names may be simple (<c>Verify</c>) or qualified (<c>Contoso.ModelTrust.Verify</c>).</summary>
    public static ImmutableArray<string> ReadList(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (!config.TryGetValue(key, out var raw) && !options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out raw))
        {
            return ImmutableArray<string>.Empty;
        }

        var items = ImmutableArray.CreateBuilder<string>();
        foreach (var part in raw.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                items.Add(trimmed);
            }
        }

        return items.ToImmutable();
    }

    public static bool MatchesMethod(ImmutableArray<string> names, IMethodSymbol method)
    {
        if (names.IsDefaultOrEmpty)
        {
            return false;
        }

        var qualified = method.ContainingType is null ? method.Name : method.ContainingType.ToDisplayString() + "." + method.Name;
        foreach (var name in names)
        {
            if (string.Equals(name, method.Name, StringComparison.Ordinal) || string.Equals(name, qualified, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasAttributeNamed(ISymbol symbol, string attributeName)
    {
        var shortName = attributeName.EndsWith("Attribute", StringComparison.Ordinal)
            ? attributeName.Substring(0, attributeName.Length - "Attribute".Length)
            : attributeName;
        foreach (var attribute in symbol.GetAttributes())
        {
            var name = attribute.AttributeClass?.Name;
            if (name == attributeName || name == shortName)
            {
                return true;
            }
        }

        return false;
    }
}
