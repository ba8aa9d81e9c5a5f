using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AiThreatGate.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AiThreatGate.Analyzers.Tests;

/// <summary>The gate matches findings to threats through descriptor tags, so the catalog is tested as data.</summary>
public sealed class RuleCatalogTests
{
    private static readonly string[] Stages = { "data-collection", "training", "model-storage", "inference", "post-deployment" };

    public static TheoryData<string> RuleIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var descriptor in RuleCatalog.All)
            {
                data.Add(descriptor.Id);
            }

            return data;
        }
    }

    private static DiagnosticDescriptor Descriptor(string id) => RuleCatalog.All.Single(d => d.Id == id);

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_doc_page_named_in_its_help_link(string id)
    {
        var descriptor = Descriptor(id);
        var repositoryUrl = RepositoryPaths.BuildProperty("RepositoryUrl");
        Assert.StartsWith(repositoryUrl + "/", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.EndsWith("/docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        var page = Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"Missing {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
        foreach (var tag in descriptor.CustomTags.Where(t => t != RuleCatalog.ProductTag))
        {
            Assert.Contains("`" + tag + "`", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Repository_url_comes_from_directory_build_props_and_is_the_only_copy_in_code()
    {
        var repositoryUrl = RepositoryPaths.BuildProperty("RepositoryUrl");
        Assert.StartsWith("https://", repositoryUrl, StringComparison.Ordinal);
        Assert.Equal(repositoryUrl, RuleCatalog.RepositoryUrl);
        Assert.Equal(repositoryUrl + "/blob/main/docs/rules/", RuleCatalog.HelpLinkBase);

        // Code must derive the address (RuleCatalog.RepositoryUrl, ToolInfo.InformationUri), never spell it out.
        var spelledOut = new[] { "action", "analyzers", "extension" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(file => File.ReadAllText(file).Contains(repositoryUrl, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Empty(spelledOut);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_release_tracking_entry_matching_its_descriptor(string id)
    {
        var descriptor = Descriptor(id);
        var folder = Path.Combine(RepositoryPaths.Root, "analyzers", "AiThreatGate.Analyzers");
        var lines = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")));
        var entry = lines.SingleOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.NotNull(entry);
        var cells = entry!.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_tag_has_a_known_shape_and_every_rule_names_a_stage_a_cwe_and_stride(string id)
    {
        var descriptor = Descriptor(id);
        Assert.True(descriptor.IsEnabledByDefault);
        var tags = descriptor.CustomTags.ToList();
        Assert.Contains(RuleCatalog.ProductTag, tags);
        foreach (var tag in tags.Where(t => t != RuleCatalog.ProductTag))
        {
            var valid = tag.StartsWith("stage:", StringComparison.Ordinal) && Stages.Contains(tag["stage:".Length..])
                || Regex.IsMatch(tag, "^LLM(0[1-9]|10)$")
                || Regex.IsMatch(tag, "^ML(0[1-9]|10)$")
                || Regex.IsMatch(tag, @"^AML\.T\d{4}(\.\d{3})?$")
                || Regex.IsMatch(tag, @"^CWE-\d+$")
                || Regex.IsMatch(tag, "^stride:[STRIDE]$");
            Assert.True(valid, $"{id}: tag '{tag}' has no known shape");
        }

        Assert.Contains(tags, t => t.StartsWith("stage:", StringComparison.Ordinal));
        Assert.Contains(tags, t => t.StartsWith("CWE-", StringComparison.Ordinal));
        Assert.Contains(tags, t => t.StartsWith("stride:", StringComparison.Ordinal));
        Assert.Contains(tags, t => t.StartsWith("AML.T", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Atlas_and_cwe_ids_exist_in_the_reference_taxonomy(string id)
    {
        var reference = File.ReadAllText(RepositoryPaths.SharedFile("reference", "ai-apis-and-taxonomies.md"));
        foreach (var tag in Descriptor(id).CustomTags.Where(t => t.StartsWith("AML.", StringComparison.Ordinal) || t.StartsWith("CWE-", StringComparison.Ordinal)))
        {
            // Sub-techniques are listed on their parent's row as ".002 Name".
            var parent = Regex.Match(tag, @"^(AML\.T\d{4})\.(\d{3})$");
            var known = parent.Success
                ? reference.Split('\n').Any(line => line.Contains(parent.Groups[1].Value, StringComparison.Ordinal) && line.Contains("." + parent.Groups[2].Value + " ", StringComparison.Ordinal))
                : Regex.IsMatch(reference, Regex.Escape(tag) + @"(?!\d|\.\d)");
            Assert.True(known, $"{id}: {tag} is not in ../shared/reference/ai-apis-and-taxonomies.md");
        }
    }

    [Fact]
    public void Every_analyzer_reports_only_catalog_descriptors_and_every_descriptor_has_an_analyzer()
    {
        var analyzers = typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        var supported = analyzers.SelectMany(a => a.SupportedDiagnostics).ToList();
        Assert.All(supported, d => Assert.Contains(d, RuleCatalog.All));
        Assert.Equal(RuleCatalog.All.Select(d => d.Id).OrderBy(x => x), supported.Select(d => d.Id).Distinct().OrderBy(x => x));
    }

    [Fact]
    public void Readme_lists_every_rule_with_a_link_to_its_page()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        foreach (var descriptor in RuleCatalog.All)
        {
            Assert.Contains($"[{descriptor.Id}](docs/rules/{descriptor.Id}.md)", readme, StringComparison.Ordinal);
        }
    }
}
