using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnboundedOutputTokensAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG023 on the Azure.AI.OpenAI 1.0 beta API (<c>ChatCompletionsOptions.MaxTokens</c>), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class UnboundedOutputTokensAnalyzerTests
{
    public static TheoryData<string> FlaggedOnAzureOpenAIBeta => new()
    {
        // Chat options with messages and a temperature but no MaxTokens.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        static class Summarizer
        {
            public static async Task<string> SummarizeAsync(OpenAIClient client, string text)
            {
                var options = new ChatCompletionsOptions { Temperature = 0.2f };
                options.Messages.Add(new ChatMessage(ChatRole.System, "Summarize the text."));
                options.Messages.Add(new ChatMessage(ChatRole.User, text));
                var response = await [|client.GetChatCompletionsAsync("gpt-35-turbo", options)|];
                return response.Value.Choices[0].Message.Content;
            }
        }
        """,
        // Streaming, synchronous, with options built from the messages.
        """
        using System.Collections.Generic;
        using Azure.AI.OpenAI;
        static class Streamer
        {
            public static StreamingChatCompletions Start(OpenAIClient client, IEnumerable<ChatMessage> history) =>
                [|client.GetChatCompletionsStreaming("gpt-4", new ChatCompletionsOptions(history))|].Value;
        }
        """,
        // MaxTokens taken from the request body with no cap.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class AskRequest { public string Question { get; set; } = ""; public int MaxTokens { get; set; } }
        public sealed class AskController : ControllerBase
        {
            [HttpPost("ask")]
            public async Task<string> Ask([FromBody] AskRequest request, [FromServices] OpenAIClient client)
            {
                var options = new ChatCompletionsOptions { MaxTokens = request.MaxTokens, Messages = { new ChatMessage(ChatRole.User, request.Question) } };
                return (await [|client.GetChatCompletionsAsync("gpt-35-turbo", options)|]).Value.Choices[0].Message.Content;
            }
        }
        """,
    };

    public static TheoryData<string> NotFlaggedOnAzureOpenAIBeta => new()
    {
        // MaxTokens set on the options after they are built.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        static class Summarizer
        {
            public static async Task<string> SummarizeAsync(OpenAIClient client, string text)
            {
                var options = new ChatCompletionsOptions { Temperature = 0.2f };
                options.Messages.Add(new ChatMessage(ChatRole.System, "Summarize the text."));
                options.Messages.Add(new ChatMessage(ChatRole.User, text));
                options.MaxTokens = 800;
                var response = await client.GetChatCompletionsAsync("gpt-35-turbo", options);
                return response.Value.Choices[0].Message.Content;
            }
        }
        """,
        // The request's value clamped to a server-side maximum.
        """
        using System;
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class AskRequest { public string Question { get; set; } = ""; public int MaxTokens { get; set; } }
        public sealed class AskController : ControllerBase
        {
            private const int MaxAllowed = 1000;
            [HttpPost("ask")]
            public async Task<string> Ask([FromBody] AskRequest request, [FromServices] OpenAIClient client)
            {
                var options = new ChatCompletionsOptions { MaxTokens = Math.Min(request.MaxTokens, MaxAllowed), Messages = { new ChatMessage(ChatRole.User, request.Question) } };
                return (await client.GetChatCompletionsAsync("gpt-35-turbo", options)).Value.Choices[0].Message.Content;
            }
        }
        """,
        // Text completions without MaxTokens: that API's max_tokens defaults to 16, so the output is bounded.
        """
        using Azure.AI.OpenAI;
        static class Titles
        {
            public static string Suggest(OpenAIClient client, string text) =>
                client.GetCompletions("text-davinci-003", "Suggest a title for: " + text).Value.Choices[0].Text;
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedOnAzureOpenAIBeta))]
    public Task Flags_azure_openai_beta_chat_calls_without_a_limit(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedOnAzureOpenAIBeta))]
    public Task Ignores_azure_openai_beta_chat_calls_with_a_limit(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);
}
