using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

public sealed class InitAndLintTests
{
    [Fact]
    public async Task Init_on_the_sample_writes_a_model_that_lints_without_errors_and_update_keeps_every_byte()
    {
        using var sample = new SampleCopy();
        File.Delete(sample.ThreatModel);
        var init = await CliHarness.RunAsync(sample.Root, "init", "--threat-model", sample.ThreatModel, "--path", sample.Sample, "--repo", sample.Root, "--today", CliHarness.Today);
        Assert.True(init.ExitCode == 0, init.Output);
        var text = File.ReadAllText(sample.ThreatModel);
        Assert.Contains("ONNX model", text, StringComparison.Ordinal);
        Assert.Contains("OpenAI chat API", text, StringComparison.Ordinal);
        Assert.Contains("System prompt", text, StringComparison.Ordinal);
        Assert.Contains("HTTP endpoint POST /api/chat", text, StringComparison.Ordinal);
        Assert.Contains("`samples/SupportAssistant/TicketRanker.cs:", text, StringComparison.Ordinal);

        var lint = await CliHarness.RunAsync(sample.Root, "lint", "--threat-model", sample.ThreatModel, "--today", CliHarness.Today);
        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Contains(": 0 error(s)", lint.StandardOutput, StringComparison.Ordinal);

        var again = await CliHarness.RunAsync(sample.Root, "init", "--threat-model", sample.ThreatModel, "--path", sample.Sample);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(sample.ThreatModel));

        // A hand edit, then a new AI asset in the code: --update adds it and keeps the edit.
        var edited = text.Replace("Review every row", "Reviewed by hand on 2026-11-22. Review every row", StringComparison.Ordinal);
        File.WriteAllText(sample.ThreatModel, edited);
        sample.Write("samples/SupportAssistant/Embeddings.cs", """
            using OpenAI.Embeddings;

            namespace SupportAssistant;

            public sealed class Embeddings
            {
                public EmbeddingClient Create(string key) => new EmbeddingClient("text-embedding-3-small", key);
            }
            """);
        var update = await CliHarness.RunAsync(sample.Root, "init", "--update", "--threat-model", sample.ThreatModel, "--path", sample.Sample, "--repo", sample.Root, "--today", CliHarness.Today);
        Assert.True(update.ExitCode == 0, update.Output);
        Assert.Contains("1 new asset(s) added", update.StandardOutput, StringComparison.Ordinal);
        var updated = File.ReadAllText(sample.ThreatModel);
        Assert.Contains("Embeddings (OpenAI)", updated, StringComparison.Ordinal);
        var originalLines = edited.Split('\n');
        var updatedLines = updated.Split('\n');
        var j = 0;
        foreach (var line in updatedLines)
        {
            if (j < originalLines.Length && line == originalLines[j])
            {
                j++;
            }
        }

