using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.CodeFixVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer, AiThreatGate.CodeFixes.HtmlEncodeCodeFix>;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

public sealed class HtmlEncodeCodeFixTests
{
    [Fact]
    public Task Wraps_the_rendered_output_in_HtmlEncoder() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString([|(await chat.GetResponseAsync("x")).Text|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString(System.Text.Encodings.Web.HtmlEncoder.Default.Encode((await chat.GetResponseAsync("x")).Text));
        }
        """);

    [Fact]
    public Task Fix_all_encodes_every_rendering_in_the_document() => Verify.VerifyAsync(
        """
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> A(IChatClient chat) => new HtmlString([|(await chat.GetResponseAsync("a")).Text|]);
            async Task<MarkupString> B(IChatClient chat) => new MarkupString([|(await chat.GetResponseAsync("b")).Text|]);
        }
        """,
        """
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> A(IChatClient chat) => new HtmlString(HtmlEncoder.Default.Encode((await chat.GetResponseAsync("a")).Text));
            async Task<MarkupString> B(IChatClient chat) => new MarkupString(HtmlEncoder.Default.Encode((await chat.GetResponseAsync("b")).Text));
        }
        """,
        fixAll: true);
}
