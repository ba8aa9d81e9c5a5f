using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnvalidatedModelInputAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG021 on the Azure.AI.OpenAI 1.0 beta API (<c>new ChatMessage(ChatRole.User, text)</c>), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class UnvalidatedModelInputAnalyzerTests
{
    [Fact]
    public Task Flags_an_unchecked_question_in_an_azure_openai_beta_user_message() => Verify.VerifyOnAzureOpenAIBetaAsync("""
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class AskController : ControllerBase
        {
            [HttpPost("ask")]
            public IActionResult Ask([FromBody] string question) =>
                Ok(new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, [|question|]) } });
        }
        """);

    [Fact]
    public Task Ignores_a_length_checked_question_in_an_azure_openai_beta_user_message() => Verify.VerifyOnAzureOpenAIBetaAsync("""
        using Azure.AI.OpenAI;
        using Microsoft.AspNetCore.Mvc;
        public sealed class AskController : ControllerBase
        {
            [HttpPost("ask")]
            public IActionResult Ask([FromBody] string question)
            {
                if (question.Length is 0 or > 500) return BadRequest();
                return Ok(new ChatCompletionsOptions { MaxTokens = 500, Messages = { new ChatMessage(ChatRole.User, question) } });
            }
        }
        """);
}
