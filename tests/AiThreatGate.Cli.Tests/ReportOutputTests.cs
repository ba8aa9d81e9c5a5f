using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

/// <summary>scan → check --sarif, report files validated against their schemas (the HTML report in a browser: AiThreatGate.Browser.Tests).</summary>
public sealed class ReportOutputTests
{
    [Fact]
    public async Task Scan_sarif_fed_back_to_check_gives_the_same_verdict_and_valid_reports()
    {
        using var sample = new SampleCopy();
        var scan = await CliHarness.RunAsync(sample.Root, "scan", "--path", sample.Sample, "--output", "findings.sarif", "--repo", sample.Root);
        Assert.True(scan.ExitCode == 0, scan.Output);
        var sarifSchema = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "sarif-schema-2.1.0.json"));
        Assert.Empty(sarifSchema.Validate(sample.Read("findings.sarif")));

        var check = await CliHarness.RunAsync(
            sample.Root,
            "check", "--threat-model", sample.ThreatModel, "--sarif", "findings.sarif", "--repo", sample.Root, "--today", CliHarness.Today,
            "--json-output", "out/report.json", "--sarif-output", "out/gate.sarif", "--markdown-output", "out/comment.md", "--html-output", "out/report.html");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("samples/SupportAssistant/TicketRanker.cs:15  AITG002", check.StandardOutput, StringComparison.Ordinal);

        var reportSchema = JsonSchemaValidator.FromFile(Path.Combine(RepositoryPaths.Root, "docs", "report.schema.json"));
        var json = sample.Read("out/report.json");
        Assert.Empty(reportSchema.Validate(json));
        using (var report = JsonDocument.Parse(json))
        {
            Assert.Equal("blocked", report.RootElement.GetProperty("verdict").GetString());
            Assert.Equal("TM-001", report.RootElement.GetProperty("blockingReasons")[0].GetProperty("threatId").GetString());
        }

        var gateSarif = sample.Read("out/gate.sarif");
        Assert.Empty(sarifSchema.Validate(gateSarif));
        Assert.Contains("\"TM-001\"", gateSarif, StringComparison.Ordinal);
        Assert.Contains("\"security-severity\": \"8.0\"", gateSarif, StringComparison.Ordinal);
        Assert.StartsWith("<!-- aithreatgate:report -->", sample.Read("out/comment.md"), StringComparison.Ordinal);
    }
}
