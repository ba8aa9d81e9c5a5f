using AiThreatGate.Analyzers.Apis;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Apis;

/// <summary>The placeholder test of AITG025: stand-ins for a key are recognised by shape, real-looking keys never are.</summary>
public sealed class KeyPlaceholdersTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("your-api-key")]
    [InlineData("YOUR_OPENAI_API_KEY")]
    [InlineData("YourApiKeyHere")]
    [InlineData("AzureOpenAIKey")]
    [InlineData("<key>")]
    [InlineData("<YOUR_API_KEY>")]
    [InlineData("{OPENAI_API_KEY}")]
    [InlineData("${OPENAI_API_KEY}")]
    [InlineData("[API_KEY]")]
    [InlineData("%OPENAI_KEY%")]
    [InlineData("sk-xxx")]
    [InlineData("sk-...")]
    [InlineData("sk-****************")]
    [InlineData("sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("sk-your-key-here")]
    [InlineData("sk-proj-REPLACE_ME")]
    [InlineData("hf_xxxxxxxxxxxxxxxx")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("api-key")]
    [InlineData("apikey")]
    [InlineData("ollama")]
    [InlineData("lm-studio")]
    [InlineData("not-needed")]
    [InlineData("no-key-required")]
    [InlineData("EMPTY")]
    [InlineData("none")]
    [InlineData("dummy")]
    [InlineData("test")]
    [InlineData("fake-key")]
    [InlineData("Bearer YOUR_TOKEN")]
    [InlineData("insert your key here")]
    public void Stand_ins_for_a_key_are_placeholders(string text) => Assert.True(KeyPlaceholders.IsPlaceholder(text));

    [Theory]
    [InlineData("sk-Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0Lm")]
    [InlineData("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")]
    [InlineData("sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz")]
    [InlineData("sk-ydkolvutwmfgxzpzuzkcrupjeibbiqjmjhatmcepnrskgxtj")]
    [InlineData("hf_Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0LmNp")]
    [InlineData("AIzaSyZq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0LmN")]
    [InlineData("0123456789abcdef0123")]
    [InlineData("abc123")]
    [InlineData("my-team-key")]
    [InlineData("prod-billing-key-2024")]
    [InlineData("Bearer team-shared-token-0123")]
    public void Real_looking_keys_and_named_keys_are_not_placeholders(string text) => Assert.False(KeyPlaceholders.IsPlaceholder(text));
}
