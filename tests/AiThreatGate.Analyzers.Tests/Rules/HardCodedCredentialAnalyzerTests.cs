using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.HardCodedCredentialAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class HardCodedCredentialAnalyzerTests
{
    private const string FakeOpenAiKey = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

    public static TheoryData<string> Flagged => new()
    {
        // Literal key to the ChatClient constructor.
        """
        using OpenAI.Chat;
        class C { ChatClient Create() => new ChatClient("gpt-4o", [|"not-a-real-key-but-still-a-literal"|]); }
        """,
        // Literal to OpenAIClient, in an async method.
        """
        using System.Threading.Tasks;
        using OpenAI;
        class C { async Task<OpenAIClient> CreateAsync() { await Task.Yield(); return new OpenAIClient([|"abc123"|]); } }
        """,
        // ApiKeyCredential from a constant (lambda).
        """
        using System;
        using System.ClientModel;
        class C { Func<ApiKeyCredential> Credential() => () => new ApiKeyCredential([|"my-team-key"|]); }
        """,
        // Azure key credential from a const local (local function).
        """
        using Azure;
        class C
        {
            AzureKeyCredential Create()
            {
                const string value = "0123456789abcdef";
                return Make();
                AzureKeyCredential Make() => new AzureKeyCredential([|value|]);
            }
        }
        """,
        // Anthropic client with an ApiKey initializer (top-level statements).
        """
        using Anthropic;
        var client = new AnthropicClient { ApiKey = [|"sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz"|] };
        System.Console.WriteLine(client);
        """,
        // Anthropic ClientOptions.ApiKey assignment.
        """
        using Anthropic.Core;
        class C { ClientOptions Options() { var o = new ClientOptions(); o.ApiKey = [|"anthropic-key-value"|]; return o; } }
        """,
        // An OpenAI-shaped key in a field named like a key (partial class).
        """
        partial class Settings { private static readonly string OpenAiKey = [|"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"|]; }
        partial class Settings { public string Key => OpenAiKey; }
        """,
        // A key-shaped literal in a const and a property named token.
        """
        class Secrets
        {
            public const string ApiKey = [|"sk-AbCdEfGhIjKlMnOpQrStUvWxYz01234567"|];
            public string AccessToken { get; set; } = [|"sk-svcacct-AbCdEfGhIjKlMnOpQrStUvWxYz"|];
        }
        """,
        // A key-shaped literal assigned to a local named secret.
        """
        class C { string M() { string secret; secret = [|"sk-ant-admin01-AbCdEfGhIjKlMnOpQrStUv"|]; return secret; } }
        """,
        // A key-shaped value stored under a configuration key that names it.
        """
        using System.Collections.Generic;
        class C
        {
            Dictionary<string, string?> Settings() => new() { ["OpenAI:ApiKey"] = [|"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"|] };
        }
        """,
        // A literal bearer token in the Authorization header of the client that calls the model.
        """
        using System.Net.Http;
        using System.Net.Http.Headers;
        class C { void Configure(HttpClient http) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", [|"team-shared-token-0123"|]); }
        """,
        // A literal key in an api-key header added by hand.
        """
        using System.Net.Http;
        class C { void Configure(HttpClient http) => http.DefaultRequestHeaders.Add("api-key", [|"0123456789abcdef0123"|]); }
        """,
        // A literal "Bearer ..." value in an Authorization header of a request.
        """
        using System.Net.Http;
        class C { void Configure(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Authorization", [|"Bearer team-shared-token-0123"|]); }
        """,
        // A key-shaped literal to the constructor of a client whose package did not restore (the type does not bind).
        """
        using {|CS0246:OpenAIDotNet|};
        class C { object Create() => new {|CS0246:OpenAIClient|}([|"sk-Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0Lm"|]); }
        """,
        // A key-shaped literal assigned to the ApiKey of unbound options (a package the feed does not serve).
        """
        class C
        {
            object Options() => new {|CS0246:OpenAiOptions|}() { ApiKey = [|"sk-Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0Lm"|] };
            private static object _service = new {|CS0246:OpenAIService|}(new {|CS0246:OpenAiOptions|}() { ApiKey = [|"sk-Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0Lm"|] });
        }
        """,
        // A key-shaped literal to a method that does not bind.
        """
        class C { void Configure(object services) => services.{|CS1061:AddOpenAIService|}([|"sk-proj-Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0Lm"|]); }
        """,
        // Hugging Face and Google keys in members named like keys.
        """
        class Secrets
        {
            public const string HuggingFaceToken = [|"hf_Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0LmNp"|];
            public static readonly string GeminiApiKey = [|"AIzaSyZq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0LmN"|];
        }
        """,
        // Words that are not placeholder words keep a literal to a credential a credential.
        """
        using System.ClientModel;
        class C { ApiKeyCredential Create() => new ApiKeyCredential([|"prod-billing-key-2024"|]); }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // Placeholders: instructions, template markers, filler after a key prefix, and the "no key" words local servers accept.
        """
        using System;
        using System.ClientModel;
        using OpenAI;
        class C
        {
            ApiKeyCredential A() => new ApiKeyCredential("your-api-key");
            ApiKeyCredential B() => new ApiKeyCredential("<your OpenAI key>");
            ApiKeyCredential D() => new ApiKeyCredential("sk-xxx");
            ApiKeyCredential E() => new ApiKeyCredential("YOUR_OPENAI_API_KEY");
            ApiKeyCredential F() => new ApiKeyCredential("{OPENAI_KEY}");
            OpenAIClient G() => new OpenAIClient("ollama");
            OpenAIClient H() => new OpenAIClient("not-needed");
            OpenAIClient I() => new OpenAIClient("lm-studio");
            OpenAIClient J() => new OpenAIClient("none");
            OpenAIClient K() => new OpenAIClient("dummy");
            OpenAIClient L() => new OpenAIClient("api-key");
            const string OpenAiApiKey = "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
        }
        """,
        // A placeholder key for a local model server (Semantic Kernel's OpenAI connector pointed at Ollama).
        """
        using System;
        using Microsoft.SemanticKernel;
        class C
        {
            IKernelBuilder Build() => Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "phi3", endpoint: new Uri("http://localhost:11434"), apiKey: "apikey");
        }
        """,
        // Code that does not bind: a model name and a short "sk-" string are not keys.
        """
        class C
        {
            object Create() => new {|CS0246:OpenAIClient|}("gpt-4o-mini", "sk-small");
            object Options() => new {|CS0246:OpenAiOptions|}() { Model = "sk-Zq3Rt7Uv9Wx1Yz5Ab8Cd2Ef4Gh6Jk0Lm-is-a-sku", ApiKey = "your-api-key" };
        }
        """,
        // Key from an environment variable.
        """
        using System;
        using OpenAI.Chat;
        class C { ChatClient Create() => new ChatClient("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY")!); }
        """,
        // Key from configuration.
        """
        using System.ClientModel;
        using Microsoft.Extensions.Configuration;
        class C { ApiKeyCredential Create(IConfiguration configuration) => new ApiKeyCredential(configuration["OpenAI:ApiKey"]!); }
        """,
        // Anthropic default constructor reads ANTHROPIC_API_KEY.
        """
        using Anthropic;
        class C { AnthropicClient Create() => new AnthropicClient(); }
        """,
        // The model name is a literal, not a key.
        """
        using OpenAI.Chat;
        using System.ClientModel;
        class C { ChatClient Create(ApiKeyCredential credential) => new ChatClient("gpt-4o-mini", credential); }
        """,
        // A key-shaped string in a variable whose name is not about keys.
        """
        class C { string Example() { var documentationSample = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"; return documentationSample; } }
        """,
        // A short "sk-" prefix that is not a key.
        """
        class C { const string SkuKey = "sk-small"; }
        """,
        // An empty placeholder.
        """
        using OpenAI;
        class C { OpenAIClient Create(string? key) => new OpenAIClient(key ?? ""); }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using OpenAI;
        class Generated { OpenAIClient Create() => new OpenAIClient("abc123"); }
        """,
        // A token that is a cancellation token, and a header name.
        """
        using System.Threading;
        class C { void M(CancellationToken token) { var headerKey = "Authorization"; } }
        """,
        // Keys of the arguments passed to a function or a prompt template are names, not credentials.
        """
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel;
        class C
        {
            AIFunctionArguments Tool(string city) => new AIFunctionArguments { ["city"] = city, ["unit"] = "celsius" };
            KernelArguments Template(string input) => new KernelArguments { ["input"] = input, ["style"] = "brief" };
            void Add(KernelArguments arguments) { arguments.Add("language", "en"); arguments["tone"] = "formal"; }
        }
        """,
        // A dictionary keyed by setting names, and a header whose value comes from configuration.
        """
        using System.Collections.Generic;
        using System.Net.Http;
        class C
        {
            Dictionary<string, string> Map() => new() { ["apiKey"] = "OpenAI:ApiKey", ["token"] = "OpenAI:Token" };
            void Configure(HttpClient http, string key) { http.DefaultRequestHeaders.Add("api-key", key); http.DefaultRequestHeaders.Add("Accept", "application/json"); }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_hard_coded_ai_credentials(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_credentials_from_configuration(string source) => Verify.VerifyAsync(source);

    [Fact]
    public async Task Message_never_contains_the_key()
    {
        var source = "class C { const string OpenAiApiKey = \"" + FakeOpenAiKey + "\"; }";
        var diagnostic = Assert.Single(await Verify.RunAsync(new HardCodedCredentialAnalyzer(), new[] { ("/0/Test0.cs", source) }, null));
        var message = diagnostic.GetMessage();
        Assert.DoesNotContain(FakeOpenAiKey, message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("AbCdEf", message, System.StringComparison.Ordinal);
        Assert.Contains("OpenAiApiKey", message, System.StringComparison.Ordinal);
    }
}
