using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Documentation;

/// <summary>
/// The rule-page headers, the README's rule table and the gate's rule list are generated from the catalog. These tests fail with a diff
/// when a file is stale; with <c>AITG_UPDATE_DOCS=1</c> they rewrite the files instead (see README, Tests).
/// </summary>
public sealed class GeneratedDocsTests
{
    private static bool Updating => Environment.GetEnvironmentVariable(RuleDocs.UpdateVariable) == "1";

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RuleCatalog.All)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_header_matches_the_catalog(string id)
    {
        var rule = RuleCatalog.All.Single(r => r.Id == id);
        var path = Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md");
        var text = Normalize(File.ReadAllText(path));

        // The generated block runs to its end marker; a page from before the generator has none and ends its header at the first section.
        var end = text.IndexOf(RuleDocs.PageHeaderEnd + "\n", StringComparison.Ordinal);
        var split = end >= 0 ? end + RuleDocs.PageHeaderEnd.Length + 1 : FirstSection(text);
        var current = text.Substring(0, split);
        var expected = RuleDocs.PageHeader(rule) + (end >= 0 ? string.Empty : "\n");
        Check(path, current, expected, text.Substring(split));
    }

    [Fact]
    public void Readme_rule_table_matches_the_catalog()
    {
        var path = Path.Combine(RepositoryPaths.Root, "README.md");
        var text = Normalize(File.ReadAllText(path));
        var begin = text.IndexOf("<!-- rules:begin", StringComparison.Ordinal);
        var end = text.IndexOf(RuleDocs.ReadmeEnd + "\n", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md has no '<!-- rules:begin ... -->' ... '{RuleDocs.ReadmeEnd}' block around the rule table.");
        end += RuleDocs.ReadmeEnd.Length + 1;
        var current = text.Substring(begin, end - begin);
        var expected = RuleDocs.ReadmeTable();
        if (current == expected)
        {
            return;
        }

        if (Updating)
        {
            File.WriteAllText(path, text.Substring(0, begin) + expected + text.Substring(end));
            return;
        }

        Assert.Fail(Stale(path, current, expected));
    }

    [Fact]
    public void Gate_rule_list_matches_the_catalog()
    {
        // The gate core knows no Roslyn; it reads the rules from this generated file (RuleTaxonomy).
        var path = Path.Combine(RepositoryPaths.Root, "action", "AiThreatGate.Core", "Taxonomy", "rules.json");
        var current = File.Exists(path) ? Normalize(File.ReadAllText(path)) : string.Empty;
        var expected = RuleDocs.GateRuleList();
        if (current == expected)
        {
            return;
        }

        if (Updating)
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.Fail(Stale(path, current, expected));
    }

    [Fact]
    public void Diff_shows_removed_and_added_lines()
    {
        var diff = Diff("a\nb\nc\n", "a\nB\nc\nd\n");
        Assert.Equal(new[] { "  a", "- b", "+ B", "  c", "+ d" }, diff);
    }

    private static void Check(string path, string current, string expected, string rest)
    {
        if (current == expected)
        {
            return;
        }

        if (Updating)
        {
            File.WriteAllText(path, expected + rest);
            return;
        }

        Assert.Fail(Stale(path, current, expected));
    }

    private static int FirstSection(string text)
    {
        var index = text.IndexOf("\n## ", StringComparison.Ordinal);
        return index < 0 ? text.Length : index + 1;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Stale(string path, string current, string expected)
    {
        var message = new StringBuilder()
            .Append(Path.GetRelativePath(RepositoryPaths.Root, path)).Append(" is out of date with RuleCatalog.cs (- file, + generated):\n");
        foreach (var line in Diff(current, expected))
        {
            message.Append(line).Append('\n');
        }

        return message.Append("Regenerate with: ").Append(RuleDocs.RegenerateCommand).ToString();
    }

    /// <summary>A line diff (longest common subsequence): unchanged lines start with two spaces, removed with '- ', added with '+ '.</summary>
    private static List<string> Diff(string before, string after)
    {
        var a = before.TrimEnd('\n').Split('\n');
        var b = after.TrimEnd('\n').Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add("  " + a[x++]);
                y++;
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                lines.Add("- " + a[x++]);
            }
            else
            {
                lines.Add("+ " + b[y++]);
            }
        }

        return lines;
    }
}
