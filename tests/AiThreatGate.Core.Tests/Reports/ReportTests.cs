using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Reports;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.Tests.Gate;
using AiThreatGate.Core.Tests.ThreatModels;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Core.Tests.Reports;

public sealed class ReportTests
{
    private static GateVerdict Verdict(int extraFindings = 0)
    {
        var model = ModelText.Load(GateEngineTests.Model);
        var findings = new[]
        {
            GateEngineTests.Finding("AITG002"),
            GateEngineTests.Finding("AITG004", "src/Py/Loader.cs", 7, FindingLevel.Error),
            GateEngineTests.Finding("AITG025", "src/Keys.cs", 3, FindingLevel.Error, new Suppression("inSource", "TM-2")),
        }.Concat(Enumerable.Range(1, extraFindings).Select(i => GateEngineTests.Finding("AITG002", $"src/Generated/Loader{i}.cs", i))).ToList();
        return GateEngine.Evaluate(model, findings, GateOptions.FromModel(model, GateMode.PullRequest, ModelText.Today));
    }

    [Fact]
    public void Markdown_report_explains_each_blocking_reason_and_carries_the_marker()
    {
        var markdown = MarkdownReport.Render(Verdict());
        Assert.StartsWith(MarkdownReport.Marker, markdown, StringComparison.Ordinal);
        Assert.Contains("## ❌ AiThreatGate: blocked (2 reasons)", markdown, StringComparison.Ordinal);
        Assert.Contains("TM-1 \"Tampered model\" (high priority) is open", markdown, StringComparison.Ordinal);
        Assert.Contains("`src/App/Loader.cs:10` AITG002", markdown, StringComparison.Ordinal);
        Assert.Contains("_To resolve:_", markdown, StringComparison.Ordinal);
        Assert.Contains("AITG004 match no threat", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_report_stays_under_the_limit_and_says_it_was_cut()
    {
        var verdict = Verdict(extraFindings: 5000);
        var markdown = MarkdownReport.Render(verdict, fullReportPointer: "See the artifact report.html.");
        Assert.True(markdown.Length <= MarkdownReport.DefaultLimit, markdown.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("… and", markdown, StringComparison.Ordinal);
        Assert.Contains("See the artifact report.html.", markdown, StringComparison.Ordinal);
        Assert.Contains("TM-1", markdown, StringComparison.Ordinal);

        var tiny = MarkdownReport.Render(verdict, limit: 400);
        Assert.True(tiny.Length <= 400);
        Assert.Contains("truncated", tiny, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_report_matches_its_published_schema()
    {
        var json = JsonReport.Render(Verdict());
        var errors = JsonSchemaValidator.FromFile(Path.Combine(RepositoryPaths.Root, "docs", "report.schema.json")).Validate(json);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("blocked", document.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("unresolvedThreat", document.RootElement.GetProperty("blockingReasons")[0].GetProperty("kind").GetString());
        Assert.Equal("TM-2", document.RootElement.GetProperty("findings")[2].GetProperty("threats")[0].GetString());
    }

    [Fact]
    public void Json_schema_rejects_a_report_that_breaks_it()
    {
        var schemaPath = Path.Combine(RepositoryPaths.Root, "docs", "report.schema.json");
        using (var schema = JsonDocument.Parse(File.ReadAllText(schemaPath)))
        {
            // The schema's $id is JSON and cannot read RepositoryUrl, so its copy is held to Directory.Build.props here.
            Assert.Equal(RepositoryPaths.BuildProperty("RepositoryUrl") + "/blob/main/docs/report.schema.json", schema.RootElement.GetProperty("$id").GetString());
        }

        var validator = JsonSchemaValidator.FromFile(schemaPath);
        var json = JsonReport.Render(Verdict()).Replace("\"verdict\": \"blocked\"", "\"verdict\": \"maybe\"", StringComparison.Ordinal);
        Assert.Contains(validator.Validate(json), e => e.Contains("$.verdict", StringComparison.Ordinal));
    }

    [Fact]
    public void Sarif_results_carry_where_a_flow_comes_from_as_related_locations()
    {
        // A flow across projects: the answer read in the app, the model call in the service library.
        var finding = new Finding("AITG010", FindingLevel.Warning, "LLM output from 'IChatService.AskAsync' reaches SQL text", "src/App/Orders.cs", 16, 31, new[] { "stage:inference" }, null)
        {
            RelatedLocations = new[] { new RelatedLocation("src/App/Orders.cs", 14), new RelatedLocation("src/Ai/ChatService.cs", 12) },
        };
        var plain = new Finding("AITG002", FindingLevel.Warning, "unverified load", "src/App/Loader.cs", 3, 1, new[] { "stage:inference" }, null);

        var sarif = SarifReport.RenderFindings(new[] { finding, plain }, RuleTaxonomy.Default);
        var errors = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "sarif-schema-2.1.0.json")).Validate(sarif);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        using var document = JsonDocument.Parse(sarif);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var related = results.Single(r => r.GetProperty("ruleId").GetString() == "AITG010").GetProperty("relatedLocations").EnumerateArray().ToList();
        Assert.Equal(2, related.Count);
        Assert.Equal("src/Ai/ChatService.cs", related[1].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(12, related[1].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.False(results.Single(r => r.GetProperty("ruleId").GetString() == "AITG002").TryGetProperty("relatedLocations", out _));
    }

    [Fact]
    public void Sarif_report_is_valid_2_1_0_with_fingerprints_severity_and_threats()
    {
        var sarif = SarifReport.Render(Verdict(), RuleTaxonomy.Default);
        var errors = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "sarif-schema-2.1.0.json")).Validate(sarif);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        using var document = JsonDocument.Parse(sarif);
        var run = document.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var first = results[0];
        Assert.Equal("src/App/Loader.cs", first.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Matches("^[0-9a-f]{32}$", first.GetProperty("partialFingerprints").GetProperty(SarifReport.FingerprintKey).GetString()!);
        Assert.Equal("8.0", first.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Equal("TM-1", first.GetProperty("properties").GetProperty("threats")[0].GetString());
        Assert.True(first.GetProperty("properties").GetProperty("blocking").GetBoolean());
        Assert.Equal("inSource", results[2].GetProperty("suppressions")[0].GetProperty("kind").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var keyRule = rules.Single(r => r.GetProperty("id").GetString() == "AITG025");
        Assert.Equal("9.5", keyRule.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Contains(keyRule.GetProperty("properties").GetProperty("tags").EnumerateArray(), t => t.GetString() == "CWE-798");
        Assert.EndsWith("AITG025.md", keyRule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);

        // Both addresses derive from RepositoryUrl in Directory.Build.props, the one place it is written.
        var repositoryUrl = RepositoryPaths.BuildProperty("RepositoryUrl");
        Assert.Equal(repositoryUrl, run.GetProperty("tool").GetProperty("driver").GetProperty("informationUri").GetString());
        Assert.StartsWith(repositoryUrl + "/", keyRule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_report_has_every_section_and_escapes_model_text()
    {
        var model = ModelText.Load(GateEngineTests.Model.Replace("| TM-1 | Tampered model |", "| TM-1 | Tampered <script>alert(1)</script> model |", StringComparison.Ordinal));
        var verdict = GateEngine.Evaluate(model, new[] { GateEngineTests.Finding("AITG002") }, GateOptions.FromModel(model, GateMode.Release, ModelText.Today));
        var html = HtmlReport.Render(verdict);
        foreach (var id in new[] { "verdict", "heatmap", "status-by-stage", "threats", "stage-coverage", "asset-coverage", "decisions", "signoffs", "maturity", "closure", "maturity-level" })
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }
}
