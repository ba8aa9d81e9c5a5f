using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests.Scanning;

/// <summary>
/// A real solution of three projects (restored against the real packages, loaded by the CLI process) where the model is
/// called in one project and its output is used in another: <c>scan</c> reports the flow where the data is used and
/// names the model call of the other project; safe look-alikes (an allowlist helper, a helper returning constants, a
/// value only logged) give nothing. The solution is built once for the class: a restore and load costs half a minute.
/// </summary>
public sealed class CrossProjectScanTests : IClassFixture<CrossProjectSolution>
{
    private readonly CrossProjectSolution _solution;

    public CrossProjectScanTests(CrossProjectSolution solution) => _solution = solution;

    [Theory]
    // 1. The model is called in Contoso.Ai (Microsoft.Extensions.AI and OpenAI), its output is used in Contoso.Data.
    [InlineData("AITG010", "Data/OrderQueries.cs", "@sql-direct")]
    [InlineData("AITG011", "Data/Operations.cs", "@git-command")]
    [InlineData("AITG011", "Data/Operations.cs", "@bash-command")]
    [InlineData("AITG013", "Data/Operations.cs", "@path")]
    [InlineData("AITG014", "Data/Operations.cs", "@html")]
    // Retrieval in Contoso.Ai reaching a system prompt in Contoso.Data.
    [InlineData("AITG022", "Data/Grounding.cs", "@system-prompt")]
    // Request data of the web project passed to Contoso.Ai's method that builds the system prompt (a sink summary).
    [InlineData("AITG020", "Web/AskController.cs", "@persona")]
    // 2. Interface declared in Contoso.Ai, implemented in Contoso.Data (the model call), consumed in Contoso.Web.
    [InlineData("AITG010", "Web/AskController.cs", "@interface")]
    // 4. Three deep: model call in Contoso.Ai, wrapper in Contoso.Data, sink in Contoso.Web.
    [InlineData("AITG010", "Web/AskController.cs", "@three-deep")]
    // 5. A sink helper in Contoso.Ai called by Contoso.Data with model output: reported at Contoso.Data's call.
    [InlineData("AITG010", "Data/OrderQueries.cs", "@sink-helper")]
    // 6. A sink helper in Contoso.Ai that puts one member of its parameter into SQL, given an object whose member the model names.
    [InlineData("AITG010", "Data/OrderQueries.cs", "@member-sink")]
    public void A_flow_across_projects_is_reported_where_the_data_is_used(string rule, string file, string marker)
    {
        var line = _solution.LineOf(file, marker);
        Assert.True(
            _solution.Findings.Any(f => f.Rule == rule && f.Path == CrossProjectSolution.Src + file && f.Line == line),
            $"no {rule} at {file}:{line} ({marker}); findings:{Environment.NewLine}{_solution.Describe()}");
    }

    [Theory]
    // 3. An allowlist helper and a helper returning constants in Contoso.Ai; a value only logged and length-checked.
    [InlineData("Data/OrderQueries.cs", "SortByAllowedAsync")]
    [InlineData("Data/OrderQueries.cs", "SortByFixedAsync")]
    [InlineData("Data/OrderQueries.cs", "CountLoggedAsync")]
    // The same member sink helper given an object whose member is a constant, the model's answer in another member.
    [InlineData("Data/OrderQueries.cs", "ExportNotesAsync")]
    [InlineData("Web/AskController.cs", "SortByAllowedColumn")]
    public void Safe_look_alikes_across_projects_give_no_finding(string file, string method)
    {
        var (first, last) = _solution.MethodLines(file, method);
        // The rules on model output only: a request parameter sent to the model as the question is AITG021's business.
        var inMethod = _solution.Findings.Where(f => CrossProjectSolution.OutputRules.Contains(f.Rule)
            && f.Path == CrossProjectSolution.Src + file && f.Line >= first && f.Line <= last).ToList();
        Assert.True(inMethod.Count == 0, $"{file} {method} (lines {first}-{last}) should have no finding:{Environment.NewLine}{string.Join(Environment.NewLine, inMethod)}");
    }

    [Fact]
    public void Nothing_is_reported_in_the_project_that_calls_the_model_when_it_does_nothing_unsafe_with_the_output()
    {
        var inAi = _solution.Findings.Where(f => f.Path.StartsWith(CrossProjectSolution.Src + "Ai/", StringComparison.Ordinal)
            && f.Rule is "AITG010" or "AITG011" or "AITG013" or "AITG014" or "AITG020" or "AITG022").ToList();
        Assert.True(inAi.Count == 0, string.Join(Environment.NewLine, inAi));
    }

