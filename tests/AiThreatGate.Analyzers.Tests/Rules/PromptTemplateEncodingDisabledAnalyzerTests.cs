using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.PromptTemplateEncodingDisabledAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG027 against Semantic Kernel's prompt-template types (stubbed: the registry here does not serve Semantic Kernel).</summary>
public sealed class PromptTemplateEncodingDisabledAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        """
        using Microsoft.SemanticKernel;
        static class C { public static PromptTemplateConfig Config() => new() { Template = "{{$input}}", [|AllowDangerouslySetContent = true|] }; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C { public static InputVariable Variable() => new InputVariable { Name = "input", [|AllowDangerouslySetContent = true|] }; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C { public static IPromptTemplateFactory Factory() => new KernelPromptTemplateFactory { [|AllowDangerouslySetContent = true|] }; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C
        {
            public static PromptTemplateConfig Config()
            {
                var config = new PromptTemplateConfig("{{$input}}");
                [|config.AllowDangerouslySetContent = true|];
                return config;
            }
        }
        """,
        // A value that is not the constant false.
        """
        using Microsoft.SemanticKernel;
        static class C { public static PromptTemplateConfig Config(bool trusted) => new() { [|AllowDangerouslySetContent = trusted|] }; }
        """,
        // Inside a list of input variables.
        """
        using Microsoft.SemanticKernel;
        static class C
        {
            public static PromptTemplateConfig Config() => new()
            {
                Template = "{{$history}} {{$input}}",
                InputVariables = { new() { Name = "history", [|AllowDangerouslySetContent = true|] } },
            };
        }
        """,
        // A custom template factory.
        """
        using Microsoft.SemanticKernel;
        sealed class LiquidLikeFactory : IPromptTemplateFactory
        {
            public bool AllowDangerouslySetContent { get; set; }
            public bool TryCreate(PromptTemplateConfig templateConfig, out IPromptTemplate? result) { result = null; return false; }
        }
        static class C { public static IPromptTemplateFactory Factory() => new LiquidLikeFactory { [|AllowDangerouslySetContent = true|] }; }
        """,
        // In a field initializer.
        """
        using Microsoft.SemanticKernel;
        sealed class Prompts { private readonly PromptTemplateConfig _config = new() { [|AllowDangerouslySetContent = true|] }; }
        """,
        // In a lambda.
        """
        using System;
        using Microsoft.SemanticKernel;
        static class C { public static Action<PromptTemplateConfig> Unsafe = config => [|config.AllowDangerouslySetContent = true|]; }
        """,
        // A conditional that can be true.
        """
        using Microsoft.SemanticKernel;
        static class C { public static void Set(InputVariable variable, string env) => [|variable.AllowDangerouslySetContent = env == "dev" ? true : false|]; }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        """
        using Microsoft.SemanticKernel;
        static class C { public static PromptTemplateConfig Config() => new() { Template = "{{$input}}", AllowDangerouslySetContent = false }; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C { public static PromptTemplateConfig Config() => new("{{$input}}"); }
        """,
        // Reading the setting.
        """
        using Microsoft.SemanticKernel;
        static class C { public static bool IsUnsafe(PromptTemplateConfig config) => config.AllowDangerouslySetContent; }
        """,
        // A same-named property on an unrelated type.
        """
        sealed class HtmlWidget { public bool AllowDangerouslySetContent { get; set; } }
        static class C { public static HtmlWidget Widget() => new() { AllowDangerouslySetContent = true }; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C { public static InputVariable Variable() => new() { Name = "input" }; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C { public static IPromptTemplateFactory Factory() => new KernelPromptTemplateFactory(); }
        """,
        // Comparison, not assignment.
        """
        using Microsoft.SemanticKernel;
        static class C { public static bool Check(InputVariable v) => v.AllowDangerouslySetContent == true; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C
        {
            public static void Harden(PromptTemplateConfig config)
            {
                config.AllowDangerouslySetContent = false;
                foreach (var variable in config.InputVariables) variable.AllowDangerouslySetContent = false;
            }
        }
        """,
        // Code that uses no prompt template at all.
        """
        static class C { public static int Add(int a, int b) => a + b; }
        """,
        """
        using Microsoft.SemanticKernel;
        static class C { public static PromptTemplateConfig Config() => new() { Template = "Hello {{$name}}", TemplateFormat = "semantic-kernel" }; }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_encoding_turned_off(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_encoding_left_on_and_unrelated_types(string source) => Verify.VerifyAsync(source);

    [Fact]
    public async Task Flags_yaml_prompt_files_given_as_additional_files()
    {
        const string Flagged = """
            name: Summarize
            template: |
              {{$input}}
            # allow_dangerously_set_content: true (a comment)
            input_variables:
              - name: input
                allow_dangerously_set_content: true
            """;
        const string Safe = """
            name: Translate
            template: "{{$input}}"
            allow_dangerously_set_content: false
            """;
        var diagnostics = await Verify.RunAsync(
            new Analyzers.Rules.PromptTemplateEncodingDisabledAnalyzer(),
            new[] { ("/0/Test0.cs", "static class C { }") },
            null,
            new[] { ("/prompts/summarize.yaml", Flagged), ("/prompts/translate.yml", Safe), ("/prompts/notes.txt", "allow_dangerously_set_content: true") });

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("/prompts/summarize.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(6, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Character);
        Assert.Contains("prompt file 'summarize.yaml'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }
}
