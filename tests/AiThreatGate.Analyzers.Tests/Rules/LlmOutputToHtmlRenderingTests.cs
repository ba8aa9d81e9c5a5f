using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>
/// AITG014's rendering paths beyond raw HTML sinks, against the real Markdig and Spectre.Console packages: model
/// Markdown converted to HTML (raw HTML passed through, or links and images that exfiltrate), and console markup.
/// </summary>
public sealed class LlmOutputToHtmlRenderingTests
{
    public static TheoryData<string> MarkdownFlagged => new()
    {
        // Markdig's default pipeline passes raw HTML through.
        """
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<MarkupString> Render(IChatClient chat) => new MarkupString([|Markdown.ToHtml((await chat.GetResponseAsync("x")).Text)|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
            async Task<MarkupString> Render(IChatClient chat)
            {
                var answer = (await chat.GetResponseAsync("x")).Text;
                var html = Markdown.ToHtml(answer, Pipeline);
                return (MarkupString)[|html|];
            }
        }
        """,
        // HTML disabled, but the model's links and images still reach the page.
        """
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;
        using Microsoft.Extensions.AI;
        class C
        {
            private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
            async Task<IHtmlContent> Render(IHtmlHelper html, IChatClient chat) => html.Raw([|Markdown.ToHtml((await chat.GetResponseAsync("x")).Text, Pipeline)|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Html;
        using OpenAI.Chat;
        class C
        {
            async Task<HtmlString> Render(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("Answer in Markdown");
                var builder = new MarkdownPipelineBuilder();
                builder.DisableHtml();
                var pipeline = builder.Build();
                return new HtmlString([|Markdown.ToHtml(completion.Content[0].Text, pipeline)|]);
            }
        }
        """,
        // Links are walked but only logged: nothing is restricted.
        """
        using System;
        using System.Threading.Tasks;
        using Markdig;
        using Markdig.Syntax;
        using Markdig.Syntax.Inlines;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();
            async Task<MarkupString> Render(IChatClient chat)
            {
                var document = Markdown.Parse((await chat.GetResponseAsync("x")).Text, Pipeline);
                foreach (var link in document.Descendants<LinkInline>()) Console.WriteLine(link.Url);
                return new MarkupString([|Markdown.ToHtml(document, Pipeline)|]);
            }
        }
        """,
        // Link URLs restricted, but raw HTML is still on.
        """
        using System;
        using System.Threading.Tasks;
        using Markdig;
        using Markdig.Syntax;
        using Markdig.Syntax.Inlines;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<MarkupString> Render(IChatClient chat)
            {
                var document = Markdown.Parse((await chat.GetResponseAsync("x")).Text);
                foreach (var link in document.Descendants<LinkInline>()) link.Url = link.Url?.StartsWith("https://docs.example.com/", StringComparison.Ordinal) == true ? link.Url : "#";
                return new MarkupString([|Markdown.ToHtml(document)|]);
            }
        }
        """,
    };

    public static TheoryData<string> MarkdownNotFlagged => new()
    {
        // HTML disabled and every link and image URL checked against an allowlist.
        """
        using System;
        using System.Threading.Tasks;
        using Markdig;
        using Markdig.Syntax;
        using Markdig.Syntax.Inlines;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();
            async Task<MarkupString> Render(IChatClient chat)
            {
                var document = Markdown.Parse((await chat.GetResponseAsync("x")).Text, Pipeline);
                foreach (var link in document.Descendants<LinkInline>())
                {
                    if (link.Url is null || !link.Url.StartsWith("https://docs.example.com/", StringComparison.Ordinal)) link.Url = "#";
                }

                return new MarkupString(Markdown.ToHtml(document, Pipeline));
            }
        }
        """,
        // The pipeline's DocumentProcessed handler removes images and off-site links.
        """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using Markdig;
        using Markdig.Syntax;
        using Markdig.Syntax.Inlines;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<MarkupString> Render(IChatClient chat)
            {
                var builder = new MarkdownPipelineBuilder().DisableHtml();
                builder.DocumentProcessed += document =>
                {
                    foreach (var link in document.Descendants<LinkInline>().ToList())
                    {
                        if (link.IsImage || link.Url?.StartsWith("/", StringComparison.Ordinal) != true) link.Remove();
                    }
                };
                var pipeline = builder.Build();
                return new MarkupString(Markdown.ToHtml((await chat.GetResponseAsync("x")).Text, pipeline));
            }
        }
        """,
        // Constant Markdown, and model output rendered as text.
        """
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            MarkupString Banner(IChatClient unused) => new MarkupString(Markdown.ToHtml("**Beta**"));
            async Task<string> Plain(IChatClient chat) => Markdown.ToPlainText((await chat.GetResponseAsync("x")).Text);
        }
        """,
        // The converted HTML is encoded before it is rendered (shown as source, not rendered).
        """
        using System.Net;
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString(WebUtility.HtmlEncode(Markdown.ToHtml((await chat.GetResponseAsync("x")).Text)));
        }
        """,
    };

