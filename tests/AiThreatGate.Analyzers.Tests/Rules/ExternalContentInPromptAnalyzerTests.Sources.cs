using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.ExternalContentInPromptAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>
/// AITG022 with the retrieval and tool sources of real code: MCP tool results, resources and prompts
/// (ModelContextProtocol 2.4.0), Azure AI Search (Azure.Search.Documents 11.5.1), vector-store results handed to a
/// helper (Microsoft.Extensions.VectorData), database rows, and the application's own retrieval service.
/// </summary>
public sealed partial class ExternalContentInPromptAnalyzerTests
{
    public static TheoryData<string> FlaggedSources => new()
    {
        // An MCP tool's result placed in the instructions.
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using ModelContextProtocol.Client;
        using ModelContextProtocol.Protocol;
        static class Agent
        {
            public static async Task<ChatMessage> Context(McpClient client)
            {
                var result = await client.CallToolAsync("fetch_issue");
                var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));
                return new ChatMessage(ChatRole.System, [|"Issue:\n" + text|]);
            }
        }
        """,
        // An MCP resource read into a prompt.
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using ModelContextProtocol.Client;
        using ModelContextProtocol.Protocol;
        static class Agent
        {
            public static async Task<string> Summarize(McpClient client, IChatClient chat)
            {
                var resource = await client.ReadResourceAsync("file:///notes.md");
                var text = resource.Contents.OfType<TextResourceContents>().First().Text;
                return (await chat.GetResponseAsync([|"Summarize: " + text|])).Text;
            }
        }
        """,
        // Azure AI Search results (RAG) gathered into the system prompt.
        """
        using System.Text;
        using System.Threading.Tasks;
        using Azure.Search.Documents;
        using Microsoft.Extensions.AI;
        public sealed class Doc { public string Content { get; set; } = ""; }
        static class Rag
        {
            public static async Task<ChatMessage> Grounding(SearchClient search, string question)
            {
                var response = await search.SearchAsync<Doc>(question);
                var context = new StringBuilder();
                await foreach (var hit in response.Value.GetResultsAsync())
                {
                    context.AppendLine(hit.Document.Content);
                }

                return new ChatMessage(ChatRole.System, [|"Answer from these sources:\n" + context|]);
            }
        }
        """,
        // An Azure AI Search document fetched by key.
        """
        using System.Threading.Tasks;
        using Azure.Search.Documents;
        using OpenAI.Chat;
        public sealed class Doc { public string Content { get; set; } = ""; }
        static class Rag
        {
            public static async Task<ChatMessage> One(SearchClient search, string id) =>
                new SystemChatMessage([|(await search.GetDocumentAsync<Doc>(id)).Value.Content|]);
        }
        """,
        // Vector-store results handed to a helper that builds the prompt.
        """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.VectorData;
        public sealed class Doc { public string Text { get; set; } = ""; }
        static class Prompts
        {
            public static ChatMessage Grounding(IReadOnlyList<VectorSearchResult<Doc>> hits) =>
                new(ChatRole.System, [|"Use: " + string.Join("\n", hits.Select(h => h.Record.Text))|]);
        }
        """,
        // A database row (user-written review) in the prompt.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Reviews
        {
            public static async Task<string> Summarize(SqliteConnection db, IChatClient chat)
            {
                using var command = db.CreateCommand();
                command.CommandText = "SELECT Body FROM Reviews";
                using var reader = command.ExecuteReader();
                reader.Read();
                var body = reader.GetString(0);
                return (await chat.GetResponseAsync([|"Summarize this review: " + body|])).Text;
            }
        }
        """,
        // Dapper rows in the prompt.
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        static class Tickets
        {
            public static ChatMessage Context(SqliteConnection db) =>
                new SystemChatMessage([|"Open tickets:\n" + string.Join("\n", db.Query<string>("SELECT Title FROM Tickets"))|]);
        }
        """,
        // A user's uploaded document read back from the web root's upload folder: not the application's own file.
        """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.AI;
        public sealed class Summarizer(IChatClient chat, IWebHostEnvironment env)
        {
            public async Task<string> Summarize(string fileName)
            {
                var text = await File.ReadAllTextAsync(Path.Combine(env.WebRootPath, "uploads", fileName));
                return (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, [|"Document:\n" + text|]) })).Text;
            }
        }
        """,
        // A private helper's file read: one call of it passes a path the caller chose, so its content is not the app's own.
        """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed class Briefing(IChatClient chat, string promptsDirectory)
        {
            private static string Read(string path) => File.ReadAllText(path);

            public async Task<string> Ask(string documentPath)
            {
                var rules = Read(Path.Combine(promptsDirectory, "rules.txt"));
                var document = Read(documentPath);
                return (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, [|rules + document|]) })).Text;
            }
        }
        """,
        // A document at a path the caller chose.
        """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Notes
        {
            public static async Task<string> Ask(IChatClient chat, string documentPath) =>
                (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, [|"Context: " + File.ReadAllText(documentPath)|]) })).Text;
        }
        """,
    };

    public static TheoryData<string> NotFlaggedSources => new()
    {
        // The database's catalog (table and column names) in a text-to-SQL prompt, with ADO.NET and with Dapper: the schema
        // is what the application's owners created, not text a third party wrote.
        """
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class TextToSql
        {
            public static async Task<string> Sql(SqliteConnection db, IChatClient chat, string question)
            {
                var schema = new StringBuilder();
                using var command = db.CreateCommand();
                command.CommandText = "SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS ORDER BY TABLE_NAME";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    schema.AppendLine(reader.GetString(0) + "." + reader["COLUMN_NAME"]);
                }

                var tables = string.Join(", ", db.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"));
                return (await chat.GetResponseAsync(new[]
                {
                    new ChatMessage(ChatRole.System, "Write SQLite for these tables: " + tables + "\n" + schema),
                    new ChatMessage(ChatRole.User, question),
                })).Text;
            }
        }
        """,
        // The application's own prompt templates, read from its output folder and from its Prompts directory.
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed class Prompts(IChatClient chat, string promptsDirectory)
        {
            public async Task<string> Ask(string name, string question)
            {
                var system = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templates", name + ".txt"));
                var rules = await File.ReadAllTextAsync(Path.Combine(promptsDirectory, "rules.md"));
                return (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, system + rules), new ChatMessage(ChatRole.User, question) })).Text;
            }
        }
        """,
        // Prompt templates loaded by a private helper that its type calls only with files of the prompts folder.
        """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed class PromptRegistry(IChatClient chat, string promptsDirectory)
        {
            private readonly Dictionary<string, string> _templates = new();

            public void Load()
            {
                foreach (var file in Directory.GetFiles(Path.Combine(promptsDirectory, "core"), "*.txt"))
                {
                    LoadTemplateFromFile(file);
                }
            }

            private void LoadTemplateFromFile(string filePath) => _templates[Path.GetFileNameWithoutExtension(filePath)] = Read(filePath);

            private static string Read(string path) => File.ReadAllText(path);

            public async Task<string> Ask(string question) =>
                (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, Read(Path.Combine(promptsDirectory, "system.txt"))), new ChatMessage(ChatRole.User, question) })).Text;
        }
        """,
        // A number read from a row, and a row's text used outside any prompt.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Reviews
        {
            public static async Task<string> Count(SqliteConnection db, IChatClient chat)
            {
                using var command = db.CreateCommand();
                command.CommandText = "SELECT COUNT(*), Body FROM Reviews";
                using var reader = command.ExecuteReader();
                reader.Read();
                var count = reader.GetInt32(0);
                System.Console.WriteLine(reader.GetString(1));
                return (await chat.GetResponseAsync("There are " + count + " reviews; write a greeting.")).Text;
            }
        }
        """,
        // An MCP tool listing (names chosen by the app) and the search result count.
        """
        using System.Threading.Tasks;
        using Azure.Search.Documents;
        using Microsoft.Extensions.AI;
        using ModelContextProtocol.Client;
        public sealed class Doc { public string Content { get; set; } = ""; }
        static class Agent
        {
            public static async Task<ChatMessage> Context(SearchClient search, string question)
            {
                var response = await search.SearchAsync<Doc>(question);
                return new ChatMessage(ChatRole.System, "Found " + response.Value.TotalCount + " documents.");
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedSources))]
    public Task Flags_tool_results_search_results_and_rows_in_prompts(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedSources))]
    public Task Ignores_numbers_and_rows_outside_prompts(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Retrieval_service_behind_an_interface() => Verify.VerifyAsync(new[]
    {
        ("Retrieval.cs", """
            using System.Net.Http;
            using System.Threading.Tasks;
            public interface IKnowledgeSource { Task<string> LookupAsync(string topic); }
            public sealed class WebKnowledge(HttpClient http) : IKnowledgeSource
            {
                public Task<string> LookupAsync(string topic) => http.GetStringAsync("https://wiki.example/" + topic);
            }
            """),
        ("Assistant.cs", """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public sealed class Assistant(IChatClient chat, IKnowledgeSource knowledge)
            {
                public async Task<string> Answer(string topic)
                {
                    var facts = await knowledge.LookupAsync(topic);
                    return (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, [|"Facts: " + facts|]), new ChatMessage(ChatRole.User, topic) })).Text;
                }
            }
            """),
    });

    private const string SearchUsings = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Azure.Search.Documents;
        using Azure.Search.Documents.Models;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;

        """;

    /// <summary>
    /// A local a pattern declares holds the value the pattern tests: <c>doc.Document["content"] is string text</c>, a
    /// switch arm's <c>string s => s</c>. A constant dictionary tested the same way is still not external content.
    /// </summary>
    [Fact]
    public Task Search_document_fields_tested_with_a_pattern() => Verify.VerifyAsync(SearchUsings + """
        public sealed class Grounding(SearchClient search)
        {
            public async Task AddSourcesAsync(ChatHistory history, string query)
            {
                var response = await search.SearchAsync<SearchDocument>(query);
                foreach (var doc in response.Value.GetResults())
                {
                    if (doc.Document["content"] is string text and not "") history.AddUserMessage([|text|]);
                    var summary = doc.Document["summary"] switch { string s => s, _ => "" };
                    history.AddUserMessage([|summary|]);
                }

                var labels = new Dictionary<string, object> { ["greeting"] = "Hello" };
                if (labels["greeting"] is string greeting) history.AddUserMessage(greeting);
            }
        }
        """);

    /// <summary>
    /// The Azure AI Search sample's shape: a search service behind an interface reads each document's fields with
    /// <c>TryGetValue</c>, keeps those that pass <c>is string</c> tests in records, and the chat service joins the records
    /// into the user prompt between "## Source ##" markers (delimiters are not a sanitizer).
    /// </summary>
    [Fact]
    public Task Search_records_built_by_a_service_behind_an_interface() => Verify.VerifyAsync(SearchUsings + """
        public record SupportingContentRecord(string Title, string Content);
        public interface ISearchService { Task<SupportingContentRecord[]> QueryDocumentsAsync(string? query, CancellationToken cancellationToken); }
        public sealed class AzureSearchService(SearchClient searchClient) : ISearchService
        {
            public async Task<SupportingContentRecord[]> QueryDocumentsAsync(string? query, CancellationToken cancellationToken)
            {
                var searchResult = (await searchClient.SearchAsync<SearchDocument>(query, new SearchOptions { Size = 3 }, cancellationToken)).Value;
                var records = new List<SupportingContentRecord>();
                foreach (var doc in searchResult.GetResults())
                {
                    doc.Document.TryGetValue("sourcepage", out var sourcePageValue);
                    doc.Document.TryGetValue("content", out var value);
                    if (sourcePageValue is string sourcePage && value is string content)
                    {
                        records.Add(new SupportingContentRecord(sourcePage, content.Replace('\r', ' ')));
                    }
                }

                return records.ToArray();
            }
        }
        public sealed class ChatService(ISearchService search, IChatCompletionService chat)
        {
            public async Task<string> ReplyAsync(string query, CancellationToken cancellationToken)
            {
                var documents = await search.QueryDocumentsAsync(query, cancellationToken);
                var sources = documents.Length == 0 ? "no source available." : string.Join("\r", documents.Select(x => $"{x.Title}:{x.Content}"));
                var history = new ChatHistory("You are a system assistant who helps the company employees with their questions.");
                history.AddUserMessage([|$"## Source ##\n{sources}\n## End ##"|]);
                var answer = await chat.GetChatMessageContentAsync(history, cancellationToken: cancellationToken);
                return answer.Content ?? "";
            }
        }
        """);

    /// <summary>
    /// A multimodal user message: retrieved text is wrapped in a Semantic Kernel <c>TextContent</c>, added to a content
    /// item collection with images, and the collection becomes the user message. Images alone, or a constant text item,
    /// are no finding.
    /// </summary>
    [Fact]
    public Task Retrieved_text_in_a_multimodal_message_built_from_content_items() => Verify.VerifyAsync(SearchUsings + """
        using System;
        public sealed class ImageChat(SearchClient search)
        {
            public async Task Build(ChatHistory history, string query, string[] imageUrls)
            {
                var response = await search.SearchAsync<SearchDocument>(query);
                var sources = string.Join("\n", response.Value.GetResults().Select(r => r.Document["content"]));
                var collection = new ChatMessageContentItemCollection();
                collection.Add(new TextContent($"## Source ##\n{sources}"));
                foreach (var url in imageUrls)
                {
                    collection.Add(new ImageContent(new Uri(url)));
                }

                history.AddUserMessage([|collection|]);

                var images = new ChatMessageContentItemCollection { new TextContent("Describe these images.") };
                foreach (var url in imageUrls)
                {
                    images.Add(new ImageContent(new Uri(url)));
                }

                history.AddUserMessage(images);
            }
        }
        """);
}
