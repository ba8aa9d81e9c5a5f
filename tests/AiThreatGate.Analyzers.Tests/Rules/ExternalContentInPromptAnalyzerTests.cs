using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.ExternalContentInPromptAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG022 against the real OpenAI and Microsoft.Extensions.AI packages (Semantic Kernel memory and VectorData stubbed).</summary>
public sealed partial class ExternalContentInPromptAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // A web page fetched and placed in the system prompt.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class Browse
        {
            public static async Task<ChatMessage> Context(HttpClient http, string url) =>
                new SystemChatMessage([|"Use this page: " + await http.GetStringAsync(url)|]);
        }
        """,
        // An HTTP response body as a user message.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Summaries
        {
            public static async Task<string> Summarize(HttpClient http, IChatClient chat)
            {
                using var response = await http.GetAsync("https://example.com/feed");
                var body = await response.Content.ReadAsStringAsync();
                return (await chat.GetResponseAsync([|$"Summarize:\n{body}"|])).Text;
            }
        }
        """,
        // A file whose path comes from elsewhere, read into a prompt template.
        """
        using System.IO;
        using Microsoft.SemanticKernel;
        static class Templates
        {
            public static KernelFunction Load(Kernel kernel, string path) => kernel.CreateFunctionFromPrompt([|File.ReadAllText(path)|]);
        }
        """,
        // Vector-store search results (RAG) gathered into the instructions.
        """
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.VectorData;
        public sealed class Doc { public string Text { get; set; } = ""; }
        static class Rag
        {
            public static async Task<ChatMessage> Grounding(VectorStoreCollection<string, Doc> docs, string question)
            {
                var context = new StringBuilder();
                await foreach (var hit in docs.SearchAsync(question, top: 3))
                {
                    context.AppendLine(hit.Record.Text);
                }

                return new ChatMessage(ChatRole.System, [|"Answer from these documents:\n" + context|]);
            }
        }
        """,
        // Semantic Kernel memory search results in the chat history.
        """
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Memory;
        // ISemanticTextMemory is [Experimental("SKEXP0001")] in Semantic Kernel 1.x: real code suppresses it too.
        #pragma warning disable SKEXP0001
        static class Memory
        {
            public static async Task Ground(ISemanticTextMemory memory, ChatHistory history, string question)
            {
                await foreach (var result in memory.SearchAsync("docs", question))
                {
                    history.AddSystemMessage([|result.Metadata.Text|]);
                }
            }
        }
        """,
        // A tool-call result placed back into a prompt.
        """
        using System.Collections.Generic;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            public static ChatMessage Echo(FunctionResultContent result) => new ChatMessage(ChatRole.User, [|"Tool said: " + result.Result|]);
        }
        """,
        // The result of invoking an AIFunction put in a user message.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;
        using ChatMessage = OpenAI.Chat.ChatMessage;
        static class Tools
        {
            public static async Task<ChatMessage> Run(AIFunction function) => new UserChatMessage([|$"Result: {await function.InvokeAsync()}"|]);
        }
        """,
        // Downloaded JSON through a helper method that returns it.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        sealed class Weather
        {
            private readonly HttpClient _http = new();
            private Task<string> Forecast() => _http.GetStringAsync("https://weather.example/today");
            public async Task<ChatOptions> Options() => new ChatOptions { Instructions = [|"Today's forecast: " + await Forecast()|] };
        }
        """,
        // A file read into a Semantic Kernel template argument.
        """
        using System.IO;
        using Microsoft.SemanticKernel;
        static class Args
        {
            public static KernelArguments For(string uploadPath) => new KernelArguments { ["document"] = [|File.ReadAllText(uploadPath)|] };
        }
        """,
        // Fetched content split into lines and joined with LINQ before prompting.
        """
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class Digest
        {
            public static async Task<ChatMessage> Build(HttpClient http)
            {
                var lines = (await http.GetStringAsync("https://news.example/rss")).Split('\n').Where(l => l.Length > 0).Take(20);
                return ChatMessage.CreateUserMessage([|string.Join("\n", lines)|]);
            }
        }
        """,
        // A configured external source (a repository reading a CMS).
        """
        using OpenAI.Chat;
        static class Cms { public static string Article(int id) => "article " + id; }
        static class Prompt
        {
            public static ChatMessage For(int id) => new UserChatMessage([|Cms.Article(id)|]);
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // A constant file shipped with the app.
        """
        using System.IO;
        using OpenAI.Chat;
        static class Prompt { public static ChatMessage System() => new SystemChatMessage(File.ReadAllText("prompts/system.txt")); }
        """,
        // Fetched data converted to a number.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class Stock
        {
            public static async Task<ChatMessage> Price(HttpClient http) => new UserChatMessage($"The price is {decimal.Parse(await http.GetStringAsync("https://quotes.example/msft"))}");
        }
        """,
        // A configured sanitizer (attribute).
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        sealed class ExternalContentSanitizerAttribute : Attribute { }
        static class Spotlight { [ExternalContentSanitizer] public static string Delimit(string text) => "<<" + text.Replace("<<", "") + ">>"; }
        static class Browse
        {
            public static async Task<ChatMessage> Context(HttpClient http) => new UserChatMessage(Spotlight.Delimit(await http.GetStringAsync("https://example.com")));
        }
        """,
        // Fetched content used for something other than a prompt.
        """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        static class Cache
        {
            public static async Task Save(HttpClient http, string path) => await File.WriteAllTextAsync(path, await http.GetStringAsync("https://example.com"));
        }
        """,
        // Only the search scores, not the text.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.VectorData;
        public sealed class Doc { public string Text { get; set; } = ""; }
        static class Rag
        {
            public static async Task<ChatMessage> Stats(VectorStoreCollection<string, Doc> docs)
            {
                var count = 0;
                await foreach (var hit in docs.SearchAsync("q", top: 3)) { if (hit.Score > 0.5) count++; }
                return new ChatMessage(ChatRole.User, $"{count} documents matched");
            }
        }
        """,
        // Request input (another rule's concern) is not external content.
        """
        using OpenAI.Chat;
        static class Prompt { public static ChatMessage For(string question) => new UserChatMessage(question); }
        """,
        // An HTTP status code only.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class Health
        {
            public static async Task<ChatMessage> Status(HttpClient http)
            {
                var response = await http.GetAsync("https://status.example");
                return new UserChatMessage("Service status code: " + (int)response.StatusCode);
            }
        }
        """,
        // A file read with a constant path built by Path.Combine of constants.
        """
        using OpenAI.Chat;
        static class Prompt
        {
            const string Folder = "prompts";
            public static ChatMessage Instructions() => new SystemChatMessage(System.IO.File.ReadAllText(Folder + "/system.txt"));
        }
        """,
        // Fetched text placed in a prompt after an allowlist check.
        """
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class Category
        {
            static readonly HashSet<string> Known = new() { "billing", "shipping" };
            public static async Task<ChatMessage?> For(HttpClient http)
            {
                var category = await http.GetStringAsync("https://crm.example/category");
                if (!Known.Contains(category)) return null;
                return new SystemChatMessage("Category: " + category);
            }
        }
        """,
        // Model output is not external content here (other rules cover it).
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Chain
        {
            public static async Task<string> Twice(IChatClient chat) => (await chat.GetResponseAsync((await chat.GetResponseAsync("Draft a title")).Text + " - improve it")).Text;
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_external_content_in_prompts(string source) => Verify.VerifyAsync(source, """
        root = true
        [*.cs]
        aithreatgate.external_content_sources = Cms.Article
        """);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_constants_conversions_sanitizers_and_other_uses(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Configured_sanitizer_by_name() => Verify.VerifyAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class Browse
        {
            static string Quote(string text) => text;
            public static async Task<ChatMessage> Clean(HttpClient http) => new UserChatMessage(Quote(await http.GetStringAsync("https://example.com")));
            public static async Task<ChatMessage> Raw(HttpClient http) => new UserChatMessage([|await http.GetStringAsync("https://example.com")|]);
        }
        """,
        """
        root = true
        [*.cs]
        aithreatgate.external_content_sanitizers = Quote
        """);

    [Fact]
    public async Task Severity_is_info_and_message_names_the_source()
    {
        var diagnostics = await Verify.RunAsync(new Analyzers.Rules.ExternalContentInPromptAnalyzer(), new[] { ("/0/Test0.cs", """
            using System.Net.Http;
            using System.Threading.Tasks;
            using OpenAI.Chat;
            static class Browse
            {
                public static async Task<ChatMessage> Context(HttpClient http) => new SystemChatMessage(await http.GetStringAsync("https://example.com"));
            }
            """) }, null);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("'HttpClient.GetStringAsync'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("system instructions", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }
}
