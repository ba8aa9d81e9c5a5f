using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UntrustedInputInInstructionsAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG020 on the Azure.AI.OpenAI 1.0 beta API (<c>new ChatMessage(ChatRole.System, text)</c>), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class UntrustedInputInInstructionsAnalyzerTests
{
    public static TheoryData<string> FlaggedOnAzureOpenAIBeta => new()
    {
        // A controller action's parameter concatenated into the system message.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class SupportController : ControllerBase
        {
            private readonly OpenAIClient _client;
            public SupportController(OpenAIClient client) => _client = client;
            [HttpPost("support")]
            public async Task<string> Ask(string product, string question)
            {
                var options = new ChatCompletionsOptions { MaxTokens = 600 };
                options.Messages.Add(new ChatMessage(ChatRole.System, [|"You are the support assistant for " + product|]));
                options.Messages.Add(new ChatMessage(ChatRole.User, question));
                var response = await _client.GetChatCompletionsAsync("gpt-35-turbo", options);
                return response.Value.Choices[0].Message.Content;
            }
        }
        """,
        // A minimal-API body member in the system message of a collection initializer.
        """
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Builder;
        var app = WebApplication.Create();
        app.MapPost("/chat", async (ChatRequest request, OpenAIClient client) =>
        {
            var options = new ChatCompletionsOptions
            {
                MaxTokens = 600,
                Messages =
                {
                    new ChatMessage(ChatRole.System, [|$"Answer as {request.Persona}."|]),
                    new ChatMessage(ChatRole.User, request.Question),
                },
            };
            return (await client.GetChatCompletionsAsync("gpt-4", options)).Value.Choices[0].Message.Content;
        });
        app.Run();
        public sealed record ChatRequest(string Persona, string Question);
        """,
    };

    public static TheoryData<string> NotFlaggedOnAzureOpenAIBeta => new()
    {
        // The request's text only in the user message; the system message is the application's own.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class SupportController : ControllerBase
        {
            private const string Instructions = "You are the support assistant for Contoso. Answer briefly.";
            private readonly OpenAIClient _client;
            public SupportController(OpenAIClient client) => _client = client;
            [HttpPost("support")]
            public async Task<string> Ask(string product, string question)
            {
                var options = new ChatCompletionsOptions { MaxTokens = 600 };
                options.Messages.Add(new ChatMessage(ChatRole.System, Instructions));
                options.Messages.Add(new ChatMessage(ChatRole.User, "Product: " + product + "\n" + question));
                var response = await _client.GetChatCompletionsAsync("gpt-35-turbo", options);
                return response.Value.Choices[0].Message.Content;
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedOnAzureOpenAIBeta))]
    public Task Flags_request_data_in_an_azure_openai_beta_system_message(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedOnAzureOpenAIBeta))]
    public Task Ignores_request_data_in_an_azure_openai_beta_user_message(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);
}
