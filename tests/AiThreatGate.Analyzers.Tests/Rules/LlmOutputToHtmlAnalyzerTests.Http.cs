using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>
/// AITG014 where the model is called without an SDK: an HttpClient request to an OpenAI-compatible completions endpoint
/// (OpenRouter, Ollama, vLLM, Azure OpenAI's REST API), its JSON response read into the application's own classes.
/// </summary>
public sealed partial class LlmOutputToHtmlAnalyzerTests
{
    [Fact]
    public Task Completions_endpoint_response_read_into_a_dto_and_rendered_through_markdig() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Markdig;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        public class ChatEntry { public string Role { get; set; } = ""; public string Content { get; set; } = ""; }
        public class ChatResult { public string Content { get; set; } = ""; public int Tokens { get; set; } }
        public class RouterService(HttpClient http)
        {
            public async Task<ChatResult> ChatAsync(string model, string userMessage, CancellationToken cancellationToken = default)
            {
                using HttpRequestMessage request = new(HttpMethod.Post, "/api/v1/chat/completions");
                request.Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content = userMessage } } });
                HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
                ReplyDto? reply = await response.Content.ReadFromJsonAsync<ReplyDto>(cancellationToken);
                string content = reply?.Choices?.FirstOrDefault()?.Message?.Content ?? "";
                return new ChatResult { Content = content, Tokens = 1 };
            }
            public async Task<string> DocumentAsync(string id)
            {
                var response = await http.PostAsJsonAsync("/api/documents/render", new { id });
                return await response.Content.ReadAsStringAsync();
            }
            private sealed class ReplyDto { public List<Choice>? Choices { get; set; } }
            private sealed class Choice { public ApiMessage? Message { get; set; } }
            private sealed class ApiMessage { public string Content { get; set; } = ""; }
        }
        public sealed class Home : ComponentBase
        {
            private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
            [Inject] public RouterService Router { get; set; } = null!;
            private readonly List<ChatEntry> messages = new();
            private string document = "";
            private async Task SendAsync(string text)
            {
                messages.Add(new ChatEntry { Role = "user", Content = text });
                ChatResult result = await Router.ChatAsync("openai/gpt-4o", text);
                messages.Add(new ChatEntry { Role = "assistant", Content = result.Content });
                document = await Router.DocumentAsync("1");
            }
            private static string ConvertToHtml(string markdown) => string.IsNullOrEmpty(markdown) ? "" : Markdown.ToHtml(markdown, Pipeline);
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                foreach (ChatEntry msg in messages)
                {
                    if (msg.Role == "user")
                    {
                        builder.AddContent(0, msg.Content);
                    }
                    else
                    {
                        builder.AddContent(1, (MarkupString)[|ConvertToHtml(msg.Content)|]);
                    }
                }

                builder.AddContent(2, (MarkupString)ConvertToHtml(document));
            }
        }
        """);

    public static TheoryData<string> HttpCompletionsFlagged => new()
    {
        // PostAsJsonAsync to a relative path, the JSON read as text and parsed.
        """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        class C
        {
            async Task<HtmlString> Render(HttpClient http, string question)
            {
                var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "llama3", prompt = question });
                var json = await response.Content.ReadAsStringAsync();
                using var document = JsonDocument.Parse(json);
                var text = document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
                return new HtmlString([|text|]);
            }
        }
        """,
        // The URL built from a configured base address and a constant path; Azure OpenAI's REST shape.
        """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        sealed record Completion(string Text);
        class C
        {
            private readonly string _endpoint = "https://contoso.openai.azure.com";
            async Task<MarkupString> Render(HttpClient http, HttpContent body, string deployment)
            {
                var response = await http.PostAsync($"{_endpoint}/openai/deployments/{deployment}/chat/completions?api-version=2024-10-21", body);
                var completion = await response.Content.ReadFromJsonAsync<Completion>();
                return new MarkupString([|"<div>" + completion!.Text + "</div>"|]);
            }
        }
        """,
    };

    public static TheoryData<string> HttpCompletionsNotFlagged => new()
    {
        // Another endpoint of the application's own API: not a model's response.
        """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        sealed record Page(string Html);
        class C
        {
            async Task<HtmlString> Render(HttpClient http)
            {
                var response = await http.PostAsJsonAsync("api/pages/render", new { id = 1 });
                var page = await response.Content.ReadFromJsonAsync<Page>();
                return new HtmlString(page!.Html);
            }
        }
        """,
        // The completion HTML-encoded before it is rendered.
        """
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        sealed record Completion(string Text);
        class C
        {
            async Task<MarkupString> Render(HttpClient http, HttpContent body)
            {
                var response = await http.PostAsync("/v1/chat/completions", body);
                var completion = await response.Content.ReadFromJsonAsync<Completion>();
                return new MarkupString("<p>" + WebUtility.HtmlEncode(completion!.Text) + "</p>");
            }
        }
        """,
        // A completions path in a log message is not a request to it.
        """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        class C
        {
            async Task<HtmlString> Render(HttpClient http, string url)
            {
                Console.WriteLine("proxying /v1/chat/completions to " + url);
                var html = await (await http.PostAsync(url, null)).Content.ReadAsStringAsync();
                return new HtmlString(html);
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(HttpCompletionsFlagged))]
    public Task Flags_completions_endpoint_response_rendered_as_markup(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(HttpCompletionsNotFlagged))]
    public Task Ignores_other_http_responses_and_encoded_completions(string source) => Verify.VerifyAsync(source);
}
