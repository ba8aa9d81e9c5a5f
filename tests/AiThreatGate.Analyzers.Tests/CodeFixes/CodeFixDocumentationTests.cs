using System;
using System.IO;
using System.Linq;
using AiThreatGate.Testing;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

/// <summary>The rule pages and the README list exactly the rules that have a code fix, and every such fix works at every Fix All scope.</summary>
public sealed class CodeFixDocumentationTests
{
    [Fact]
    public void Every_rule_page_has_a_code_fix_section()
    {
        foreach (var (id, text) in DocumentedCodeFixes.Pages())
        {
            Assert.True(DocumentedCodeFixes.Section(text).Length > 0, id + ".md has no '## Code fix' section (write 'None.' when there is no fix).");
        }
    }

    [Fact]
    public void Documented_code_fixes_are_the_exported_ones()
    {
        var exported = DocumentedCodeFixes.Exported().SelectMany(f => f.FixableDiagnosticIds).OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.Equal(exported, DocumentedCodeFixes.RuleIds());
    }

    [Fact]
    public void Every_exported_fix_supports_fix_all_in_document_project_and_solution()
    {
        foreach (var fix in DocumentedCodeFixes.Exported())
        {
            var provider = fix.GetFixAllProvider();
            Assert.True(provider is not null, fix.GetType().Name + " has no Fix All provider, so dotnet format cannot apply it.");
            var scopes = provider!.GetSupportedFixAllScopes();
            Assert.Contains(FixAllScope.Document, scopes);
            Assert.Contains(FixAllScope.Project, scopes);

            // dotnet format asks for Solution scope and skips the fix without it.
            Assert.Contains(FixAllScope.Solution, scopes);
        }
    }

    [Fact]
    public void Each_fixable_rule_page_gives_the_dotnet_format_command()
    {
        foreach (var id in DocumentedCodeFixes.RuleIds())
        {
            var page = DocumentedCodeFixes.Pages().Single(p => p.Id == id).Text;
            Assert.Contains("dotnet format analyzers --diagnostics " + id + " --severity info", DocumentedCodeFixes.Section(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_marks_the_rules_with_a_code_fix_and_names_them_all_in_the_command()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        var fixable = DocumentedCodeFixes.RuleIds();
        foreach (var (id, _) in DocumentedCodeFixes.Pages())
        {
            var row = readme.Single(l => l.StartsWith($"| [{id}](docs/rules/{id}.md)", StringComparison.Ordinal));
            var cell = row.Split('|', StringSplitOptions.TrimEntries)[^2];
            Assert.Equal(fixable.Contains(id) ? "yes" : string.Empty, cell);
        }

        Assert.Contains("dotnet format analyzers --diagnostics " + string.Join(' ', fixable) + " --severity info", readme);
    }
}
