using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.CodeFixVerifier<AiThreatGate.Analyzers.Rules.HardCodedCredentialAnalyzer, AiThreatGate.CodeFixes.CredentialFromEnvironmentCodeFix>;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

public sealed class CredentialFromEnvironmentCodeFixTests
{
    [Fact]
    public Task Reads_the_OpenAI_key_from_the_environment() => Verify.VerifyAsync(
        """
        using OpenAI.Chat;
        class C { ChatClient Create() => new ChatClient("gpt-4o", [|"abc123"|]); }
        """,
        """
        using OpenAI.Chat;
        class C { ChatClient Create() => new ChatClient("gpt-4o", System.Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new System.InvalidOperationException("Set the OPENAI_API_KEY environment variable.")); }
        """);

    [Fact]
    public Task Fix_all_uses_each_providers_variable() => Verify.VerifyAsync(
        """
        using System;
        using Anthropic;
        using OpenAI;
        class C
        {
            OpenAIClient A() => new OpenAIClient([|"abc123"|]);
            AnthropicClient B() => new AnthropicClient { ApiKey = [|"def456"|] };
        }
        """,
        """
        using System;
        using Anthropic;
        using OpenAI;
        class C
        {
            OpenAIClient A() => new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set the OPENAI_API_KEY environment variable."));
            AnthropicClient B() => new AnthropicClient { ApiKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") ?? throw new InvalidOperationException("Set the ANTHROPIC_API_KEY environment variable.") };
        }
        """,
        fixAll: true);

    [Fact]
    public Task No_fix_is_offered_for_a_const() => Verify.VerifyAsync(
        """
        class C { const string OpenAiKey = [|"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"|]; }
        """,
        """
        class C { const string OpenAiKey = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"; }
        """);
}
