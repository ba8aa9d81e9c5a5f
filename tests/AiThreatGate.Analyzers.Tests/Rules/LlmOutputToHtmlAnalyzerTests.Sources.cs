using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG014 where model output reaches a Blazor component as a value: a response-typed [Parameter], a property set elsewhere.</summary>
public sealed partial class LlmOutputToHtmlAnalyzerTests
{
    [Fact]
    public Task Component_parameter_typed_as_a_response() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        using Microsoft.Extensions.AI;
        public sealed class AnswerView : ComponentBase
        {
            [Parameter] public ChatResponse? Response { get; set; }
            [Parameter] public ChatMessage? UserMessage { get; set; }
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                builder.AddContent(0, (MarkupString)[|Response!.Text|]);
                builder.AddContent(1, (MarkupString)UserMessage!.Text);
            }
        }
        """);

    [Fact]
    public Task Answer_assigned_in_one_method_rendered_in_another() => Verify.VerifyAsync(new[]
    {
        ("Chat.cs", """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Components;
            using Microsoft.AspNetCore.Components.Rendering;
            using Microsoft.Extensions.AI;
            public sealed class ChatPage : ComponentBase
            {
                [Inject] public IChatClient Chat { get; set; } = null!;
                public string Answer { get; set; } = "";
                public string Greeting { get; set; } = "<b>Hello</b>";
                public async Task Ask(string question) => Answer = (await Chat.GetResponseAsync(question)).Text;
                protected override void BuildRenderTree(RenderTreeBuilder builder)
                {
                    builder.AddContent(0, (MarkupString)[|Answer|]);
                    builder.AddContent(1, (MarkupString)Greeting);
                }
            }
            """),
        ("Transcript.cs", """
            using Microsoft.AspNetCore.Components;
            public static class Transcript
            {
                public static MarkupString Last(ChatPage page) => (MarkupString)[|page.Answer|];
                public static MarkupString Hello(ChatPage page) => (MarkupString)page.Greeting;
            }
            """),
    });
}
