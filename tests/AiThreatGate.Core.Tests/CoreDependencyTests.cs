using System;
using System.Linq;
using AiThreatGate.Core.Taxonomy;
using Xunit;

namespace AiThreatGate.Core.Tests;

/// <summary>The gate core knows no Roslyn and no analyzer: the rules reach it as data (see docs/architecture.md).</summary>
public sealed class CoreDependencyTests
{
    [Fact]
    public void Core_references_neither_Roslyn_nor_the_analyzers()
    {
        var referenced = typeof(RuleTaxonomy).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();

        Assert.DoesNotContain(referenced, name => name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, name => name.StartsWith("AiThreatGate.Analyzers", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_read_as_data_carry_their_taxonomy()
    {
        var rule = RuleTaxonomy.Default.Find("AITG010");

        Assert.NotNull(rule);
        Assert.Equal("LLM output used as SQL", rule.Title);
        Assert.Contains("LLM05", rule.Tags);
        Assert.DoesNotContain("AiThreatGate", rule.Tags);
        Assert.EndsWith("docs/rules/AITG010.md", rule.HelpUri, StringComparison.Ordinal);
        Assert.True(RuleTaxonomy.Default.Rules.Count >= 20);
    }
}