        Assert.Equal(originalLines.Length, j); // every original line survives, in order
        Assert.Equal(originalLines.Length + 2, updatedLines.Length); // one asset row and its one threat row
    }

    [Fact]
    public async Task Init_names_the_system_after_the_project_scopes_detects_and_links_each_endpoint_to_what_it_uses()
    {
        using var sample = new SampleCopy();
        File.Delete(sample.ThreatModel);
        sample.Replace("samples/SupportAssistant/SupportAssistant.csproj", "<IsPackable>false</IsPackable>", "<IsPackable>false</IsPackable>\n    <AssemblyName>Contoso.SupportAssistant</AssemblyName>");
        var init = await CliHarness.RunAsync(sample.Root, "init", "--threat-model", sample.ThreatModel, "--path", sample.Sample, "--repo", sample.Root, "--today", CliHarness.Today);
        Assert.True(init.ExitCode == 0, init.Output);
        var text = File.ReadAllText(sample.ThreatModel);

        Assert.Contains("\nsystem: Contoso.SupportAssistant\n", text, StringComparison.Ordinal);
        Assert.Contains("| AITG002 @ samples/SupportAssistant/TicketRanker.cs, AITG003 @ samples/SupportAssistant/TicketRanker.cs,", text, StringComparison.Ordinal);

        string Id(string asset) => Regex.Match(text, @"^\| (A\d+) \| " + Regex.Escape(asset) + @" \|", RegexOptions.Multiline).Groups[1].Value;
        var (chat, rank, onnx, openAi, prompt) = (Id("HTTP endpoint POST /api/chat"), Id("HTTP endpoint POST /api/tickets/rank"), Id("ONNX model"), Id("OpenAI chat API"), Id("System prompt"));
        var edges = Regex.Matches(text, @"^  n_(\S+) -->\|[^|]+\| n_(\S+)$", RegexOptions.Multiline).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Order().ToArray();
        Assert.Equal(new[] { (chat, openAi), (chat, prompt), (rank, onnx) }.Order(), edges);
    }

    [Fact]
    public async Task Lint_prints_compiler_style_diagnostics_and_fails_on_errors()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/THREATMODEL.md", "| Sam Reyes | LLM10 |", "| Sam Reyes | LLM10, AITG099 |");
        var clean = await CliHarness.RunAsync(sample.Root, "lint", "--threat-model", sample.ThreatModel, "--today", CliHarness.Today);
        Assert.True(clean.ExitCode == 0, clean.Output);
        Assert.Contains("warning TM009", clean.StandardOutput, StringComparison.Ordinal);

        var strict = await CliHarness.RunAsync(sample.Root, "lint", "--threat-model", sample.ThreatModel, "--today", CliHarness.Today, "--warnings-as-errors");
        Assert.Equal(2, strict.ExitCode);

        sample.Replace("samples/SupportAssistant/THREATMODEL.md", "| TM-002 |", "| TM-001 |");
        var duplicate = await CliHarness.RunAsync(sample.Root, "lint", "--threat-model", sample.ThreatModel, "--today", CliHarness.Today);
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("THREATMODEL.md:41:3: error TM006: threat ID TM-001 is already used on line 40", duplicate.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_writes_a_model_that_the_gate_reads()
    {
        using var sample = new SampleCopy();
        sample.Write("td.json", """
            { "summary": { "title": "Chat" }, "detail": { "diagrams": [ { "cells": [
              { "data": { "name": "Chat API", "type": "tm.Process", "threats": [
                { "title": "Prompt injection", "status": "Mitigated", "severity": "High", "type": "Tampering", "mitigation": "Input in user role only", "number": 7 } ] } } ] } ] } }
            """);
        var import = await CliHarness.RunAsync(sample.Root, "import", "--from", "td.json", "--output", "IMPORTED.md", "--today", CliHarness.Today);
        Assert.True(import.ExitCode == 0, import.Output);
        Assert.Contains("imported 1 threats and 1 assets", import.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| TD-7 | Prompt injection |", sample.Read("IMPORTED.md"), StringComparison.Ordinal);

        var overwrite = await CliHarness.RunAsync(sample.Root, "import", "--from", "td.json", "--output", "IMPORTED.md");
        Assert.Equal(2, overwrite.ExitCode);
    }

    [Fact]
    public async Task Import_prints_what_it_skipped_and_refuses_an_unrecognised_file()
    {
        using var sample = new SampleCopy();
        sample.Write("td.json", """
            { "summary": { "title": "Chat" }, "detail": { "diagrams": [ { "cells": [
              { "data": { "name": "Chat API", "type": "tm.Process", "threats": [
                { "title": "Prompt injection", "status": "NotApplicable", "severity": "High", "type": "Tampering", "number": 7 }, "stray text" ] } } ] } ] } }
            """);
        var import = await CliHarness.RunAsync(sample.Root, "import", "--from", "td.json", "--output", "IMPORTED.md", "--today", CliHarness.Today);
        Assert.True(import.ExitCode == 0, import.Output);
        Assert.Contains("imported 1 threats and 1 assets; 1 skipped: threat #2 of 'Chat API': a JSON string, not a threat object", import.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| TD-7 | Prompt injection | T | A1 | high | not-applicable |", sample.Read("IMPORTED.md"), StringComparison.Ordinal);

        sample.Write("other.json", "{ \"name\": \"not a model\" }");
        var other = await CliHarness.RunAsync(sample.Root, "import", "--from", "other.json", "--output", "OTHER.md", "--today", CliHarness.Today);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("other.json:1:1: error: other.json is not a model the importer recognises", other.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sample.Root, "OTHER.md")));
    }

    [Fact]
    public async Task Help_documents_every_command()
    {
        var help = await CliHarness.RunAsync(Path.GetTempPath(), "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "check", "release", "report", "scan", "lint", "init", "import" })
        {
            Assert.Contains(command, help.StandardOutput, StringComparison.Ordinal);
        }

        var checkHelp = await CliHarness.RunAsync(Path.GetTempPath(), "check", "--help");
        Assert.Contains("--base", checkHelp.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--sarif", checkHelp.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inits_closing_hint_is_a_command_that_works_when_pasted_for_a_path_with_spaces()
    {
        using var sample = new SampleCopy();
        var model = Path.Combine("threat models", "Support Assistant.md");
        var init = await CliHarness.RunAsync(sample.Root, "init", sample.Sample, "--threat-model", model, "--repo", sample.Root, "--today", CliHarness.Today);
        Assert.True(init.ExitCode == 0, init.Output);

        const string prefix = "review it, then run: ";
        var hint = init.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.Contains(prefix, StringComparison.Ordinal));
        var command = hint[(hint.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..];
        Assert.Equal("aithreatgate lint \"threat models/Support Assistant.md\"", command);

        // Pasted into a shell, with the tool standing for 'aithreatgate': it lints the file init wrote.
        var pasted = await ProcessRunner.RunAsync("bash", new[] { "-c", "aithreatgate() { dotnet \"$CLI\" \"$@\"; }; " + command + " --today " + CliHarness.Today }, sample.Root, new System.Collections.Generic.Dictionary<string, string?> { ["CLI"] = CliHarness.CliDll });
        Assert.True(pasted.ExitCode == 0, pasted.Output);
        Assert.Contains(": 0 error(s)", pasted.StandardOutput, StringComparison.Ordinal);
    }
}
