using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG014 on the Azure.AI.OpenAI 1.0 beta API (<c>OpenAIClient.GetChatCompletionsAsync</c>), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class LlmOutputToHtmlAnalyzerTests
{
    public static TheoryData<string> FlaggedOnAzureOpenAIBeta => new()
    {
        // A minimal-API endpoint returning the chat answer as HTML.
        """
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        var app = WebApplication.Create();
        app.MapGet("/answer", async (string q, OpenAIClient client) =>
        {
            var options = new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, q) } };
            var response = await client.GetChatCompletionsAsync("gpt-35-turbo", options);
            return Results.Content([|"<article>" + response.Value.Choices[0].Message.Content + "</article>"|], "text/html");
        }).RequireRateLimiting("ai");
        app.Run();
        """,
        // A Blazor component rendering the answer as markup.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Components;
        public sealed class AnswerView : ComponentBase
        {
            [Inject] public OpenAIClient Client { get; set; } = null!;
            public MarkupString Answer { get; private set; }
            public async Task AskAsync(ChatCompletionsOptions options)
            {
                ChatCompletions completions = await Client.GetChatCompletionsAsync("gpt-4", options);
                Answer = (MarkupString)[|completions.Choices[0].Message.Content|];
            }
        }
        """,
    };

    public static TheoryData<string> NotFlaggedOnAzureOpenAIBeta => new()
    {
        // The same endpoint, encoded; and one returning plain text.
        """
        using System.Net;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        var app = WebApplication.Create();
        app.MapGet("/answer", async (string q, OpenAIClient client) =>
        {
            var options = new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, q) } };
            var response = await client.GetChatCompletionsAsync("gpt-35-turbo", options);
            return Results.Content("<article>" + WebUtility.HtmlEncode(response.Value.Choices[0].Message.Content) + "</article>", "text/html");
        }).RequireRateLimiting("ai");
        app.MapGet("/plain", async (string q, OpenAIClient client) =>
        {
            var response = await client.GetChatCompletionsAsync("gpt-35-turbo", new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, q) } });
            return Results.Content(response.Value.Choices[0].Message.Content, "text/plain");
        }).RequireRateLimiting("ai");
        app.Run();
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedOnAzureOpenAIBeta))]
    public Task Flags_azure_openai_beta_output_rendered_as_markup(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedOnAzureOpenAIBeta))]
    public Task Ignores_azure_openai_beta_output_encoded_or_plain(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);
}
