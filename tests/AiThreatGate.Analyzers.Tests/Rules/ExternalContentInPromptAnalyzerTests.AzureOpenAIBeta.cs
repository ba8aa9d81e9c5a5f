using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.ExternalContentInPromptAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG022 on the Azure.AI.OpenAI 1.0 beta API (<c>new ChatMessage(role, text)</c>), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class ExternalContentInPromptAnalyzerTests
{
    public static TheoryData<string> FlaggedOnAzureOpenAIBeta => new()
    {
        // A fetched web page placed in the system message.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        static class Browse
        {
            public static async Task<ChatCompletionsOptions> Grounded(HttpClient http, string url, string question) => new ChatCompletionsOptions
            {
                MaxTokens = 800,
                Messages =
                {
                    new ChatMessage(ChatRole.System, [|"Answer from this page only: " + await http.GetStringAsync(url)|]),
                    new ChatMessage(ChatRole.User, question),
                },
            };
        }
        """,
    };

    public static TheoryData<string> NotFlaggedOnAzureOpenAIBeta => new()
    {
        // Fetched data converted to a number before it reaches the message.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        static class Stock
        {
            public static async Task<ChatMessage> Price(HttpClient http) =>
                new ChatMessage(ChatRole.System, $"The current price is {decimal.Parse(await http.GetStringAsync("https://quotes.example/msft"))}");
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedOnAzureOpenAIBeta))]
    public Task Flags_external_content_in_azure_openai_beta_messages(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedOnAzureOpenAIBeta))]
    public Task Ignores_converted_content_in_azure_openai_beta_messages(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);
}
