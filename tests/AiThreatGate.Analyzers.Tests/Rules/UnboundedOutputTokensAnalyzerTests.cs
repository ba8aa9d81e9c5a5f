using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnboundedOutputTokensAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG023 against the real OpenAI, Microsoft.Extensions.AI and Anthropic packages (Semantic Kernel, LLamaSharp, OllamaSharp and the Microsoft.Extensions.AI pipeline stubbed).</summary>
public sealed partial class UnboundedOutputTokensAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Helpers that build the options two levels down, none of which sets a limit.
        """
        using System.Collections.Generic;
        using OpenAI.Chat;
        sealed class Provider(ChatClient chat)
        {
            public ChatCompletion Reply(string question)
            {
                var (messages, options) = PrepareOptions(question);
                return [|chat.CompleteChat(messages, options)|];
            }

            private (List<ChatMessage> Messages, ChatCompletionOptions Options) PrepareOptions(string question) =>
                (new List<ChatMessage> { new UserChatMessage(question) }, InitOptions());

            private ChatCompletionOptions InitOptions() => new() { Temperature = 0.1f };

            private static ChatCompletionOptions Unused() => new() { MaxOutputTokenCount = 100 };
        }
        """,
        // OpenAI chat without options.
        """
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class C { public static async Task Run(ChatClient chat) => await [|chat.CompleteChatAsync("Hello")|]; }
        """,
        // OpenAI chat with options that set no limit.
        """
        using OpenAI.Chat;
        static class C
        {
            public static void Run(ChatClient chat)
            {
                var options = new ChatCompletionOptions { Temperature = 0.2f };
                [|chat.CompleteChat(new ChatMessage[] { new UserChatMessage("Hi") }, options)|];
            }
        }
        """,
        // Microsoft.Extensions.AI without options.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class C { public static async Task<string> Run(IChatClient chat) => (await [|chat.GetResponseAsync("Hello")|]).Text; }
        """,
        // Microsoft.Extensions.AI streaming with options lacking MaxOutputTokens.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class C
        {
            public static async Task Run(IChatClient chat)
            {
                await foreach (var update in [|chat.GetStreamingResponseAsync("Hello", new ChatOptions { Temperature = 0 })|]) { }
            }
        }
        """,
        // An explicit null limit.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class C { public static Task<ChatResponse> Run(IChatClient chat) => [|chat.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = null })|]; }
        """,
        // OpenAI Responses without options.
        """
        #pragma warning disable OPENAI001
        using System.Threading.Tasks;
        using OpenAI.Responses;
        static class C { public static Task Run(ResponsesClient client) => [|client.CreateResponseAsync("gpt-4.1", "Hello")|]; }
        """,
        // Semantic Kernel chat service without settings.
        """
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel.ChatCompletion;
        static class C
        {
            public static Task Run(IChatCompletionService service, ChatHistory history) => [|service.GetChatMessageContentsAsync(history)|];
        }
        """,
        // Semantic Kernel settings without MaxTokens.
        """
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        static class C
        {
            public static Task Run(Kernel kernel) => [|kernel.InvokePromptAsync("Tell a story", new KernelArguments(new OpenAIPromptExecutionSettings { Temperature = 0.9 }))|];
        }
        """,
        // LLamaSharp with the unlimited default.
        """
        using LLama.Abstractions;
        using LLama.Common;
        static class C
        {
            public static void Run(ILLamaExecutor executor) => [|executor.InferAsync("Hello", new InferenceParams { MaxTokens = -1 })|];
        }
        """,
        // LLamaSharp without inference parameters.
        """
        using LLama.Abstractions;
        static class C { public static void Run(ILLamaExecutor executor) => [|executor.InferAsync("Hello")|]; }
        """,
        // OllamaSharp generate from a prompt string.
        """
        using OllamaSharp;
        static class C { public static void Run(IOllamaApiClient client) => [|client.GenerateAsync("Hello")|]; }
        """,
        // OllamaSharp chat with options lacking NumPredict.
        """
        using OllamaSharp;
        using OllamaSharp.Models;
        static class C
        {
            public static void Run(IOllamaApiClient client)
            {
                var chat = new Chat(client) { Options = new RequestOptions { Temperature = 0.1f } };
                [|chat.SendAsync("Hello")|];
            }
        }
        """,
        // The limit comes from the request body with no cap.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class AskRequest { public string Question { get; set; } = ""; public int MaxTokens { get; set; } }
        [ApiController]
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask([FromBody] AskRequest request, [FromServices] IChatClient chat)
            {
                var options = new ChatOptions { MaxOutputTokens = request.MaxTokens };
                return (await [|chat.GetResponseAsync(request.Question, options)|]).Text;
            }
        }
        """,
        // A minimal-API query parameter assigned to the OpenAI limit through a local.
        """
        using Microsoft.AspNetCore.Builder;
        using OpenAI.Chat;
        var app = WebApplication.Create();
        app.MapGet("/ask", async (string q, int maxTokens, ChatClient chat) =>
        {
            var options = new ChatCompletionOptions();
            var limit = maxTokens;
            options.MaxOutputTokenCount = limit;
            return (await [|chat.CompleteChatAsync(new ChatMessage[] { new UserChatMessage(q) }, options)|]).Value.Content[0].Text;
        });
        app.Run();
        """,
        // A range check of another member of the request does not cap the limit.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed record AskRequest(string Question, int? MaxTokens);
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public async Task<IActionResult> Ask([FromBody] AskRequest request, [FromServices] IChatClient chat)
            {
                if (request.Question.Length > 2000) return BadRequest();
                var response = await [|chat.GetResponseAsync(request.Question, new ChatOptions { MaxOutputTokens = request.MaxTokens ?? 500 })|];
                return Ok(response.Text);
            }
        }
        """,
        // Extension data that sets something else is no limit.
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        static class C
        {
            public static Task Run(IChatCompletionService service, ChatHistory history) =>
                [|service.GetChatMessageContentsAsync(history, new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["temperature"] = 0.2 } })|];
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // The limit is set two helpers down: the call's options come out of a tuple that PrepareOptions builds from
        // InitOptions (BotSharp's providers).
        """
        using System.Collections.Generic;
        using OpenAI.Chat;
        sealed class Provider(ChatClient chat, int configuredLimit)
        {
            public ChatCompletion Reply(string question)
            {
                var (messages, options) = PrepareOptions(question);
                return chat.CompleteChat(messages, options);
            }

            private (List<ChatMessage> Messages, ChatCompletionOptions Options) PrepareOptions(string question)
            {
                var options = InitOptions();
                var messages = new List<ChatMessage> { new UserChatMessage(question) };
                return (messages, options);
            }

            private ChatCompletionOptions InitOptions() => new() { Temperature = 0.1f, MaxOutputTokenCount = configuredLimit > 0 ? configuredLimit : 1024 };
        }
        """,
        // Semantic Kernel settings whose limit is set by its wire name in the extension data.
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        static class C
        {
            public static Task Run(IChatCompletionService service, ChatHistory history) =>
                service.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 1000 } });

            public static Task Later(IChatCompletionService service, ChatHistory history)
            {
                var settings = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object>() };
                settings.ExtensionData["max_tokens"] = 100;
                return service.GetChatMessageContentsAsync(history, settings);
            }
        }
        """,
        // OpenAI with MaxOutputTokenCount in an initializer.
        """
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class C
        {
            public static Task Run(ChatClient chat) => chat.CompleteChatAsync(new ChatMessage[] { new UserChatMessage("Hi") }, new ChatCompletionOptions { MaxOutputTokenCount = 400 });
        }
        """,
        // The limit set by a later assignment.
        """
        using OpenAI.Chat;
        static class C
        {
            public static void Run(ChatClient chat)
            {
                var options = new ChatCompletionOptions();
                options.MaxOutputTokenCount = 300;
                chat.CompleteChat(new ChatMessage[] { new UserChatMessage("Hi") }, options);
            }
        }
        """,
        // Options built in a shared helper in another class.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class AiDefaults { public static ChatOptions Create() => new ChatOptions { MaxOutputTokens = 800, Temperature = 0.2f }; }
        static class C { public static Task<ChatResponse> Run(IChatClient chat) => chat.GetResponseAsync("Hi", AiDefaults.Create()); }
        """,
        // Options kept in a field initialized with a limit.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        sealed class Assistant
        {
            private static readonly ChatOptions Options = new() { MaxOutputTokens = 500 };
            public Task<ChatResponse> Ask(IChatClient chat, string q) => chat.GetResponseAsync(q, Options);
        }
        """,
        // Options set in the constructor.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        sealed class Assistant
        {
            private readonly ChatOptions _options;
            public Assistant() { _options = new ChatOptions(); _options.MaxOutputTokens = 256; }
            public Task<ChatResponse> Ask(IChatClient chat, string q) => chat.GetResponseAsync(q, _options);
        }
        """,
        // A pipeline default via ConfigureOptions covers IChatClient calls.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Startup
        {
            public static IChatClient Build(IChatClient inner) => new ChatClientBuilder(inner).ConfigureOptions(o => o.MaxOutputTokens = 1000).Build();
        }
        static class C { public static Task<ChatResponse> Run(IChatClient chat) => chat.GetResponseAsync("Hi"); }
        """,
        // Options received from the caller are the caller's business.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class C { public static Task<ChatResponse> Run(IChatClient chat, ChatOptions options) => chat.GetResponseAsync("Hi", options); }
        """,
        // Semantic Kernel settings with MaxTokens.
        """
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        static class C
        {
            public static Task Run(IChatCompletionService service, ChatHistory history) => service.GetChatMessageContentsAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 200 });
        }
        """,
        // LLamaSharp with a positive limit.
        """
        using LLama.Abstractions;
        using LLama.Common;
        static class C { public static void Run(ILLamaExecutor executor) => executor.InferAsync("Hello", new InferenceParams { MaxTokens = 256 }); }
        """,
        // OllamaSharp request with NumPredict.
        """
        using OllamaSharp;
        using OllamaSharp.Models;
        static class C
        {
            public static void Run(IOllamaApiClient client) => client.GenerateAsync(new GenerateRequest { Model = "llama3", Prompt = "Hi", Options = new RequestOptions { NumPredict = 128 } });
        }
        """,
        // Anthropic requires MaxTokens: never flagged.
        """
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        static class C
        {
            public static Task Run(AnthropicClient client) => client.Messages.Create(new MessageCreateParams { MaxTokens = 300, Model = "claude-sonnet-4-5", Messages = [new UserMessageParam("Hi")] });
        }
        """,
        // OllamaSharp chat whose options are set after construction.
        """
        using OllamaSharp;
        using OllamaSharp.Models;
        static class C
        {
            public static void Run(IOllamaApiClient client)
            {
                var chat = new Chat(client);
                chat.Options = new RequestOptions { NumPredict = 300 };
                chat.SendAsync("Hello");
            }
        }
        """,
        // The request's value clamped to a server-side maximum.
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class AskRequest { public string Question { get; set; } = ""; public int MaxTokens { get; set; } }
        public sealed class AskController : ControllerBase
        {
            private const int MaxAllowed = 1024;
            [HttpPost]
            public async Task<string> Ask([FromBody] AskRequest request, [FromServices] IChatClient chat)
            {
                var options = new ChatOptions { MaxOutputTokens = Math.Min(request.MaxTokens, MaxAllowed) };
                return (await chat.GetResponseAsync(request.Question, options)).Text;
            }
        }
        """,
        // Rejected when too large, or clamped with Math.Clamp / a conditional.
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapGet("/a", async (string q, int maxTokens, IChatClient chat) =>
        {
            if (maxTokens is <= 0 or > 2000) return Results.BadRequest();
            return Results.Ok((await chat.GetResponseAsync(q, new ChatOptions { MaxOutputTokens = maxTokens })).Text);
        });
        app.MapGet("/b", async (string q, int maxTokens, IChatClient chat) =>
            (await chat.GetResponseAsync(q, new ChatOptions { MaxOutputTokens = Math.Clamp(maxTokens, 1, 2000) })).Text);
        app.MapGet("/c", async (string q, int maxTokens, IChatClient chat) =>
            (await chat.GetResponseAsync(q, new ChatOptions { MaxOutputTokens = maxTokens > 2000 ? 2000 : maxTokens })).Text);
        app.Run();
        """,
        // [Range] on the DTO, enforced by [ApiController] model binding; a constant limit beside request data.
        """
        using System.ComponentModel.DataAnnotations;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class AskRequest { public string Question { get; set; } = ""; [Range(1, 2000)] public int MaxTokens { get; set; } }
        [ApiController]
        public sealed class AskController : ControllerBase
        {
            [HttpPost("validated")]
            public async Task<string> Ask([FromBody] AskRequest request, [FromServices] IChatClient chat) =>
                (await chat.GetResponseAsync(request.Question, new ChatOptions { MaxOutputTokens = request.MaxTokens })).Text;
            [HttpPost("fixed")]
            public async Task<string> Fixed([FromBody] AskRequest request, [FromServices] IChatClient chat) =>
                (await chat.GetResponseAsync(request.Question, new ChatOptions { MaxOutputTokens = 800 })).Text;
        }
        """,
        // A command-line tool: the operator picks the limit.
        """
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        var limit = int.Parse(System.Console.ReadLine()!);
        System.Console.WriteLine((await chat.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = limit })).Text);
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_model_calls_without_an_output_limit(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_calls_with_limits_set_here_in_helpers_fields_or_the_pipeline(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Severity_can_be_raised_in_editorconfig() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using OpenAI.Chat;
        static class C { public static async Task Run(ChatClient chat) => await [|chat.CompleteChatAsync("Hello")|]; }
        """,
        """
        root = true
        [*.cs]
        dotnet_diagnostic.AITG023.severity = error
        """);
}
