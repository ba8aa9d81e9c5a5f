using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

/// <summary>scan → check --sarif, report files validated against their schemas, and the HTML report in a real browser.</summary>
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

    [Fact]
    public async Task Release_report_renders_in_headless_chromium()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null, "Chromium is required for this test: .ci/run installs it (apt-get install chromium).");

        using var sample = new SampleCopy();
        var release = await CliHarness.RunAsync(sample.Root, "release", "--threat-model", sample.ThreatModel, "--path", sample.Sample, "--today", CliHarness.Today, "--format", "html", "--output", "release.html");
        Assert.Equal(1, release.ExitCode); // TM-001 is open at high priority: the release is blocked.
        var html = Path.Combine(sample.Root, "release.html");

        var profile = Directory.CreateTempSubdirectory("aitg-chromium-").FullName;
        string[] flags = { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile };
        var dom = await ProcessRunner.RunAsync(chromium!, flags.Concat(new[] { "--dump-dom", new Uri(html).AbsoluteUri }), sample.Root, timeout: TimeSpan.FromMinutes(2));
        Assert.True(dom.ExitCode == 0, dom.Output);
        Assert.Contains("id=\"heatmap\"", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("data-count=\"1\"", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Release gate: blocked", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<svg", dom.StandardOutput, StringComparison.Ordinal);

        var png = Path.Combine(sample.Root, "release.png");
        var shot = await ProcessRunner.RunAsync(chromium!, flags.Concat(new[] { "--screenshot=" + png, "--window-size=1280,2400", new Uri(html).AbsoluteUri }), sample.Root, timeout: TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(png), shot.Output);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 20_000, $"The screenshot is suspiciously small ({bytes.Length} bytes).");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.Take(4));

        var keep = Environment.GetEnvironmentVariable("AITG_KEEP_SCREENSHOT");
        if (!string.IsNullOrEmpty(keep))
        {
            File.Copy(png, keep, overwrite: true);
        }
    }
}
