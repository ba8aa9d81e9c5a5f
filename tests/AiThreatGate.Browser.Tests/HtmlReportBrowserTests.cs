using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Browser.Tests;

/// <summary>The release report as a reviewer sees it: rendered by headless Chromium, its DOM inspected and a screenshot taken.</summary>
public sealed class HtmlReportBrowserTests
{
    [Fact]
    public async Task Release_report_renders_in_headless_chromium()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null, "Chromium is required for this test: .ci/run installs it (apt-get install chromium); this project is outside AiThreatGate.sln for that reason.");

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
