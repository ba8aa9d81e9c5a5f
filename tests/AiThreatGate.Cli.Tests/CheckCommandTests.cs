using System;
using System.IO;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

/// <summary>The pull-request gate on copies of the sample, through the real CLI process.</summary>
public sealed class CheckCommandTests
{
    private const string VerifiedRanker = SampleSources.VerifiedRanker;

    private const string UnverifiedRanker = SampleSources.UnverifiedRanker;

    [Fact]
    public async Task Sample_is_blocked_by_the_open_high_threat_its_code_evidences()
    {
        using var sample = new SampleCopy();
        var result = await sample.CheckAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("BLOCKED (1 reason)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TM-001 \"Tampered or backdoored ranking model is loaded\" (high priority) is open", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("samples/SupportAssistant/TicketRanker.cs:15  AITG002", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("To resolve:", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.StandardOutput, StringComparison.Ordinal); // no colour when redirected
    }

    [Fact]
    public async Task Fixing_the_code_passes()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/TicketRanker.cs", UnverifiedRanker, VerifiedRanker);
        var result = await sample.CheckAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("PASS", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("AITG002", result.StandardOutput, StringComparison.Ordinal);

        // What remains evidences threats that do not block: TM-004 accepted (the request text reaching the prompt, reported
        // at both ends of the flow: the endpoint's call and SupportChat's message), TM-006 open at medium priority.
        Assert.Contains("4 findings (4 in this change, 0 pre-existing, 0 unmodeled)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_the_threat_mitigated_with_a_control_passes()
    {
        using var sample = new SampleCopy();
        sample.Replace(
            "samples/SupportAssistant/THREATMODEL.md",
            "| medium | high | open | | Dana Ito | AITG002, AITG003, AITG005 |",
            "| medium | high | mitigated | Model share is write-protected and signed nightly | Dana Ito | AITG002, AITG003, AITG005 |");
        var result = await sample.CheckAsync("--json-output", "report.json");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("PASS", result.StandardOutput, StringComparison.Ordinal);
        using var report = System.Text.Json.JsonDocument.Parse(sample.Read("report.json"));
        var threat = report.RootElement.GetProperty("threats")[0];
        Assert.Equal("TM-001", threat.GetProperty("id").GetString());
        Assert.True(threat.GetProperty("resolved").GetBoolean());
        Assert.Equal("mitigated by Model share is write-protected and signed nightly", threat.GetProperty("resolution").GetString());
        Assert.Single(threat.GetProperty("findings").EnumerateArray()); // still evidenced, no longer blocking
    }

    [Fact]
    public async Task Marking_the_threat_mitigated_without_a_control_is_an_input_error()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/THREATMODEL.md", "| medium | high | open | | Dana Ito |", "| medium | high | mitigated | | Dana Ito |");
        var result = await sample.CheckAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("THREATMODEL.md:40:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error TM010", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("does not pass", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmodeled_finding_blocks()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/TicketRanker.cs", UnverifiedRanker, VerifiedRanker);
        // The legacy scorer calls Python through the real pythonnet package (central version in Directory.Packages.props).
        sample.Replace(
            "samples/SupportAssistant/SupportAssistant.csproj",
            """<PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" />""",
            """<PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" /><PackageReference Include="pythonnet" />""");
        sample.Write("samples/SupportAssistant/LegacyScorer.cs", """
            using Python.Runtime;

            namespace SupportAssistant;

            public static class LegacyScorer
            {
                public static object LoadCheckpoint(string path)
                {
                    dynamic torch = Py.Import("torch");
                    return torch.load(path);
                }
            }
            """);
        var result = await sample.CheckAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 finding of AITG004 match no threat in the model", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("samples/SupportAssistant/LegacyScorer.cs:10  AITG004", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Add a threat whose Detects column names AITG004", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_threat_model_exits_2_with_file_and_line()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/THREATMODEL.md", "| medium | high | open | | Dana Ito |", "| medium | high | someday | | Dana Ito |");
        var result = await sample.CheckAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("samples/SupportAssistant/THREATMODEL.md:40:126: error TM007: threat TM-001 has the unknown status 'someday'", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_inputs_exit_2_with_a_clear_message_and_no_stack_trace()
    {
        using var sample = new SampleCopy();
        var missingModel = await CliHarness.RunAsync(sample.Root, "check", "--threat-model", "nope.md", "--sarif", "x.sarif");
        Assert.Equal(2, missingModel.ExitCode);
        Assert.Contains("nope.md: no such threat model", missingModel.StandardError, StringComparison.Ordinal);

        var noSarif = await CliHarness.RunAsync(sample.Root, "check", "--threat-model", sample.ThreatModel, "--sarif", "out/*.sarif", "--today", CliHarness.Today);
        Assert.Equal(2, noSarif.ExitCode);
        Assert.Contains("--sarif 'out/*.sarif' matches no file", noSarif.StandardError, StringComparison.Ordinal);

        sample.Write("broken.sarif", "{\n  \"version\": \"2.1.0\",\n  \"runs\": [ }\n");
        var brokenSarif = await CliHarness.RunAsync(sample.Root, "check", "--threat-model", sample.ThreatModel, "--sarif", "broken.sarif", "--today", CliHarness.Today);
        Assert.Equal(2, brokenSarif.ExitCode);
        Assert.Contains("broken.sarif:3:", brokenSarif.StandardError, StringComparison.Ordinal);

        var badOption = await CliHarness.RunAsync(sample.Root, "check", "--block-priority");
        Assert.Equal(2, badOption.ExitCode);

        var badPriority = await CliHarness.RunAsync(sample.Root, "check", "--threat-model", sample.ThreatModel, "--sarif", "broken.sarif", "--block-priority", "urgent");
        Assert.Equal(2, badPriority.ExitCode);
        foreach (var result in new[] { missingModel, noSarif, brokenSarif, badOption, badPriority })
        {
            Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_lines_the_change_adds_count_with_base()
    {
        using var sample = new SampleCopy();
        await sample.StartFeatureBranchAsync();

        // An unrelated change: the existing AITG002 finding is pre-existing and does not block.
        sample.Replace("samples/SupportAssistant/Program.cs", "app.Run();", "app.MapGet(\"/health\", () => Results.Ok());\n\napp.Run();");
        await sample.GitAsync("commit", "-q", "-am", "health endpoint");
        var unrelated = await sample.CheckAsync("--base", "main");
        Assert.True(unrelated.ExitCode == 0, unrelated.Output);
        Assert.Contains("5 findings (0 in this change, 5 pre-existing", unrelated.StandardOutput, StringComparison.Ordinal);

        // A change that adds a new unverified load is blocked, and only the new finding is listed.
        sample.Write("samples/SupportAssistant/Reranker.cs", """
            using Microsoft.ML.OnnxRuntime;

            namespace SupportAssistant;

            public sealed class Reranker
            {
                public InferenceSession Open(string path) => new InferenceSession(path);
            }
            """);
        await sample.GitAsync("add", "-A");
        await sample.GitAsync("commit", "-q", "-m", "reranker");
        var adding = await sample.CheckAsync("--base", "main", "--markdown-output", "comment.md");
        Assert.Equal(1, adding.ExitCode);
        Assert.Contains("samples/SupportAssistant/Reranker.cs:7  AITG002", adding.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("TicketRanker.cs:15  AITG002", adding.StandardOutput, StringComparison.Ordinal);
        var comment = sample.Read("comment.md");
        Assert.Contains("5 pre-existing findings (not in this change)", comment, StringComparison.Ordinal);

        var badBase = await sample.CheckAsync("--base", "no-such-branch");
        Assert.Equal(2, badBase.ExitCode);
        Assert.Contains("merge base of 'no-such-branch'", badBase.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_integrity_check_above_an_unchanged_load_is_part_of_the_change()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/TicketRanker.cs", UnverifiedRanker, VerifiedRanker);
        await sample.StartFeatureBranchAsync();

        // Only lines are deleted: the load line itself is untouched, yet the finding on it is new.
        sample.Replace(
            "samples/SupportAssistant/TicketRanker.cs",
            """
                    if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Security.Cryptography.SHA256.HashData(model), expected))
                    {
                        throw new InvalidDataException("The ranking model failed its integrity check.");
                    }

            """,
            string.Empty);
        await sample.GitAsync("commit", "-q", "-am", "drop the check");
        var result = await sample.CheckAsync("--base", "main");

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("TM-001", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AITG002", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_file_no_project_compiles_is_named_in_a_warning()
    {
        using var sample = new SampleCopy();
        await sample.StartFeatureBranchAsync();
        sample.Replace("samples/SupportAssistant/SupportAssistant.csproj", "</Project>", "  <ItemGroup>\n    <Compile Remove=\"Legacy/**\" />\n  </ItemGroup>\n</Project>");
        sample.Write("samples/SupportAssistant/Legacy/Loader.cs", "namespace SupportAssistant.Legacy;\n\npublic static class Loader\n{\n}\n");
        await sample.GitAsync("add", "-A");
        await sample.GitAsync("commit", "-q", "-m", "legacy loader outside the build");

        var result = await sample.CheckAsync("--base", "main");

        Assert.Contains("1 changed C# file(s) are in no project the scan compiled, so they were not analyzed: samples/SupportAssistant/Legacy/Loader.cs", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("editorconfig")]
    [InlineData("nowarn")]
    [InlineData("generated")]
    [InlineData("bulk")]
    public async Task Configuration_cannot_switch_a_rule_off_for_the_gate(string how)
    {
        using var sample = new SampleCopy();
        switch (how)
        {
            case "editorconfig":
                sample.Write("samples/SupportAssistant/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.AITG002.severity = none\n");
                break;
            case "nowarn":
                sample.Replace("samples/SupportAssistant/SupportAssistant.csproj", "</Project>", "  <PropertyGroup>\n    <NoWarn>$(NoWarn);AITG002</NoWarn>\n  </PropertyGroup>\n</Project>");
                break;
            case "generated":
                sample.Write("samples/SupportAssistant/.editorconfig", "root = true\n\n[TicketRanker.cs]\ngenerated_code = true\n");
                break;
            default:
                sample.Write("samples/SupportAssistant/.globalconfig", "is_global = true\ndotnet_analyzer_diagnostic.severity = none\n");
                break;
        }

        var result = await sample.CheckAsync();

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("samples/SupportAssistant/TicketRanker.cs:15  AITG002", result.StandardOutput, StringComparison.Ordinal);
    }
}
