using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AiThreatGate.Testing;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

/// <summary>What the documentation promises about code fixes, and what the code fix assembly exports.</summary>
internal static class DocumentedCodeFixes
{
    private static readonly Regex CodeFixSection = new(@"^## Code fix\s*\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);

    /// <summary>The rules whose page has a <c>## Code fix</c> section that is not "None".</summary>
    public static IReadOnlyList<string> RuleIds() => Pages()
        .Where(page => !Section(page.Text).StartsWith("None", StringComparison.Ordinal))
        .Select(page => page.Id)
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToList();

    /// <summary>The text of a page's <c>## Code fix</c> section, trimmed; empty when the page has none.</summary>
    public static string Section(string page)
    {
        var match = CodeFixSection.Match(page.Replace("\r\n", "\n", StringComparison.Ordinal));
        return match.Success ? match.Groups["body"].Value.Trim() : string.Empty;
    }

    public static IEnumerable<(string Id, string Text)> Pages() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "rules"), "AITG*.md")
            .Select(path => (Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)));

    /// <summary>Every code fix provider the package ships (exported, so IDEs and dotnet format find it).</summary>
    public static IReadOnlyList<CodeFixProvider> Exported() => typeof(AiThreatGate.CodeFixes.ParameterizeSqlCodeFix).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToList();
}
