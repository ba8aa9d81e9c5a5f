using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

/// <summary>
/// Pull requests that must never pass: a change adding an AITG002 finding (evidence of the sample's open, high
/// TM-001) in every form a real repository and build can write it. Each case also has a control that passes, so
/// that the test fails if the gate simply blocks everything.
/// </summary>
public sealed class FailClosedTests
{
    private const string Loader = "namespace App;\n\npublic static class Loader\n{\n    public static object Load(string path) => new object();\n}\n";

    [Theory]
    [InlineData("Données d'entrée/Chargé.cs")]
    [InlineData("漢字/模型加载.cs")]
    [InlineData("src/with space.cs")]
    [InlineData("src/tab\tname.cs")]
    [InlineData("src/q\"uote.cs")]
    [InlineData("src/b\\slash.cs")]
    [InlineData("src/ünïcödé\\ and \"all\"\t.cs")]
    public async Task A_change_at_a_path_git_quotes_is_blocked(string path)
    {
        using var repo = await GateRepository.CreateAsync();
        repo.Write(path, Loader);
        await repo.CommitAllAsync("add loader");

        var blocked = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", new Uri(repo.Full(path)).AbsoluteUri, 5)));

        Assert.True(blocked.ExitCode == 1, blocked.Output);
        Assert.Contains("TM-001", blocked.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 in this change, 0 pre-existing", blocked.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renamed_and_edited_file_is_part_of_the_change_and_an_untouched_one_is_not()
    {
        using var repo = await GateRepository.CreateAsync(("src/Old Name.cs", Loader), ("src/Untouched.cs", Loader));
        await repo.GitAsync("mv", "src/Old Name.cs", "src/Nouveau nom é.cs");
        repo.Write("src/Nouveau nom é.cs", Loader.Replace("new object()", "new object[] { path }", StringComparison.Ordinal));
        await repo.CommitAllAsync("rename");

        var renamed = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", new Uri(repo.Full("src/Nouveau nom é.cs")).AbsoluteUri, 5)));
        Assert.True(renamed.ExitCode == 1, renamed.Output);

        var untouched = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", new Uri(repo.Full("src/Untouched.cs")).AbsoluteUri, 5)));
        Assert.True(untouched.ExitCode == 0, untouched.Output);
        Assert.Contains("0 in this change, 1 pre-existing", untouched.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_file_not_yet_committed_is_part_of_the_change()
    {
        using var repo = await GateRepository.CreateAsync();
        repo.Write("src/Uncommitted Loader.cs", Loader);

        var result = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", new Uri(repo.Full("src/Uncommitted Loader.cs")).AbsoluteUri, 5)));

        Assert.True(result.ExitCode == 1, result.Output);
    }

    [Theory]
    [InlineData("file:///src/{0}", false)] // Docker: COPY . /src
    [InlineData("C:\\agent\\_work\\1\\s\\{1}", false)] // Windows agent, plain path
    [InlineData("file:///C:/agent/_work/1/s/{0}", false)]
    [InlineData("file://buildhost/share/ws/{0}", false)] // UNC
    [InlineData("file:///somewhere/else/Unknown.cs", true)] // cannot be placed: counted as part of the change
    public async Task Sarif_written_outside_the_checkout_is_placed_or_counted_as_changed(string uriPattern, bool unplaceable)
    {
        using var repo = await GateRepository.CreateAsync(("src/App/Old.cs", Loader));
        repo.Write("src/App/New Loader.cs", Loader);
        await repo.CommitAllAsync("new loader");
        string Uri(string relative) => string.Format(System.Globalization.CultureInfo.InvariantCulture, uriPattern, relative.Replace(" ", "%20", StringComparison.Ordinal), relative.Replace('/', '\\'));

        var added = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", Uri("src/App/New Loader.cs"), 5)), "--json-output", "report.json");
        Assert.True(added.ExitCode == 1, added.Output);
        var finding = JsonNode.Parse(repo.Read("report.json"))!["findings"]![0]!;
        Assert.True(finding["inChange"]!.GetValue<bool>());
        if (unplaceable)
        {
            Assert.Contains("Findings not placed in the repository (counted as part of the change): 1", added.StandardOutput, StringComparison.Ordinal);
            Assert.NotNull(finding["unmappedReason"]!.GetValue<string>());
            return;
        }

        Assert.Equal("src/App/New Loader.cs", finding["path"]!.GetValue<string>());

        // The same build root on a file the change does not touch: placed, hence pre-existing, hence a pass.
        var old = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", Uri("src/App/Old.cs"), 5)));
        Assert.True(old.ExitCode == 0, old.Output);
    }

    [Fact]
    public async Task A_path_map_places_a_build_root_that_shares_only_the_file_name()
    {
        using var repo = await GateRepository.CreateAsync(("src/App/Old.cs", Loader));
        var log = Sarif.Log(Sarif.Result("AITG002", "file:///app/Old.cs", 5));

        var unplaced = await repo.CheckSarifAsync(log);
        Assert.True(unplaced.ExitCode == 1, unplaced.Output);
        Assert.Contains("--path-map /app=src/App", unplaced.StandardOutput, StringComparison.Ordinal);

        var mapped = await repo.CheckSarifAsync(log, "--path-map", "/app=src/App");
        Assert.True(mapped.ExitCode == 0, mapped.Output);
    }

    [Fact]
    public async Task Other_tools_results_are_listed_not_gated_and_unmodeled_findings_are_listed_by_location()
    {
        using var repo = await GateRepository.CreateAsync();
        repo.Write("src/Repo.cs", Loader);
        await repo.CommitAllAsync("repo");
        var file = new Uri(repo.Full("src/Repo.cs")).AbsoluteUri;
        var log = Sarif.Log(
            Sarif.Result("CS8602", file, 2, "error"),
            Sarif.Result("CA2100", file, 3, "error"),
            Sarif.Result("AITG004", file, 4, "error"));

        var result = await repo.CheckSarifAsync(log, "--json-output", "report.json");

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("1 finding of AITG004 match no threat", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("of CS8602 match no threat", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Findings no threat of the model covers (unmodeled): 1", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("src/Repo.cs:4  AITG004", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Not considered: other tools' results that no threat's Detects names: 2", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("src/Repo.cs:2  CS8602", result.StandardOutput, StringComparison.Ordinal);
        var json = JsonNode.Parse(repo.Read("report.json"))!;
        var unmodeledFinding = json["findings"]!.AsArray().Single(f => f!["unmodeled"]!.GetValue<bool>())!;
        Assert.Equal(("AITG004", "src/Repo.cs", 4), (unmodeledFinding["ruleId"]!.GetValue<string>(), unmodeledFinding["path"]!.GetValue<string>(), unmodeledFinding["line"]!.GetValue<int>()));
        var summary = json["summary"]!;
        Assert.Equal(2, summary["notConsidered"]!.GetValue<int>());
        Assert.Equal(1, summary["findingsInChange"]!.GetValue<int>());

        // Naming a tool's rule in Detects makes it count: CA2100 now evidences TM-005 (mitigated), so only AITG004 blocks.
        repo.Replace("THREATMODEL.md", "| Sam Reyes | LLM05 |", "| Sam Reyes | LLM05, CA2100 |");
        var named = await repo.CheckSarifAsync(log, "--json-output", "report.json");
        Assert.True(named.ExitCode == 1, named.Output);
        var report = JsonNode.Parse(repo.Read("report.json"))!;
        Assert.Equal(1, report["summary"]!["notConsidered"]!.GetValue<int>());
        var tm005 = report["threats"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == "TM-005")!;
        Assert.Equal(1, Assert.Single(tm005["findings"]!.AsArray())!.GetValue<int>());
    }

    [Fact]
    public async Task An_option_typed_after_sarif_files_is_reported_not_taken_as_a_file()
    {
        using var repo = await GateRepository.CreateAsync();
        repo.Write("a.sarif", Sarif.Log());

        var typo = await CliHarness.RunAsync(repo.Root, "check", "--sarif", "a.sarif", "--blok-priority", "high");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("unknown option '--blok-priority'", typo.StandardError, StringComparison.Ordinal);
        Assert.Contains("did you mean --block-priority?", typo.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("matches no file", typo.Output, StringComparison.Ordinal);

        var positionalTypo = await CliHarness.RunAsync(repo.Root, "check", "--blok-priority", "high");
        Assert.Equal(2, positionalTypo.ExitCode);
        Assert.Contains("--block-priority", positionalTypo.StandardError, StringComparison.Ordinal);

        // Several files after one --sarif (a shell glob) still work, and so does the option after them.
        repo.Write("b.sarif", Sarif.Log());
        var two = await CliHarness.RunAsync(repo.Root, "check", "--sarif", "a.sarif", "b.sarif", "--block-priority", "high", "--today", CliHarness.Today);
        Assert.True(two.ExitCode == 0, two.Output);
    }

    [Fact]
    public async Task Lint_and_check_take_their_path_as_an_argument()
    {
        using var repo = await GateRepository.CreateAsync();
        Directory.CreateDirectory(repo.Full("my models"));
        File.Copy(repo.Full("THREATMODEL.md"), repo.Full("my models/THREATMODEL.md"));

        var lintFile = await CliHarness.RunAsync(repo.Root, "lint", "THREATMODEL.md", "--today", CliHarness.Today);
        Assert.True(lintFile.ExitCode == 0, lintFile.Output);
        var lintFolder = await CliHarness.RunAsync(repo.Root, "lint", "my models", "--today", CliHarness.Today);
        Assert.True(lintFolder.ExitCode == 0, lintFolder.Output);
        Assert.Contains("my models/THREATMODEL.md: 0 error(s)", lintFolder.StandardOutput, StringComparison.Ordinal);

        repo.Write("clean.sarif", Sarif.Log());
        var checkModel = await CliHarness.RunAsync(repo.Root, "check", "my models/THREATMODEL.md", "--sarif", "clean.sarif", "--today", CliHarness.Today);
        Assert.True(checkModel.ExitCode == 0, checkModel.Output);
        Assert.Contains("my models/THREATMODEL.md", checkModel.StandardOutput, StringComparison.Ordinal);

        var twice = await CliHarness.RunAsync(repo.Root, "check", "THREATMODEL.md", "--threat-model", "THREATMODEL.md", "--sarif", "clean.sarif");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("given twice", twice.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_git_is_told_not_to_diff_still_counts()
    {
        using var repo = await GateRepository.CreateAsync(("src/Loader.cs", Loader));
        repo.Write(".gitattributes", "*.cs -diff\n");
        repo.Write("src/Loader.cs", Loader.Replace("new object()", "new object[] { path }", StringComparison.Ordinal));
        await repo.CommitAllAsync("hide the diff");

        var result = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", new Uri(repo.Full("src/Loader.cs")).AbsoluteUri, 5)));

        Assert.True(result.ExitCode == 1, result.Output);
    }

    [Fact]
    public async Task A_finding_in_an_ignored_file_counts_as_part_of_the_change()
    {
        using var repo = await GateRepository.CreateAsync((".gitignore", "gen/\n"));
        repo.Write("gen/Loader.g.cs", Loader);

        var result = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", new Uri(repo.Full("gen/Loader.g.cs")).AbsoluteUri, 5)));

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("not tracked by git", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(",")]
    [InlineData("\n")]
    [InlineData("")]
    public async Task A_sarif_option_that_names_no_file_is_an_error(string value)
    {
        using var repo = await GateRepository.CreateAsync();

        var result = await CliHarness.RunAsync(repo.Root, "check", "--sarif", value, "--today", CliHarness.Today);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sarif names no file", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_dot_analyzes_the_current_folder_with_its_threat_model()
    {
        using var repo = await GateRepository.CreateAsync();
        repo.Write("clean.sarif", Sarif.Log());

        var result = await CliHarness.RunAsync(repo.Root, "check", ".", "--sarif", "clean.sarif", "--today", CliHarness.Today);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SupportAssistant · THREATMODEL.md", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_output_is_never_wrapped_boxed_or_unbounded()
    {
        using var repo = await GateRepository.CreateAsync();

        // A model with 3,000 open high threats that one long finding evidences: every list is capped, no line is cut.
        var rows = string.Join("\n", Enumerable.Range(1, 3000).Select(i => $"| TM-{i + 100} | 模型被篡改 tampered model number {i} | model-storage | supply-chain | A1 | insider | medium | high | open | | Dana Ito | AITG002 |"));
        repo.Replace("THREATMODEL.md", "| TM-001 |", rows + "\n| TM-001 |");
        repo.Replace("THREATMODEL.md", "system: SupportAssistant", "system: 支援アシスタント SupportAssistant");
        var message = "loads a model that is not checked against an expected digest or signature first; " + new string('x', 200) + " END";
        var result = await repo.CheckSarifAsync(Sarif.Log(Sarif.Result("AITG002", "src/Loader.cs", 5)).Replace("AITG002 finding", message, StringComparison.Ordinal));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("AiThreatGate: BLOCKED (3001 reasons)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("支援アシスタント SupportAssistant · THREATMODEL.md", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("… and 2951 more blocking reasons (the JSON report lists all)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("… and 2951 more threats (the JSON report lists all)", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Length < 150_000, $"{result.StandardOutput.Length} characters of console output");
        Assert.DoesNotContain("─", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("│", result.StandardOutput, StringComparison.Ordinal);
        var line = result.StandardOutput.Split('\n').First(l => l.Contains("AITG002: loads a model", StringComparison.Ordinal));
        Assert.EndsWith("END", line.TrimEnd('\r'), StringComparison.Ordinal); // one line, not hard-wrapped at 80 or 160 columns
    }

    /// <summary>A git repository with the sample's threat model committed on main and a feature branch checked out.</summary>
    private sealed class GateRepository : IDisposable
    {
        private GateRepository(string root) => Root = root;

        public string Root { get; }

        public static async Task<GateRepository> CreateAsync(params (string Path, string Text)[] files)
        {
            var repo = new GateRepository(Directory.CreateTempSubdirectory("aitg-failclosed-").FullName);
            File.Copy(Path.Combine(RepositoryPaths.Root, "samples", "SupportAssistant", "THREATMODEL.md"), repo.Full("THREATMODEL.md"));
            repo.Write("README.md", "# app\n");
            foreach (var (path, text) in files)
            {
                repo.Write(path, text);
            }

            await repo.GitAsync("init", "-q", "-b", "main");
            await repo.CommitAllAsync("base");
            await repo.GitAsync("checkout", "-q", "-b", "feature");
            return repo;
        }

        public string Full(string relative) => Path.Combine(Root, relative);

        public string Read(string relative) => File.ReadAllText(Full(relative));

        public void Write(string relative, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Full(relative))!);
            File.WriteAllText(Full(relative), text);
        }

        public void Replace(string relative, string oldText, string newText)
        {
            var text = Read(relative);
            Assert.Contains(oldText, text, StringComparison.Ordinal);
            Write(relative, text.Replace(oldText, newText, StringComparison.Ordinal));
        }

        public async Task CommitAllAsync(string message)
        {
            await GitAsync("add", "-A");
            await GitAsync("commit", "-q", "-m", message);
        }

        public async Task GitAsync(params string[] arguments)
        {
            var result = await ProcessRunner.RunAsync("git", new[] { "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false" }.Concat(arguments), Root);
            Assert.True(result.ExitCode == 0, "git " + string.Join(' ', arguments) + ": " + result.Output);
        }

        /// <summary>check --base main with a SARIF log written to a file outside the checkout (so it is not itself a new file).</summary>
        public async Task<ProcessResult> CheckSarifAsync(string sarif, params string[] extra)
        {
            var logPath = Path.Combine(Path.GetTempPath(), $"aitg-{Guid.NewGuid():N}.sarif");
            await File.WriteAllTextAsync(logPath, sarif);
            try
            {
                return await CliHarness.RunAsync(Root, new[] { "check", "--sarif", logPath, "--base", "main", "--today", CliHarness.Today }.Concat(extra).ToArray());
            }
            finally
            {
                File.Delete(logPath);
            }
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Minimal SARIF 2.1 logs as builds and other tools write them.</summary>
    internal static class Sarif
    {
        public static string Log(params JsonObject[] results) => new JsonObject
        {
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = new JsonObject { ["name"] = "build" } },
                ["results"] = new JsonArray(results.Select(r => (JsonNode)r).ToArray()),
            }),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        public static JsonObject Result(string ruleId, string uri, int line, string level = "warning") => new()
        {
            ["ruleId"] = ruleId,
            ["level"] = level,
            ["message"] = new JsonObject { ["text"] = ruleId + " finding" },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = uri },
                    ["region"] = new JsonObject { ["startLine"] = line, ["startColumn"] = 1 },
                },
            }),
        };
    }
}
