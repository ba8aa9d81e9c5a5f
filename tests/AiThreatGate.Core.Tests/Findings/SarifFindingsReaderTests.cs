using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Taxonomy;
using Xunit;

namespace AiThreatGate.Core.Tests.Findings;

public sealed class SarifFindingsReaderTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("aitg-sarif-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Roslyn_error_logs_are_merged_with_relative_paths_tags_and_suppressions()
    {
        var root = _folder.FullName;
        var first = Write("a.sarif", $$"""
            {
              "$schema": "http://json.schemastore.org/sarif-2.1.0",
              "version": "2.1.0",
              "runs": [{
                "results": [
                  { "ruleId": "AITG002", "level": "warning", "message": { "text": "loads a model" },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "{{new Uri(Path.Combine(root, "src", "My App", "Loader.cs")).AbsoluteUri}}" }, "region": { "startLine": 12, "startColumn": 9 } } }] },
                  { "ruleId": "AITG025", "level": "error", "message": { "text": "key" },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "{{new Uri(Path.Combine(root, "src", "Keys.cs")).AbsoluteUri}}" }, "region": { "startLine": 3 } } }],
                    "suppressions": [{ "kind": "inSource", "justification": "TM-003" }] }
                ],
                "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "rules": [
                  { "id": "AITG002", "properties": { "tags": ["AiThreatGate", "CWE-345"] } }
                ] } }
              }]
            }
            """);
        var second = Write("b.sarif", """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"CA2300","message":{"text":"m"}}]}]}""");

        var findings = SarifFindingsReader.Read(new[] { first, second }, root, RuleTaxonomy.Default);

        Assert.Equal(3, findings.Count);
        Assert.Equal(new Finding("AITG002", FindingLevel.Warning, "loads a model", "src/My App/Loader.cs", 12, 9, new[] { "AiThreatGate", "CWE-345" }, null), findings[0] with { Tags = findings[0].Tags.ToArray() }, new TagsComparer());
        Assert.Equal("src/Keys.cs", findings[1].Path);
        Assert.Equal(new Suppression("inSource", "TM-003"), findings[1].Suppression);
        Assert.Contains("CWE-798", findings[1].Tags); // from the catalog when the log has no rule metadata
        Assert.Null(findings[2].Path);
        Assert.Empty(findings[2].Tags);
    }

    [Fact]
    public void Only_a_suppression_in_force_suppresses()
    {
        var log = Write("s.sarif", """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[
              {"ruleId":"AITG002","message":{"text":"a"},"suppressions":[{"kind":"external","status":"underReview","justification":"TM-1"}]},
              {"ruleId":"AITG002","message":{"text":"b"},"suppressions":[{"kind":"external","status":"rejected","justification":"TM-1"}]},
              {"ruleId":"AITG002","message":{"text":"c"},"suppressions":[{"kind":"inSource","status":"accepted","justification":"TM-1"}]},
              {"ruleId":"AITG002","message":{"text":"d"},"suppressions":[{"kind":"inSource","justification":"TM-1"}]}
            ]}]}
            """);

        var findings = SarifFindingsReader.ReadFile(log, _folder.FullName, RuleTaxonomy.Default);

        Assert.Equal(new[] { false, false, true, true }, findings.Select(f => f.Suppression is not null).ToArray());
    }

    [Theory]
    [InlineData("""{"ruleId":"AITG002","message":"not an object"}""")]
    [InlineData("""{"ruleId":"AITG002","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.cs"},"region":{"startLine":"3"}}}]}""")]
    [InlineData("""{"ruleId":7,"message":{"text":"m"}}""")]
    public void A_property_of_the_wrong_type_is_a_positioned_error_not_a_crash(string result)
    {
        var log = Write("typed.sarif", """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[""" + result + "]}]}");

        var error = Assert.Throws<FindingsInputException>(() => SarifFindingsReader.ReadFile(log, _folder.FullName, RuleTaxonomy.Default));
        Assert.Contains("typed.sarif:1:1: error: not a valid SARIF 2.1.0 log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_without_a_level_has_its_rules_default_level()
    {
        var log = Write("levels.sarif", """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"AITG002","defaultConfiguration":{"level":"error"}}]}},
              "results":[{"ruleId":"AITG002","message":{"text":"m"}},{"ruleId":"OTHER","message":{"text":"m"}}]}]}
            """);

        var findings = SarifFindingsReader.ReadFile(log, _folder.FullName, RuleTaxonomy.Default);

        Assert.Equal(new[] { FindingLevel.Error, FindingLevel.Warning }, findings.Select(f => f.Level).ToArray());
    }

    [Fact]
    public void Broken_json_names_the_file_line_and_column()
    {
        var path = Write("broken.sarif", "{\n  \"version\": \"2.1.0\",\n  \"runs\": [ oops ]\n}");
        var error = Assert.Throws<FindingsInputException>(() => SarifFindingsReader.ReadFile(path, _folder.FullName, RuleTaxonomy.Default));
        Assert.StartsWith(path + ":3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_that_is_not_sarif_2_1_is_rejected()
    {
        var path = Write("other.sarif", """{"version":"1.0.0","runs":[]}""");
        var error = Assert.Throws<FindingsInputException>(() => SarifFindingsReader.ReadFile(path, _folder.FullName, RuleTaxonomy.Default));
        Assert.Contains("not a SARIF 2.1.0 log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_error_not_an_empty_result()
    {
        var error = Assert.Throws<FindingsInputException>(() => SarifFindingsReader.ReadFile(Path.Combine(_folder.FullName, "none.sarif"), _folder.FullName, RuleTaxonomy.Default));
        Assert.Contains("none.sarif", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_lines_come_from_zero_context_hunks()
    {
        var changes = ChangedLines.ParseUnifiedDiff("""
            diff --git a/a.cs b/a.cs
            --- a/a.cs
            +++ b/a.cs
            @@ -5 +5 @@
            -old
            +new
            @@ -10,2 +10,0 @@
            -gone
            -gone
            @@ -20,0 +19,2 @@
            +x
            +y
            diff --git a/new.cs b/new.cs
            --- /dev/null
            +++ b/new.cs
            @@ -0,0 +1,3 @@
            """);
        Assert.True(changes.Contains("a.cs", 5));
        Assert.False(changes.Contains("a.cs", 10));
        Assert.True(changes.Contains("a.cs", 20));
        Assert.False(changes.Contains("a.cs", 21));
        Assert.True(changes.Contains("new.cs", 3));
        Assert.False(changes.Contains("other.cs", 1));
        Assert.True(changes.Contains(null, 0));
    }

    private sealed class TagsComparer : System.Collections.Generic.IEqualityComparer<Finding>
    {
        public bool Equals(Finding? x, Finding? y) => x is not null && y is not null && x with { Tags = Array.Empty<string>() } == y with { Tags = Array.Empty<string>() } && x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(Finding obj) => obj.RuleId.GetHashCode(StringComparison.Ordinal);
    }
}
