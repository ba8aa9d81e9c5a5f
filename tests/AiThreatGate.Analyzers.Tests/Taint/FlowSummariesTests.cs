using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using AiThreatGate.Analyzers.Taint;
using AiThreatGate.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Taint;

/// <summary>
/// Summaries as data (docs/summaries.md): the file format, the summaries one project's code gives
/// (<see cref="SolutionSummaries"/>), and the analyzers reading them where another project uses that code — a model
/// called in one assembly, its output executed as SQL in another that references it only as metadata, as in a build.
/// </summary>
public sealed class FlowSummariesTests
{
    // The AI service library: a model call behind an interface, a data-access method, and two helpers whose results
    // carry none of their arguments (an allowlist, a constant), and a DTO the service fills with the answer.
    private const string ServiceLibrary = """
        using System.Data;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Ai;

        public interface IChatService { Task<string> AskAsync(string question); }

        public sealed class Reply { public string Text { get; set; } = ""; public int Tokens { get; set; } }

        public sealed class ChatService : IChatService
        {
            private readonly IChatClient _client;
            public ChatService(IChatClient client) => _client = client;

            public async Task<string> AskAsync(string question)
            {
                var response = await _client.GetResponseAsync(question);
                return response.Text;
            }

            public async Task<Reply> ReplyAsync(string question)
            {
                var reply = new Reply();
                reply.Text = (await _client.GetResponseAsync(question)).Text;
                return reply;
            }

            public string Greeting() => "Hello";
        }

        public sealed class Reports
        {
            private readonly IDbConnection _db;
            public Reports(IDbConnection db) => _db = db;

            public void Run(string filter, int limit)
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT TOP " + limit + " * FROM Orders WHERE " + filter;
                command.ExecuteNonQuery();
            }

            public void RunSafely(string filter)
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT * FROM Orders WHERE Status = @status";
                var parameter = command.CreateParameter();
                parameter.Value = filter;
                command.Parameters.Add(parameter);
                command.ExecuteNonQuery();
            }
        }

        public static class Columns
        {
            private static readonly string[] Allowed = { "Name", "Created" };
            public static string Safe(string column) => Allowed.Contains(column) ? column : "Name";
            public static string Fixed(string hint) => "ORDER BY Created";
            public static string Trimmed(string column) => column.Trim();
        }

        public sealed class Export
        {
            public string Table { get; set; } = "";
            public string Notes { get; set; } = "";
            public string Label => Table + " export";
        }

        public sealed class Exporter
        {
            private readonly IDbConnection _db;
            public Exporter(IDbConnection db) => _db = db;

            public void Run(Export export)
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT * FROM " + export.Table + " -- " + export.Label.Length;
                command.ExecuteNonQuery();
            }

            public void RunLabelled(Export export)
            {
                using var command = _db.CreateCommand();
                command.CommandText = "SELECT * FROM " + export.Label;
                command.ExecuteNonQuery();
            }
        }

        public sealed class Scores
        {
            private readonly IChatClient _client;
            public Scores(IChatClient client) => _client = client;
            public async Task<int> ScoreAsync(string question) => System.Convert.ToInt32((await _client.GetResponseAsync(question)).Text);
        }
        """;

    [Fact]
    public void Entries_round_trip_through_the_file_format()
    {
        var entries = new[]
        {
            new FlowSummary(FlowSummaryVerb.Source, "llm-output", "M:Contoso.Ai.ChatService.AskAsync(System.String)", origin: "src/Contoso.Ai/ChatService.cs:19", description: "ChatClientExtensions.GetResponseAsync"),
            new FlowSummary(FlowSummaryVerb.Sink, "AITG010", "M:Contoso.Ai.Reports.Run(System.String,System.Int32)", 0, "src/My Folder/Reports.cs:7", "IDbCommand.CommandText"),
            new FlowSummary(FlowSummaryVerb.Sanitizer, "all", "M:Contoso.Ai.Columns.Safe(System.String)"),
            new FlowSummary(FlowSummaryVerb.Sink, "AITG010", "M:Contoso.Ai.Exporter.Run(Contoso.Ai.Export)", 0, description: "IDbCommand.CommandText", members: "Table"),
            new FlowSummary(FlowSummaryVerb.Sink, "AITG013", "M:Contoso.Ai.Store.Archive(Contoso.Ai.Attachment)", 0, members: "Content,FileName"),
            new FlowSummary(FlowSummaryVerb.Source, "external-content", "P:Contoso.Ai.Page.Body"),
        };

        var text = FlowSummaryFile.Write(entries.Concat(entries));
        var (parsed, errors) = FlowSummaryFile.Parse(text);

        Assert.Empty(errors);
        Assert.StartsWith(FlowSummaryFile.Header + "\n", text, StringComparison.Ordinal);
        Assert.Equal(entries.OrderBy(e => e.Symbol, StringComparer.Ordinal), parsed.OrderBy(e => e.Symbol, StringComparer.Ordinal));

        // Sorted and without duplicates, so that a fresh run changes the file only where a fact changed.
        var lines = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal(6, lines.Count);
        Assert.Contains("sink AITG013 M:Contoso.Ai.Store.Archive(Contoso.Ai.Attachment) #0.Content,FileName", lines);
        Assert.Contains("sink AITG010 M:Contoso.Ai.Exporter.Run(Contoso.Ai.Export) #0.Table -- IDbCommand.CommandText", lines);
        Assert.Equal(lines.OrderBy(l => l, StringComparer.Ordinal), lines);
    }