    public static TheoryData<string> ConsoleFlagged => new()
    {
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Spectre.Console;
        class C
        {
            async Task Show(IChatClient chat) => AnsiConsole.MarkupLine([|(await chat.GetResponseAsync("x")).Text|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Spectre.Console;
        class C
        {
            async Task Show(IChatClient chat)
            {
                var answer = (await chat.GetResponseAsync("x")).Text;
                AnsiConsole.Markup([|"[green]" + answer + "[/]"|]);
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using OpenAI.Chat;
        using Spectre.Console;
        class C
        {
            async Task Show(IAnsiConsole console, ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("x");
                console.MarkupLine([|completion.Content[0].Text|]);
                console.Write(new Panel(new Markup([|completion.Content[0].Text|])));
            }
        }
        """,
        // An HTML encoder leaves console markup tags as they are.
        """
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Spectre.Console;
        class C
        {
            async Task Show(IChatClient chat) => AnsiConsole.MarkupLine([|HtmlEncoder.Default.Encode((await chat.GetResponseAsync("x")).Text)|]);
        }
        """,
        // A console escaper does not make text safe for HTML.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        using Spectre.Console;
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString([|Markup.Escape((await chat.GetResponseAsync("x")).Text)|]);
        }
        """,
    };

    public static TheoryData<string> ConsoleNotFlagged => new()
    {
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Spectre.Console;
        class C
        {
            async Task Show(IChatClient chat, IAnsiConsole console)
            {
                var answer = (await chat.GetResponseAsync("x")).Text;
                AnsiConsole.MarkupLine(Markup.Escape(answer));
                AnsiConsole.MarkupLine("[green]" + answer.EscapeMarkup() + "[/]");
                AnsiConsole.MarkupLineInterpolated($"[green]{answer}[/]");
                console.MarkupInterpolated($"[bold]{answer}[/]");
                AnsiConsole.WriteLine(answer);
                AnsiConsole.Write(new Text(answer));
                AnsiConsole.Write(new Markup(Markup.Remove(answer)));
                AnsiConsole.MarkupLine("[grey]Thinking...[/]");
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(MarkdownFlagged))]
    public Task Flags_model_markdown_converted_to_html_without_restrictions(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(MarkdownNotFlagged))]
    public Task Ignores_markdown_with_html_disabled_and_links_restricted(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(ConsoleFlagged))]
    public Task Flags_model_output_parsed_as_console_markup(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(ConsoleNotFlagged))]
    public Task Ignores_escaped_or_plain_console_output(string source) => Verify.VerifyAsync(source);

    [Fact]
    public async Task Console_format_arguments_are_formatted_into_the_markup_unescaped()
    {
        var diagnostics = await Verify.RunAsync(new LlmOutputToHtmlAnalyzer(), new[] { ("/0/Test0.cs", """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using Spectre.Console;
            class C
            {
                async Task Show(IChatClient chat) => AnsiConsole.MarkupLine("[bold]{0}[/]", (await chat.GetResponseAsync("x")).Text);
            }
            """) }, null);

        Assert.Contains("AnsiConsole.MarkupLine (Spectre.Console markup", Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("new MarkdownPipelineBuilder().Build()", "passes raw HTML in the Markdown through")]
    [InlineData("new MarkdownPipelineBuilder().DisableHtml().Build()", "links and images still load any URL and can exfiltrate data")]
    public async Task The_message_says_what_the_markdown_conversion_lets_through(string pipeline, string expected)
    {
        var diagnostics = await Verify.RunAsync(new LlmOutputToHtmlAnalyzer(), new[] { ("/0/Test0.cs", $$"""
            using System.Threading.Tasks;
            using Markdig;
            using Microsoft.AspNetCore.Components;
            using Microsoft.Extensions.AI;
            class C
            {
                async Task<MarkupString> Render(IChatClient chat) => (MarkupString)Markdown.ToHtml((await chat.GetResponseAsync("x")).Text, {{pipeline}});
            }
            """) }, null);

        var message = Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("(MarkupString) of Markdown converted by Markdig", message, System.StringComparison.Ordinal);
        Assert.Contains(expected, message, System.StringComparison.Ordinal);
        Assert.Empty(diagnostics.Where(d => d.Properties.ContainsKey(RuleCatalog.MarkupProperty)));
    }
}