    [Theory]
    [InlineData("AITG010", "Data/OrderQueries.cs", "@sql-direct", "Assistant.AskAsync", "Ai/Assistant.cs", "@model-call")]
    [InlineData("AITG011", "Data/Operations.cs", "@bash-command", "Completer.Complete", "Ai/Completer.cs", "@openai-call")]
    [InlineData("AITG010", "Web/AskController.cs", "@interface", "IAnswerSource.AnswerAsync", "Data/ModelAnswers.cs", "@interface-model-call")]
    [InlineData("AITG022", "Data/Grounding.cs", "@system-prompt", "Retrieval.FetchPageAsync", "Ai/Retrieval.cs", "@fetch")]
    [InlineData("AITG010", "Web/AskController.cs", "@three-deep", "Summarizer.SummarizeAsync", "Ai/Assistant.cs", "@model-call")]
    [InlineData("AITG010", "Data/OrderQueries.cs", "@sink-helper", "Assistant.AskAsync", "Ai/Assistant.cs", "@model-call")]
    public void A_cross_project_finding_names_the_source_method_and_the_model_call_in_the_other_project(
        string rule, string file, string marker, string sourceMethod, string originFile, string originMarker)
    {
        var line = _solution.LineOf(file, marker);
        var finding = _solution.Findings.SingleOrDefault(f => f.Rule == rule && f.Path == CrossProjectSolution.Src + file && f.Line == line);
        Assert.True(finding is not null, $"no {rule} at {file}:{line}; findings:{Environment.NewLine}{_solution.Describe()}");
        Assert.Contains(sourceMethod, finding!.Message, StringComparison.Ordinal);
        var origin = $"at {CrossProjectSolution.Src}{originFile}:{_solution.LineOf(originFile, originMarker)}";
        Assert.Contains(origin, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AITG010", "Data/OrderQueries.cs", "@sink-helper", "IDbCommand.CommandText in Reports.Run")]
    [InlineData("AITG020", "Web/AskController.cs", "@persona", "in Persona.AskAsPersonaAsync")]
    public void A_finding_through_a_sink_helper_of_another_project_names_the_helper(string rule, string file, string marker, string helper)
    {
        var line = _solution.LineOf(file, marker);
        var finding = _solution.Findings.SingleOrDefault(f => f.Rule == rule && f.Path == CrossProjectSolution.Src + file && f.Line == line);
        Assert.True(finding is not null, $"no {rule} at {file}:{line}; findings:{Environment.NewLine}{_solution.Describe()}");
        Assert.Contains(helper, finding!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sarif_result_of_a_cross_project_finding_names_the_model_call_as_a_related_location()
    {
        // The finding's own location is where the output is used; the model call in the other project is a related
        // location (repository-relative), which SARIF viewers show as part of the path.
        var line = _solution.LineOf("Data/OrderQueries.cs", "@sql-direct");
        var finding = _solution.Findings.Single(f => f.Rule == "AITG010" && f.Path == CrossProjectSolution.Src + "Data/OrderQueries.cs" && f.Line == line);
        Assert.True(finding.Result.TryGetProperty("relatedLocations", out var related), "no relatedLocations on " + finding);
        var modelCall = _solution.LineOf("Ai/Assistant.cs", "@model-call");
        Assert.Contains(related.EnumerateArray(), l =>
            l.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == CrossProjectSolution.Src + "Ai/Assistant.cs"
            && l.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() == modelCall);
    }

    [Fact]
    public async Task Summaries_writes_the_file_and_check_passes_when_current_and_fails_after_a_change_that_adds_a_flow()
    {
        var file = Path.Combine(_solution.Root, "aithreatgate.summaries");
        var drafts = Path.Combine(_solution.Root, "src", "Ai", "Drafts.cs");
        try
        {
            var write = await CliHarness.RunAsync(_solution.Root, "summaries", _solution.SolutionFile, "--repo", _solution.Root);
            Assert.True(write.ExitCode == 0, write.Output);
            var lines = File.ReadAllLines(file);
            Assert.Equal("# AiThreatGate summaries v1", lines[0]);
            Assert.Contains(
                $"source llm-output M:Contoso.Ai.Assistant.AskAsync(System.String) at src/Ai/Assistant.cs:{_solution.LineOf("Ai/Assistant.cs", "@model-call")} -- ",
                string.Join('\n', lines),
                StringComparison.Ordinal);
            Assert.Contains(lines, l => l.StartsWith(
                $"sink AITG010 M:Contoso.Ai.Reports.Run(System.Data.IDbCommand,System.String) #1 at src/Ai/Reports.cs:{_solution.LineOf("Ai/Reports.cs", "@sql-sink")}",
                StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("source llm-output M:Contoso.Ai.IAnswerSource.AnswerAsync(System.String) at src/Data/ModelAnswers.cs:", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("sanitizer all M:Contoso.Ai.Columns.Allowed(System.String)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("sanitizer all M:Contoso.Ai.Columns.Fixed(System.String)", StringComparison.Ordinal));

            // One line per fact: the same source or sink reached again through another path is not written twice.
            var facts = lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(" at ")[0].Split(" -- ")[0]).ToList();
            Assert.Equal(facts.Distinct(StringComparer.Ordinal).Count(), facts.Count);

            var current = await CliHarness.RunAsync(_solution.Root, "summaries", _solution.SolutionFile, "--check", "--repo", _solution.Root);
            Assert.True(current.ExitCode == 0, current.Output);

            // A change that adds a flow: a new method returning model output.
            File.WriteAllText(drafts, """
                using Microsoft.Extensions.AI;

                namespace Contoso.Ai;

                public sealed class Drafts(IChatClient chat)
                {
                    public async Task<string> WriteAsync(string topic) => (await chat.GetResponseAsync("Draft a note about " + topic)).Text;
                }
                """);
            var stale = await CliHarness.RunAsync(_solution.Root, "summaries", _solution.SolutionFile, "--check", "--repo", _solution.Root);
            Assert.True(stale.ExitCode == 1, stale.Output);
            Assert.Contains("+ source llm-output M:Contoso.Ai.Drafts.WriteAsync(System.String) at src/Ai/Drafts.cs:7", stale.StandardError, StringComparison.Ordinal);
            Assert.Equal(lines, File.ReadAllLines(file));
        }
        finally
        {
            File.Delete(drafts);
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_hand_written_summaries_file_with_a_bad_line_stops_the_scan_naming_the_file_and_line()
    {
        var project = Path.Combine(_solution.Root, "src", "Data", "Contoso.Data.csproj");
        var original = File.ReadAllText(project);
        var declared = Path.Combine(_solution.Root, "declared", "aithreatgate.summaries");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(declared)!);
            File.WriteAllText(declared, """
                # Our internal model gateway wrapper (hand-written)
                source llm-output M:Contoso.Gateway.Client.Ask(System.String)
                source llm-outptu M:X.Y
                """);
            File.WriteAllText(project, original.Replace(
                "</Project>",
                "  <ItemGroup><AdditionalFiles Include=\"../../declared/aithreatgate.summaries\" /></ItemGroup>\n</Project>",
                StringComparison.Ordinal));

            var scan = await CliHarness.RunAsync(_solution.Root, "scan", _solution.SolutionFile, "--repo", _solution.Root);
            Assert.True(scan.ExitCode == 2, scan.Output);
            Assert.Contains(declared + ":3:", scan.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(declared + ":2:", scan.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.WriteAllText(project, original);
            Directory.Delete(Path.GetDirectoryName(declared)!, recursive: true);
        }
    }
}

/// <summary>
/// The shared solution: <c>Contoso.Ai</c> (model calls over Microsoft.Extensions.AI and OpenAI, a retrieval helper, an
/// interface, a SQL sink helper, a system-prompt builder, allowlist/constant helpers), <c>Contoso.Data</c> (uses them;
/// implements the interface with a model call; a wrapper) and <c>Contoso.Web</c> (controllers using both). Made with
/// <c>dotnet new sln</c> and <c>dotnet sln add</c>, scanned once by the CLI.
/// </summary>
public sealed class CrossProjectSolution : IAsyncLifetime
{
    /// <summary>The projects' folder, relative to the repository root the scan is given.</summary>
    public const string Src = "src/";

    /// <summary>The rules whose source is model output.</summary>
    public static readonly IReadOnlySet<string> OutputRules = new HashSet<string>(StringComparer.Ordinal) { "AITG010", "AITG011", "AITG012", "AITG013", "AITG014", "AITG015", "AITG016" };

    public string Root { get; } = Directory.CreateTempSubdirectory("aitg-xp-scan-").FullName;

    public string SolutionFile { get; private set; } = string.Empty;

    public IReadOnlyList<Finding> Findings { get; private set; } = Array.Empty<Finding>();

    public async Task InitializeAsync()
    {
        var versions = CrossProjectFiles.PackageVersions();
        File.Copy(Path.Combine(RepositoryPaths.Root, "nuget.config"), Path.Combine(Root, "nuget.config"));
        CrossProjectFiles.Write(Root, "src/Ai/Contoso.Ai.csproj", CrossProjectFiles.Project(versions, aspNetCore: false, references: Array.Empty<string>(), packages: new[] { "Microsoft.Extensions.AI.Abstractions", "OpenAI" }));
        CrossProjectFiles.Write(Root, "src/Data/Contoso.Data.csproj", CrossProjectFiles.Project(versions, aspNetCore: true, references: new[] { "../Ai/Contoso.Ai.csproj" }, packages: Array.Empty<string>()));
        CrossProjectFiles.Write(Root, "src/Web/Contoso.Web.csproj", CrossProjectFiles.Project(versions, aspNetCore: true, references: new[] { "../Ai/Contoso.Ai.csproj", "../Data/Contoso.Data.csproj" }, packages: Array.Empty<string>()));
        foreach (var (path, text) in Sources)
        {
            CrossProjectFiles.Write(Root, "src/" + path, text);
        }

        SolutionFile = await CrossProjectFiles.NewSolutionAsync(Root, "Contoso", "slnx", "src/Ai/Contoso.Ai.csproj", "src/Data/Contoso.Data.csproj", "src/Web/Contoso.Web.csproj");

        var sarif = Path.Combine(Root, "scan.sarif");
        var scan = await CliHarness.RunAsync(Root, "scan", SolutionFile, "--output", sarif, "--repo", Root);
        if (scan.ExitCode != 0)
        {
            throw new InvalidOperationException("scan failed:" + Environment.NewLine + scan.Output);
        }

        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        Findings = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r =>
            {
                var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                return new Finding(
                    r.GetProperty("ruleId").GetString()!,
                    location.GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                    location.GetProperty("region").GetProperty("startLine").GetInt32(),
                    r.GetProperty("message").GetProperty("text").GetString()!,
                    r.Clone());
            })
            .ToList();
    }

    public Task DisposeAsync()
    {
        CrossProjectFiles.Delete(Root);
        return Task.CompletedTask;
    }

    /// <summary>The 1-based line of <paramref name="file"/> (under src/) holding <paramref name="marker"/>, which must occur once.</summary>
    public int LineOf(string file, string marker) => CrossProjectFiles.LineOf(Sources[file], marker);

    /// <summary>The lines from a method's declaration to the end of its body (the next blank line).</summary>
    public (int First, int Last) MethodLines(string file, string method)
    {
        var lines = Sources[file].Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var first = Array.FindIndex(lines, l => l.Contains(" " + method + "(", StringComparison.Ordinal));
        Assert.True(first >= 0, $"{method} is not in {file}");
        var last = Array.FindIndex(lines, first, l => l.Trim().Length == 0);
        return (first + 1, last < 0 ? lines.Length : last);
    }

    public string Describe() => string.Join(Environment.NewLine, Findings);

    public sealed record Finding(string Rule, string Path, int Line, string Message, JsonElement Result)
    {
        public override string ToString() => $"{Rule} {Path}:{Line} {Message}";
    }

    private static readonly Dictionary<string, string> Sources = new()
    {
        ["Ai/Assistant.cs"] = """
            using Microsoft.Extensions.AI;

            namespace Contoso.Ai;

            /// <summary>Answers questions with the configured chat model.</summary>
            public sealed class Assistant
            {
                private readonly IChatClient _chat;

                public Assistant(IChatClient chat) => _chat = chat;

                public async Task<string> AskAsync(string question)
                {
                    var response = await _chat.GetResponseAsync(question); // @model-call
                    return response.Text;
                }
            }
            """,
        ["Ai/Completer.cs"] = """
            using OpenAI.Chat;

            namespace Contoso.Ai;

            public sealed class Completer
            {
                private readonly ChatClient _client;

                public Completer(ChatClient client) => _client = client;

                public string Complete(string prompt)
                {
                    ChatCompletion completion = _client.CompleteChat(prompt); // @openai-call
                    return completion.Content[0].Text;
                }
            }
            """,
        ["Ai/Retrieval.cs"] = """
            namespace Contoso.Ai;

            /// <summary>Fetches the pages the assistant grounds its answers on.</summary>
            public static class Retrieval
            {
                public static async Task<string> FetchPageAsync(HttpClient http, string url)
                {
                    var page = await http.GetStringAsync(url); // @fetch
                    return page;
                }
            }
            """,
        ["Ai/IAnswerSource.cs"] = """
            namespace Contoso.Ai;

            public interface IAnswerSource
            {
                Task<string> AnswerAsync(string question);
            }
            """,
        ["Ai/Reports.cs"] = """
            using System.Data;

            namespace Contoso.Ai;

            public static class Reports
            {
                public static int Run(IDbCommand command, string filter)
                {
                    command.CommandText = "SELECT * FROM Orders WHERE " + filter; // @sql-sink
                    return command.ExecuteNonQuery();
                }

                public static int Export(IDbCommand command, Export export)
                {
                    command.CommandText = "SELECT * INTO " + export.Table + " FROM Orders";
                    return command.ExecuteNonQuery();
                }
            }

            /// <summary>An export: only its table goes into SQL; its notes are text for people.</summary>
            public sealed class Export
            {
                public string Table { get; set; } = "";
                public string Notes { get; set; } = "";
            }
            """,
        ["Ai/Persona.cs"] = """
            using Microsoft.Extensions.AI;

            namespace Contoso.Ai;

            public static class Persona
            {
                public static async Task<string> AskAsPersonaAsync(IChatClient chat, string persona, string question)
                {
                    var messages = new List<ChatMessage>
                    {
                        new(ChatRole.System, $"You are {persona}. Answer briefly."),
                        new(ChatRole.User, question),
                    };
                    return (await chat.GetResponseAsync(messages)).Text;
                }
            }
            """,
        ["Ai/Columns.cs"] = """
            namespace Contoso.Ai;

            /// <summary>Column names a model may suggest for sorting.</summary>
            public static class Columns
            {
                private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase) { "name", "price", "created" };

                public static string Allowed(string column) => Known.Contains(column) ? column : "name";

                public static string Fixed(string column) => column switch
                {
                    "price" => "price",
                    "created" => "created",
                    _ => "name",
                };
            }
            """,
        ["Data/OrderQueries.cs"] = """
            using System.Data;
            using Contoso.Ai;
            using Microsoft.Extensions.Logging;

            namespace Contoso.Data;

            public sealed class OrderQueries
            {
                private readonly Assistant _assistant;
                private readonly ILogger<OrderQueries> _logger;

                public OrderQueries(Assistant assistant, ILogger<OrderQueries> logger)
                {
                    _assistant = assistant;
                    _logger = logger;
                }

                public async Task<int> FilterAsync(IDbCommand command, string question)
                {
                    var filter = await _assistant.AskAsync("Write a SQL filter for: " + question);
                    command.CommandText = "SELECT * FROM Orders WHERE " + filter; // @sql-direct
                    return command.ExecuteNonQuery();
                }

                public async Task<int> FilterThroughReportsAsync(IDbCommand command, string question)
                {
                    var filter = await _assistant.AskAsync("Write a SQL filter for: " + question);
                    return Reports.Run(command, filter); // @sink-helper
                }

                public async Task<int> ExportNotesAsync(IDbCommand command, string question)
                {
                    var notes = await _assistant.AskAsync("Describe the export for: " + question);
                    return Reports.Export(command, new Export { Table = "OrdersExport", Notes = notes });
                }

                public async Task<int> ExportNamedAsync(IDbCommand command, string question)
                {
                    var table = await _assistant.AskAsync("Name a table for: " + question);
                    return Reports.Export(command, new Export { Table = table, Notes = question }); // @member-sink
                }

                public async Task<int> SortByAllowedAsync(IDbCommand command, string question)
                {
                    var column = Columns.Allowed(await _assistant.AskAsync("Which column to sort by? " + question));
                    command.CommandText = "SELECT * FROM Orders ORDER BY " + column;
                    return command.ExecuteNonQuery();
                }

                public async Task<int> SortByFixedAsync(IDbCommand command, string question)
                {
                    var column = Columns.Fixed(await _assistant.AskAsync("Which column to sort by? " + question));
                    command.CommandText = "SELECT * FROM Orders ORDER BY " + column;
                    return Reports.Run(command, column);
                }

                public async Task<int> CountLoggedAsync(IDbCommand command, string question)
                {
                    var answer = await _assistant.AskAsync(question);
                    _logger.LogInformation("The assistant answered {Length} characters", answer.Length);
                    if (answer.Length > 2000)
                    {
                        return 0;
                    }
                    command.CommandText = "SELECT COUNT(*) FROM Orders";
                    return command.ExecuteNonQuery();
                }
            }
            """,
        ["Data/Operations.cs"] = """
            using System.Diagnostics;
            using Contoso.Ai;
            using Microsoft.AspNetCore.Html;

            namespace Contoso.Data;

            public sealed class Operations
            {
                private readonly Assistant _assistant;
                private readonly Completer _completer;

                public Operations(Assistant assistant, Completer completer)
                {
                    _assistant = assistant;
                    _completer = completer;
                }

                public async Task RunGitAsync(string goal)
                {
                    var arguments = await _assistant.AskAsync("git arguments for: " + goal);
                    Process.Start("git", arguments); // @git-command
                }

                public void RunScript(string goal)
                {
                    var script = _completer.Complete("A bash one-liner for: " + goal);
                    Process.Start("bash", "-c \"" + script + "\""); // @bash-command
                }

                public async Task<string> ReadSuggestedAsync(string question)
                {
                    var path = await _assistant.AskAsync("Which file answers: " + question);
                    return File.ReadAllText(path); // @path
                }

                public async Task<HtmlString> GreetingAsync(string name)
                {
                    var html = await _assistant.AskAsync("Greet " + name + " in HTML");
                    return new HtmlString(html); // @html
                }
            }
            """,
        ["Data/Grounding.cs"] = """
            using Contoso.Ai;
            using Microsoft.Extensions.AI;

            namespace Contoso.Data;

            public static class Grounding
            {
                public static async Task<string> AnswerFromPageAsync(IChatClient chat, HttpClient http, string url, string question)
                {
                    var page = await Retrieval.FetchPageAsync(http, url);
                    var messages = new List<ChatMessage>
                    {
                        new(ChatRole.System, "Answer only from this page:\n" + page), // @system-prompt
                        new(ChatRole.User, question),
                    };
                    return (await chat.GetResponseAsync(messages)).Text;
                }
            }
            """,
        ["Data/ModelAnswers.cs"] = """
            using Contoso.Ai;
            using Microsoft.Extensions.AI;

            namespace Contoso.Data;

            /// <summary>The model-backed implementation of Contoso.Ai's interface.</summary>
            public sealed class ModelAnswers : IAnswerSource
            {
                private readonly IChatClient _chat;

                public ModelAnswers(IChatClient chat) => _chat = chat;

                public async Task<string> AnswerAsync(string question)
                {
                    var response = await _chat.GetResponseAsync(question); // @interface-model-call
                    return response.Text;
                }
            }

            /// <summary>A second implementation, over the assistant: the interface's facts are found again, not new.</summary>
            public sealed class RelayedAnswers : IAnswerSource
            {
                private readonly Assistant _assistant;

                public RelayedAnswers(Assistant assistant) => _assistant = assistant;

                public Task<string> AnswerAsync(string question) => _assistant.AskAsync(question);
            }
            """,
        ["Data/Summarizer.cs"] = """
            using Contoso.Ai;

            namespace Contoso.Data;

            /// <summary>A wrapper over Contoso.Ai's assistant.</summary>
            public sealed class Summarizer
            {
                private readonly Assistant _assistant;

                public Summarizer(Assistant assistant) => _assistant = assistant;

                public async Task<string> SummarizeAsync(string text)
                {
                    var summary = await _assistant.AskAsync("Summarize as a SQL filter: " + text);
                    return summary.Trim();
                }
            }
            """,
        ["Web/AskController.cs"] = """
            using System.Data;
            using Contoso.Ai;
            using Contoso.Data;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;

            namespace Contoso.Web;

            [ApiController]
            [Route("ask")]
            public sealed class AskController : ControllerBase
            {
                private readonly IAnswerSource _answers;
                private readonly Summarizer _summarizer;
                private readonly Assistant _assistant;
                private readonly IChatClient _chat;
                private readonly IDbConnection _db;

                public AskController(IAnswerSource answers, Summarizer summarizer, Assistant assistant, IChatClient chat, IDbConnection db)
                {
                    _answers = answers;
                    _summarizer = summarizer;
                    _assistant = assistant;
                    _chat = chat;
                    _db = db;
                }

                [HttpGet("orders")]
                public async Task<int> Orders(string question)
                {
                    var filter = await _answers.AnswerAsync(question);
                    using var command = _db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders WHERE " + filter; // @interface
                    return command.ExecuteNonQuery();
                }

                [HttpGet("summary")]
                public async Task<int> Summary(string text)
                {
                    var filter = await _summarizer.SummarizeAsync(text);
                    using var command = _db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders WHERE " + filter; // @three-deep
                    return command.ExecuteNonQuery();
                }

                [HttpGet("sorted")]
                public async Task<int> SortByAllowedColumn(string question)
                {
                    var column = Columns.Allowed(await _assistant.AskAsync(question));
                    using var command = _db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders ORDER BY " + column;
                    return command.ExecuteNonQuery();
                }

                [HttpPost("persona")]
                public Task<string> AsPersona(string persona, string question) =>
                    Persona.AskAsPersonaAsync(_chat, persona, question); // @persona
            }
            """,
    };
}

/// <summary>
/// The round trip a team without the CLI in its build relies on: <c>summaries</c> writes <c>aithreatgate.summaries</c>
/// beside the solution, and a plain <c>dotnet build</c> of the project that uses the model output, with the packed
/// analyzer package, reports the flow from the other project; without the file the same build reports nothing.
/// </summary>
public sealed class CrossProjectBuildTests
{
    [Fact]
    [Trait("Cost", "Slow")]
    public async Task A_plain_build_with_the_analyzer_package_reports_the_cross_project_flow_only_with_the_summaries_file()
    {
        var versions = CrossProjectFiles.PackageVersions();
        var root = Directory.CreateTempSubdirectory("aitg-xp-build-").FullName;
        try
        {
            // The package as the README packs it, under a version of its own: NuGet's global packages folder would
            // otherwise serve a package packed by an earlier run under the repository's version.
            var feed = Path.Combine(root, "feed");
            var version = RepositoryPaths.BuildProperty("Version") + "-xp" + DateTime.UtcNow.Ticks;
            var pack = await ProcessRunner.RunAsync(
                "dotnet",
                new[] { "pack", "analyzers/AiThreatGate.Analyzers.Package", "-c", "Release", "-o", feed, "-p:Version=" + version },
                RepositoryPaths.Root,
                timeout: TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:" + Environment.NewLine + pack.Output);

            var config = XDocument.Load(Path.Combine(RepositoryPaths.Root, "nuget.config"));
            config.Root!.Element("packageSources")!.Add(new XElement("add", new XAttribute("key", "aithreatgate"), new XAttribute("value", feed)));
            config.Save(Path.Combine(root, "nuget.config"));

            CrossProjectFiles.Write(root, "src/Ai/Contoso.Ai.csproj", CrossProjectFiles.Project(versions, aspNetCore: false, references: Array.Empty<string>(), packages: new[] { "Microsoft.Extensions.AI.Abstractions" }));
            CrossProjectFiles.Write(root, "src/Ai/Assistant.cs", Assistant);
            CrossProjectFiles.Write(root, "src/Data/Contoso.Data.csproj", CrossProjectFiles.Project(
                versions,
                aspNetCore: false,
                references: new[] { "../Ai/Contoso.Ai.csproj" },
                packages: Array.Empty<string>(),
                extra: $"    <PackageReference Include=\"AiThreatGate.Analyzers\" Version=\"{version}\" PrivateAssets=\"all\" />{Environment.NewLine}"));
            CrossProjectFiles.Write(root, "src/Data/Contoso.Data.csproj", File.ReadAllText(Path.Combine(root, "src/Data/Contoso.Data.csproj")).Replace(
                "</PropertyGroup>",
                $"  <ErrorLog>{Path.Combine(root, "build.sarif")},version=2.1</ErrorLog>{Environment.NewLine}  </PropertyGroup>",
                StringComparison.Ordinal));
            CrossProjectFiles.Write(root, "src/Data/OrderQueries.cs", OrderQueries);
            var solution = await CrossProjectFiles.NewSolutionAsync(root, "Contoso", "sln", "src/Ai/Contoso.Ai.csproj", "src/Data/Contoso.Data.csproj");
            var project = Path.Combine(root, "src", "Data", "Contoso.Data.csproj");

            // Without the file the build sees one project only: the model call is in another one.
            var without = await ProcessRunner.RunAsync("dotnet", new[] { "build", project, "--no-incremental" }, root, timeout: TimeSpan.FromMinutes(5));
            Assert.True(without.ExitCode == 0, without.Output);
            Assert.DoesNotContain("AITG010", without.Output, StringComparison.Ordinal);

            var summaries = await CliHarness.RunAsync(root, "summaries", solution, "--repo", root);
            Assert.True(summaries.ExitCode == 0, summaries.Output);
            Assert.True(File.Exists(Path.Combine(root, "aithreatgate.summaries")), summaries.Output);

            var with = await ProcessRunner.RunAsync("dotnet", new[] { "build", project, "--no-incremental" }, root, timeout: TimeSpan.FromMinutes(5));
            Assert.True(with.ExitCode == 0, with.Output);
            var modelCall = CrossProjectFiles.LineOf(Assistant, "@model-call");
            var warnings = with.Output.Split('\n').Where(l => l.Contains("warning AITG010", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToList();
            foreach (var marker in new[] { "@sql-direct", "@sink-helper" })
            {
                var at = $"OrderQueries.cs({CrossProjectFiles.LineOf(OrderQueries, marker)},";
                Assert.True(warnings.Any(w => w.Contains(at, StringComparison.Ordinal)), $"no AITG010 at {at} ({marker}):{Environment.NewLine}{with.Output}");
            }

            var direct = warnings.First(w => w.Contains($"OrderQueries.cs({CrossProjectFiles.LineOf(OrderQueries, "@sql-direct")},", StringComparison.Ordinal));
            Assert.Contains($"Assistant.AskAsync", direct, StringComparison.Ordinal);
            Assert.Contains($"at src/Ai/Assistant.cs:{modelCall}", direct, StringComparison.Ordinal);
            var safe = CrossProjectFiles.LineOf(OrderQueries, "@safe");
            Assert.DoesNotContain(warnings, w => w.Contains($"OrderQueries.cs({safe},", StringComparison.Ordinal));

            // The compiler's SARIF log carries the model call in the other project as the finding's related location.
            using var log = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "build.sarif")));
            var result = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .First(r => r.GetProperty("ruleId").GetString() == "AITG010"
                    && r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() == CrossProjectFiles.LineOf(OrderQueries, "@sql-direct"));
            Assert.True(result.TryGetProperty("relatedLocations", out var related), result.ToString());
            Assert.Contains(related.EnumerateArray(), l =>
                l.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!.EndsWith("src/Ai/Assistant.cs", StringComparison.Ordinal)
                && l.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() == modelCall);
        }
        finally
        {
            CrossProjectFiles.Delete(root);
        }
    }

    private const string Assistant = """
        using Microsoft.Extensions.AI;

        namespace Contoso.Ai;

        public sealed class Assistant(IChatClient chat)
        {
            public async Task<string> AskAsync(string question)
            {
                var response = await chat.GetResponseAsync(question); // @model-call
                return response.Text;
            }
        }

        public static class Reports
        {
            public static int Run(System.Data.IDbCommand command, string filter)
            {
                command.CommandText = "SELECT * FROM Orders WHERE " + filter;
                return command.ExecuteNonQuery();
            }
        }
        """;

    private const string OrderQueries = """
        using System.Data;
        using Contoso.Ai;

        namespace Contoso.Data;

        public sealed class OrderQueries(Assistant assistant)
        {
            public async Task<int> FilterAsync(IDbCommand command, string question)
            {
                var filter = await assistant.AskAsync(question);
                command.CommandText = "SELECT * FROM Orders WHERE " + filter; // @sql-direct
                return command.ExecuteNonQuery();
            }

            public async Task<int> ReportAsync(IDbCommand command, string question)
            {
                var filter = await assistant.AskAsync(question);
                return Reports.Run(command, filter); // @sink-helper
            }

            public async Task<int> CountAsync(IDbCommand command, string question)
            {
                var answer = await assistant.AskAsync(question);
                command.CommandText = "SELECT COUNT(*) FROM Orders WHERE Length > " + answer.Length; // @safe
                return command.ExecuteNonQuery();
            }
        }
        """;
}

/// <summary>Files and commands the cross-project tests share: projects at the repository's package versions, a solution made by the SDK.</summary>
internal static class CrossProjectFiles
{
    public static Dictionary<string, string> PackageVersions() =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);

    public static string Project(IReadOnlyDictionary<string, string> versions, bool aspNetCore, IEnumerable<string> references, IEnumerable<string> packages, string extra = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <NoWarn>$(NoWarn);NU1603</NoWarn>
          </PropertyGroup>
          <ItemGroup>
        {(aspNetCore ? "    <FrameworkReference Include=\"Microsoft.AspNetCore.App\" />" + Environment.NewLine : string.Empty)}{string.Concat(packages.Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{versions[id]}\" />" + Environment.NewLine))}{string.Concat(references.Select(r => $"    <ProjectReference Include=\"{r}\" />" + Environment.NewLine))}{extra}  </ItemGroup>
        </Project>
        """;

    public static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary><c>dotnet new sln</c> and <c>dotnet sln add</c>, as a user makes a solution; returns the file (.sln or .slnx).</summary>
    public static async Task<string> NewSolutionAsync(string root, string name, string format, params string[] projects)
    {
        await DotnetAsync(root, "new", "sln", "-n", name, "--format", format);
        var solution = Path.Combine(root, name + "." + format);
        Assert.True(File.Exists(solution), solution);
        await DotnetAsync(root, new[] { "sln", solution, "add" }.Concat(projects).ToArray());
        return solution;
    }

    public static async Task<ProcessResult> DotnetAsync(string directory, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, directory, timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet " + string.Join(' ', arguments) + " failed:" + Environment.NewLine + result.Output);
        }

        return result;
    }

    public static int LineOf(string text, string marker)
    {
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"'{marker}' occurs {found.Count} times");
        return found[0] + 1;
    }

    public static void Delete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
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