    [Theory]
    [InlineData("source llm-outptu M:A.B.C", "unknown source kind 'llm-outptu'")]
    [InlineData("sink AITG010 M:A.B.C(System.String)", "'#0' for the first")]
    [InlineData("sink SQL M:A.B.C(System.String) #0", "'SQL' is not a rule ID")]
    [InlineData("sink AITG010 M:A.B.C(A.D) #0.", "'' is not a list of member names")]
    [InlineData("sink AITG010 M:A.B.C(A.D) #0.Table.Name", "'Table.Name' is not a list of member names")]
    [InlineData("sink AITG010 M:A.B.C(A.D) #0.Table,", "'Table,' is not a list of member names")]
    [InlineData("sink AITG010 M:A.B.C(A.D) #x.Table", "'#0' for the first")]
    [InlineData("sanitizer all T:A.B", "not the documentation ID of a method")]
    [InlineData("source llm-output A.B.C", "not the documentation ID of a method, property or field")]
    [InlineData("returns llm-output M:A.B.C", "unknown entry 'returns'")]
    [InlineData("source llm-output M:A.B.C at src/x.cs", "is not a path:line")]
    [InlineData("source llm-output M:A.B.C extra", "unexpected 'extra'")]
    public void A_line_that_cannot_be_read_is_an_error_with_its_line_number(string line, string message)
    {
        var (entries, errors) = FlowSummaryFile.Parse("# comment\n\nsanitizer all M:A.B.Ok(System.String)\n" + line + "\n");

        Assert.Single(entries);
        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_summarizes_its_model_calls_sinks_and_sanitizing_helpers_for_the_projects_that_use_it()
    {
        var entries = SolutionSummaries.Compute(Library(), EmptyOptions, path => path.Replace("/src/", string.Empty, StringComparison.Ordinal), CancellationToken.None)
            .Select(FlowSummaryFile.Format).ToList();

        // The model call, under the implementation and the interface a caller in another project may use.
        Assert.Contains("source llm-output M:Contoso.Ai.ChatService.AskAsync(System.String) at Contoso.Ai/ChatService.cs:19 -- ChatClientExtensions.GetResponseAsync", entries);
        Assert.Contains("source llm-output M:Contoso.Ai.IChatService.AskAsync(System.String) at Contoso.Ai/ChatService.cs:19 -- ChatClientExtensions.GetResponseAsync", entries);
        Assert.Contains(entries, e => e.StartsWith("source llm-output P:Contoso.Ai.Reply.Text ", StringComparison.Ordinal));
        Assert.Contains("sink AITG010 M:Contoso.Ai.Reports.Run(System.String,System.Int32) #0 at Contoso.Ai/ChatService.cs:41 -- IDbCommand.CommandText", entries);
        Assert.Contains("sanitizer all M:Contoso.Ai.Columns.Safe(System.String)", entries);

        // One member of a parameter reaches the SQL: named, so that callers are checked in that member only; a computed
        // property (Label, from Table) is the whole object, and its Length (a number) is no path at all.
        Assert.Contains(entries, e => e.StartsWith("sink AITG010 M:Contoso.Ai.Exporter.Run(Contoso.Ai.Export) #0.Table at ", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith("sink AITG010 M:Contoso.Ai.Exporter.RunLabelled(Contoso.Ai.Export) #0 at ", StringComparison.Ordinal));
        Assert.Contains("sanitizer all M:Contoso.Ai.Columns.Fixed(System.String)", entries);

        // Safe look-alikes: a constant-returning method, a number (also awaited), a parameterized query, a helper that passes its argument on.
        Assert.DoesNotContain(entries, e => e.Contains("Greeting", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("source llm-output M:Contoso.Ai.Scores.ScoreAsync", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("P:Contoso.Ai.Reply.Tokens", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Reports.Run(System.String,System.Int32) #1", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("RunSafely", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Trimmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Model_output_from_another_project_reaches_sql_where_its_summaries_are_given()
    {
        var library = Library();
        var summaries = FlowSummaryFile.Write(SolutionSummaries.Compute(library, EmptyOptions, path => path.Replace("/src/", string.Empty, StringComparison.Ordinal), CancellationToken.None));

        var diagnostics = await RunAsync(new LlmOutputToSqlAnalyzer(), """
            using System.Data;
            using System.Threading.Tasks;
            using Contoso.Ai;

            public static class Orders
            {
                public static async Task Direct(IChatService chat, IDbConnection db)
                {
                    var filter = await chat.AskAsync("Write a filter for late orders");
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders WHERE " + filter;
                }

                public static async Task ThroughTheLibrary(ChatService chat, Reports reports) =>
                    reports.Run(await chat.AskAsync("Write a filter"), 10);

                public static async Task FromTheReply(ChatService chat, IDbConnection db)
                {
                    var reply = await chat.ReplyAsync("Write a filter");
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders WHERE " + reply.Text;
                }

                public static async Task Allowlisted(IChatService chat, IDbConnection db)
                {
                    var column = Columns.Safe(await chat.AskAsync("Which column?"));
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT " + column + " FROM Orders";
                }

                public static async Task Constant(IChatService chat, IDbConnection db)
                {
                    var order = Columns.Fixed(await chat.AskAsync("Which order?"));
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders " + order;
                }

                public static async Task Parameterized(IChatService chat, Reports reports) =>
                    reports.RunSafely(await chat.AskAsync("Which status?"));

                public static void Greeting(ChatService chat, IDbConnection db)
                {
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT * FROM Greetings WHERE Text = '" + chat.Greeting() + "'";
                }
            }
            """,
            library,
            summaries);

        Assert.Equal(new[] { 11, 15, 21 }, diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).OrderBy(l => l));
        var direct = diagnostics.Single(d => d.Location.GetLineSpan().StartLinePosition.Line == 10);
        Assert.Contains("'IChatService.AskAsync (ChatClientExtensions.GetResponseAsync at Contoso.Ai/ChatService.cs:19)'", direct.GetMessage(), StringComparison.Ordinal);

        // The model call in the other project is an additional location, resolved against the summaries file's folder.
        Assert.Contains(direct.AdditionalLocations, l => l.GetLineSpan().Path == "/src/Contoso.Ai/ChatService.cs" && l.GetLineSpan().StartLinePosition.Line == 18);
        var throughLibrary = diagnostics.Single(d => d.Location.GetLineSpan().StartLinePosition.Line == 14);
        Assert.Contains("IDbCommand.CommandText in Reports.Run", throughLibrary.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(throughLibrary.AdditionalLocations, l => l.GetLineSpan().Path == "/src/Contoso.Ai/ChatService.cs" && l.GetLineSpan().StartLinePosition.Line == 40);
    }

    [Fact]
    public async Task Without_summaries_the_other_projects_flow_is_not_seen()
    {
        var diagnostics = await RunAsync(new LlmOutputToSqlAnalyzer(), """
            using System.Data;
            using System.Threading.Tasks;
            using Contoso.Ai;

            public static class Orders
            {
                public static async Task Direct(IChatService chat, IDbConnection db)
                {
                    var filter = await chat.AskAsync("Write a filter for late orders");
                    using var command = db.CreateCommand();
                    command.CommandText = "SELECT * FROM Orders WHERE " + filter;
                }
            }
            """,
            Library(),
            summaries: null);

        Assert.Empty(diagnostics);
    }

    /// <summary>
    /// A member summary across projects: the library's <c>Exporter.Run</c> puts only <c>export.Table</c> into SQL. An
    /// export this project builds with a fixed table and the model's answer as notes is safe; one whose table the model
    /// names, or one deserialized from the answer, is not; the method that reads a computed property counts the whole export.
    /// </summary>
    [Fact]
    public async Task A_member_summary_checks_the_callers_object_in_that_member_only()
    {
        var library = Library();
        var summaries = FlowSummaryFile.Write(SolutionSummaries.Compute(library, EmptyOptions, path => path.Replace("/src/", string.Empty, StringComparison.Ordinal), CancellationToken.None));

        var diagnostics = await RunAsync(new LlmOutputToSqlAnalyzer(), """
            using System.Text.Json;
            using System.Threading.Tasks;
            using Contoso.Ai;

            public static class Exports
            {
                public static async Task Run(IChatService chat, Exporter exporter)
                {
                    var answer = await chat.AskAsync("Summarize the late orders");
                    exporter.Run(new Export { Table = "Orders", Notes = answer });
                    var draft = new Export { Table = "Orders" };
                    draft.Notes = answer;
                    exporter.Run(draft);

                    exporter.Run(new Export { Table = answer });
                    var renamed = new Export { Table = "Orders" };
                    renamed.Table = answer;
                    exporter.Run(renamed);
                    exporter.Run(JsonSerializer.Deserialize<Export>(answer)!);
                    exporter.RunLabelled(new Export { Table = "Orders", Notes = answer });
                }
            }
            """,
            library,
            summaries);

        Assert.Equal(new[] { 15, 18, 19, 20 }, diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).OrderBy(l => l));
    }

    [Fact]
    public async Task A_team_lists_its_own_wrapper_by_hand_in_the_global_option()
    {
        // An internal wrapper of a model backend reached over HTTP: no SDK in sight, so only the team can say it.
        var diagnostics = await RunAsync(new LlmOutputToCommandAnalyzer(), """
            using System.Diagnostics;
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace Contoso.Web;

            public sealed class AssistantGateway
            {
                private readonly HttpClient _http;
                public AssistantGateway(HttpClient http) => _http = http;
                public Task<string> SuggestAsync(string goal) => _http.GetStringAsync("/assistant?goal=" + System.Uri.EscapeDataString(goal));
            }

            public static class Tasks
            {
                public static async Task Run(AssistantGateway gateway) => Process.Start("bash", await gateway.SuggestAsync("clean up"));
                public static async Task Echo(AssistantGateway gateway) => System.Console.WriteLine(await gateway.SuggestAsync("clean up"));
            }
            """,
            reference: null,
            summaries: null,
            globalOptions: "aithreatgate.summaries = source llm-output M:Contoso.Web.AssistantGateway.SuggestAsync(System.String) -- the assistant backend; sanitizer all M:Contoso.Web.Nothing.Here(System.String)");

        var finding = Assert.Single(diagnostics);
        Assert.Equal("AITG011", finding.Id);
        Assert.Contains("AssistantGateway.SuggestAsync (the assistant backend)", finding.GetMessage(), StringComparison.Ordinal);
    }

    // The Azure AI Search sample's Shared project: a search service behind an interface returns records of the
    // documents' fields (an array, awaited), and a count of the documents (a number: no source).
    private const string SearchLibrary = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Azure.Search.Documents;
        using Azure.Search.Documents.Models;

        namespace Contoso.Search;

        public record SupportingContentRecord(string Title, string Content);

        public interface ISearchService
        {
            Task<SupportingContentRecord[]> QueryDocumentsAsync(string? query, CancellationToken cancellationToken);
            Task<long> CountAsync(string query);
            SupportingContentRecord Placeholder(string title);
        }

        public sealed class AzureSearchService(SearchClient searchClient) : ISearchService
        {
            public async Task<SupportingContentRecord[]> QueryDocumentsAsync(string? query, CancellationToken cancellationToken)
            {
                var result = (await searchClient.SearchAsync<SearchDocument>(query, new SearchOptions { Size = 3 }, cancellationToken)).Value;
                var records = new List<SupportingContentRecord>();
                foreach (var doc in result.GetResults())
                {
                    doc.Document.TryGetValue("sourcepage", out var page);
                    string? contentValue;
                    try
                    {
                        if (query == "captions")
                        {
                            contentValue = string.Join(" . ", doc.SemanticSearch.Captions.Select(c => c.Text));
                        }
                        else
                        {
                            doc.Document.TryGetValue("content", out var value);
                            contentValue = (string)value;
                        }
                    }
                    catch (System.ArgumentNullException)
                    {
                        contentValue = null;
                    }

                    if (page is string sourcePage && contentValue is string content)
                    {
                        content = content.Replace('\r', ' ');
                        records.Add(new SupportingContentRecord(sourcePage, content));
                    }
                }

                return [.. records];
            }

            public async Task<long> CountAsync(string query) => (await searchClient.SearchAsync<SearchDocument>(query)).Value.TotalCount ?? 0;

            public SupportingContentRecord Placeholder(string title) => new(title, "no source available.");
        }
        """;

    [Fact]
    public async Task Records_a_search_service_of_another_project_returns_are_external_content()
    {
        var library = CSharpCompilation.Create(
            "Contoso.Search",
            new[] { CSharpSyntaxTree.ParseText(SearchLibrary, TestCompilation.ParseOptions, path: "/src/Contoso.Search/AzureSearchService.cs") },
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        TestCompilation.AssertCompiles(library);
        var entries = SolutionSummaries.Compute(library, EmptyOptions, path => path.Replace("/src/", string.Empty, StringComparison.Ordinal), CancellationToken.None);
        var lines = entries.Select(FlowSummaryFile.Format).ToList();
        Assert.Contains(lines, e => e.StartsWith("source external-content M:Contoso.Search.ISearchService.QueryDocumentsAsync(System.String,System.Threading.CancellationToken) at ", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.StartsWith("source external-content M:Contoso.Search.AzureSearchService.QueryDocumentsAsync(System.String,System.Threading.CancellationToken) at ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, e => e.Contains("CountAsync", StringComparison.Ordinal) || e.Contains("Placeholder", StringComparison.Ordinal));

        var diagnostics = await RunAsync(new ExternalContentInPromptAnalyzer(), """
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Contoso.Search;
            using Microsoft.SemanticKernel.ChatCompletion;

            public sealed class ChatService(ISearchService search, IChatCompletionService chat)
            {
                public async Task<string> ReplyAsync(string query, CancellationToken cancellationToken)
                {
                    var documents = await search.QueryDocumentsAsync(query, cancellationToken);
                    var sources = documents.Length == 0 ? "no source available." : string.Join("\r", documents.Select(x => $"{x.Title}:{x.Content}"));
                    var history = new ChatHistory("You answer questions about the handbook.");
                    history.AddUserMessage($"## Source ##\n{sources}\n## End ##");
                    history.AddUserMessage($"{await search.CountAsync(query)} documents, {search.Placeholder("none").Content}");
                    var answer = await chat.GetChatMessageContentAsync(history, cancellationToken: cancellationToken);
                    return answer.Content ?? "";
                }
            }
            """,
            library,
            FlowSummaryFile.Write(entries));

        var finding = Assert.Single(diagnostics);
        Assert.Equal("AITG022", finding.Id);
        Assert.Equal(14, finding.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    private static readonly AnalyzerOptions EmptyOptions = new(ImmutableArray<AdditionalText>.Empty);

    private static CSharpCompilation Library()
    {
        var compilation = CSharpCompilation.Create(
            "Contoso.Ai",
            new[] { CSharpSyntaxTree.ParseText(ServiceLibrary, TestCompilation.ParseOptions, path: "/src/Contoso.Ai/ChatService.cs") },
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        TestCompilation.AssertCompiles(compilation);
        return compilation;
    }

    private static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source, Compilation? reference, string? summaries, string? globalOptions = null)
    {
        var test = new AitgAnalyzerTest<LlmOutputToSqlAnalyzer>();
        test.Configure(new[] { ("/src/Contoso.App/Orders.cs", source) }, null);
        if (reference is not null)
        {
            // Metadata, as a build gives a referenced project: no syntax of the library is visible.
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(Emit(reference)));
        }

        if (summaries is not null)
        {
            test.TestState.AdditionalFiles.Add(("/src/" + FlowSummaryFile.FileName, SourceText.From(summaries)));
        }

        if (globalOptions is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/summaries.globalconfig", SourceText.From("is_global = true\n" + globalOptions + "\n")));
        }

        test.CaptureWith(analyzer);
        await test.RunAsync();
        return test.Reported;
    }

    private static ImmutableArray<byte> Emit(Compilation compilation)
    {
        using var stream = new System.IO.MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return stream.ToArray().ToImmutableArray();
    }
}
