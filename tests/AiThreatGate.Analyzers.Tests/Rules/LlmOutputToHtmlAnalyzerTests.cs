using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed partial class LlmOutputToHtmlAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<IHtmlContent> Render(IChatClient chat, string question) => new HtmlString([|(await chat.GetResponseAsync(question)).Text|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using OpenAI.Chat;
        class C
        {
            async Task<MarkupString> Render(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("Write a greeting in HTML");
                return (MarkupString)[|completion.Content[0].Text|];
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<MarkupString> Render(IChatClient chat) => new MarkupString([|"<div>" + (await chat.GetResponseAsync("x")).Text + "</div>"|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<IHtmlContent> Render(IHtmlHelper html, IChatClient chat) => html.Raw([|(await chat.GetResponseAsync("x")).Text|]);
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<IResult> Answer(IChatClient chat, string q) => Results.Content([|(await chat.GetResponseAsync(q)).Text|], "text/html");
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class AnswersController : Controller
        {
            private readonly IChatClient _chat;
            public AnswersController(IChatClient chat) => _chat = chat;
            public async Task<IActionResult> Ask(string q) => Content([|(await _chat.GetResponseAsync(q)).Text|], "text/html; charset=utf-8");
        }
        """,
        // Streaming chunks joined (top-level statements).
        """
        using System.Text;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        var html = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync("summary as HTML")) html.Append(update.Text);
        var content = new HtmlString([|html.ToString()|]);
        """,
        // Encoding for a URL is the wrong context for HTML.
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString([|"<a href='/x'>" + Uri.EscapeDataString((await chat.GetResponseAsync("x")).Text) + "</a><p>" + (await chat.GetResponseAsync("y")).Text + "</p>"|]);
        }
        """,
        // Through an interface implemented in the compilation (lambda).
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        interface IWriter { Task<string> WriteAsync(); }
        sealed class LlmWriter : IWriter
        {
            private readonly IChatClient _chat;
            public LlmWriter(IChatClient chat) => _chat = chat;
            public async Task<string> WriteAsync() => (await _chat.GetResponseAsync("write")).Text;
        }
        class C
        {
            Func<Task<HtmlString>> Render(IWriter writer) => async () => new HtmlString([|await writer.WriteAsync()|]);
        }
        """,
        // A tool parameter rendered in a report (partial class).
        """
        using Microsoft.AspNetCore.Html;
        using Microsoft.SemanticKernel;
        partial class ReportTools { private HtmlString _last = HtmlString.Empty; }
        partial class ReportTools
        {
            [KernelFunction]
            public void Publish(string body) => _last = new HtmlString([|body|]);
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        """
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString(HtmlEncoder.Default.Encode((await chat.GetResponseAsync("x")).Text));
        }
        """,
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using OpenAI.Chat;
        class C
        {
            async Task<MarkupString> Render(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("x");
                return new MarkupString("<p>" + WebUtility.HtmlEncode(completion.Content[0].Text) + "</p>");
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<IResult> Answer(IChatClient chat, string q) => Results.Content((await chat.GetResponseAsync(q)).Text, "text/plain");
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<IResult> Answer(IChatClient chat, string q) => Results.Text((await chat.GetResponseAsync(q)).Text);
        }
        """,
        """
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            HtmlString Banner(IChatClient unused) => new HtmlString("<strong>Beta</strong>");
        }
        """,
        """
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            HtmlString Render(string templateFromDisk, IChatClient unused) => new HtmlString(templateFromDisk);
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task<HtmlString> Badge(IChatClient chat)
            {
                var mood = (await chat.GetResponseAsync("positive or negative?")).Text;
                var css = mood == "positive" ? "good" : "bad";
                return new HtmlString($"<span class='{css}'>sentiment</span>");
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using OpenAI.Chat;
        class C
        {
            async Task<HtmlString> Score(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("score 1-10");
                var score = double.Parse(completion.Content[0].Text, System.Globalization.CultureInfo.InvariantCulture);
                return new HtmlString($"<meter value='{score}' max='10'></meter>");
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class Sanitizer { [LlmOutputValidator] public static string Clean(string html) => html; }
        class C
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString(Sanitizer.Clean((await chat.GetResponseAsync("x")).Text));
        }
        """,
        """
        // <auto-generated/>
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        class Generated
        {
            async Task<HtmlString> Render(IChatClient chat) => new HtmlString((await chat.GetResponseAsync("x")).Text);
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_output_rendered_as_markup(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_encoded_text_or_constant_markup(string source) => Verify.VerifyAsync(source);
}
