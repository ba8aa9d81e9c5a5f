using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.InferenceEndpointRateLimitAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG024 on the Azure.AI.OpenAI 1.0 beta API (<c>OpenAIClient</c> chat and embeddings), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class InferenceEndpointRateLimitAnalyzerTests
{
    public static TheoryData<string> FlaggedOnAzureOpenAIBeta => new()
    {
        // A minimal-API endpoint calling GetChatCompletionsAsync.
        """
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Builder;
        var app = WebApplication.Create();
        [|app.MapPost("/ask", async (string q, OpenAIClient client) =>
            (await client.GetChatCompletionsAsync("gpt-35-turbo", new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, q) } })).Value.Choices[0].Message.Content)|];
        app.Run();
        """,
        // A controller action generating embeddings through a service.
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class EmbeddingService
        {
            private readonly OpenAIClient _client;
            public EmbeddingService(OpenAIClient client) => _client = client;
            public async Task<IReadOnlyList<float>> EmbedAsync(string text) =>
                (await _client.GetEmbeddingsAsync("text-embedding-ada-002", new EmbeddingsOptions(text))).Value.Data[0].Embedding;
        }
        [ApiController]
        public sealed class SearchController : ControllerBase
        {
            private readonly EmbeddingService _embeddings;
            public SearchController(EmbeddingService embeddings) => _embeddings = embeddings;
            [HttpPost("embed")]
            public Task<IReadOnlyList<float>> [|Embed|]([FromBody] string text) => _embeddings.EmbedAsync(text);
        }
        """,
    };

    public static TheoryData<string> NotFlaggedOnAzureOpenAIBeta => new()
    {
        // The same endpoints with rate limiting: RequireRateLimiting and [EnableRateLimiting].
        """
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Builder;
        var app = WebApplication.Create();
        app.UseRateLimiter();
        app.MapPost("/ask", async (string q, OpenAIClient client) =>
            (await client.GetChatCompletionsAsync("gpt-35-turbo", new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, q) } })).Value.Choices[0].Message.Content)
            .RequireRateLimiting("ai");
        app.Run();
        """,
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        public sealed class EmbeddingService
        {
            private readonly OpenAIClient _client;
            public EmbeddingService(OpenAIClient client) => _client = client;
            public async Task<IReadOnlyList<float>> EmbedAsync(string text) =>
                (await _client.GetEmbeddingsAsync("text-embedding-ada-002", new EmbeddingsOptions(text))).Value.Data[0].Embedding;
        }
        [ApiController, EnableRateLimiting("ai")]
        public sealed class SearchController : ControllerBase
        {
            private readonly EmbeddingService _embeddings;
            public SearchController(EmbeddingService embeddings) => _embeddings = embeddings;
            [HttpPost("embed")]
            public Task<IReadOnlyList<float>> Embed([FromBody] string text) => _embeddings.EmbedAsync(text);
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedOnAzureOpenAIBeta))]
    public Task Flags_azure_openai_beta_endpoints_without_rate_limiting(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedOnAzureOpenAIBeta))]
    public Task Ignores_azure_openai_beta_endpoints_with_rate_limiting(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);
}
