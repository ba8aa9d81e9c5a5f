using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>
/// AITG014 where a chat page keeps its messages in the application's own classes: model output stored in a message
/// object by a service (an object initializer, a deconstruction of a tuple the model call returned), the messages
/// iterated where they are rendered, and the text passed through the page's own Markdown-ish formatting helper
/// (string.Replace, Regex.Replace) that adds tags but encodes nothing.
/// </summary>
public sealed partial class LlmOutputToHtmlAnalyzerTests
{
    [Fact]
    public Task Answer_stored_in_a_message_list_and_formatted_by_a_regex_helper() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Net;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        using Microsoft.Extensions.AI;
        public class AssistantReply { public string? TextContent { get; set; } public bool IsError { get; set; } }
        public class ChatEntry { public string Content { get; set; } = ""; public bool IsUser { get; set; } }
        public interface IAssistant { Task<AssistantReply> SendAsync(string message); }
        public sealed class Assistant : IAssistant
        {
            private readonly IChatClient _chat;
            public Assistant(IChatClient chat) => _chat = chat;
            public async Task<AssistantReply> SendAsync(string message)
            {
                var response = await _chat.GetResponseAsync(message);
                var text = response.Text ?? "none";
                return new AssistantReply { TextContent = text, IsError = false };
            }
        }
        public sealed class ChatPage : ComponentBase
        {
            [Inject] public IAssistant Assistant { get; set; } = null!;
            private readonly List<ChatEntry> entries = new();
            private async Task Send(string input)
            {
                entries.Add(new ChatEntry { Content = input, IsUser = true });
                var response = await Assistant.SendAsync(input);
                entries.Add(new ChatEntry { Content = response.TextContent ?? "No response", IsUser = false });
            }
            private static string Format(string content)
            {
                content = content.Replace("\n", "<br>");
                content = Regex.Replace(content, @"\*\*(.*?)\*\*", "<strong>$1</strong>");
                return content;
            }
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                foreach (var entry in entries)
                {
                    builder.AddContent(0, (MarkupString)[|Format(entry.Content)|]);
                    builder.AddContent(1, (MarkupString)Format(WebUtility.HtmlEncode(entry.Content)));
                    builder.AddContent(2, entry.Content);
                }
            }
        }
        """);

    [Fact]
    public Task Completion_deconstructed_into_a_stored_message() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public record Message
        {
            public string Prompt { get; set; }
            public string Completion { get; set; }
            public string Model { get; set; } = "";
            public int Tokens { get; set; }
            public Message(string prompt, string completion = "") { Prompt = prompt; Completion = completion; }
        }
        public sealed class ModelService
        {
            private readonly IChatCompletionService _chat;
            public ModelService(IChatCompletionService chat) => _chat = chat;
            public async Task<(string completion, int tokens)> CompleteAsync(string prompt)
            {
                var result = await _chat.GetChatMessageContentAsync(prompt);
                string completion = result.Items[0].ToString()!;
                return (completion, 3);
            }
        }
        public sealed class ChatService
        {
            private readonly ModelService _model;
            public ChatService(ModelService model) => _model = model;
            public async Task<Message> AskAsync(string prompt)
            {
                var message = new Message(prompt);
                (message.Completion, message.Tokens) = await _model.CompleteAsync(prompt);
                (message.Model, message.Tokens) = ("gpt-4o", (await _model.CompleteAsync(prompt)).tokens);
                return message;
            }
            public Task<List<Message>> HistoryAsync() => Task.FromResult(new List<Message>());
        }
        public sealed class ChatPane : ComponentBase
        {
            [Inject] public ChatService Chat { get; set; } = null!;
            private List<Message> _messages = new();
            private async Task Load() => _messages = await Chat.HistoryAsync();
            private MarkupString Fixup(string input)
            {
                var text = input.Replace("\n", "<br />");
                var code = new Regex("```");
                text = code.Replace(text, "<pre><code>", 1, 0);
                return new MarkupString([|text|]);
            }
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                foreach (var msg in _messages)
                {
                    MarkupString completion = Fixup([|msg.Completion|]);
                    builder.AddContent(0, completion);
                    builder.AddContent(1, Fixup(msg.Model));
                    builder.AddContent(2, msg.Completion);
                }
            }
        }
        """);

    [Fact]
    public Task Answer_passed_to_a_child_component_parameter() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        using Microsoft.Extensions.AI;
        public sealed class AnswerView : ComponentBase
        {
            [Parameter] public string Answer { get; set; } = "";
            [Parameter] public string Heading { get; set; } = "";
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                builder.AddContent(0, (MarkupString)Heading);
                builder.AddContent(1, (MarkupString)[|Answer|]);
            }
        }
        public sealed class AskPage : ComponentBase
        {
            [Inject] public IChatClient Chat { get; set; } = null!;
            private string answer = "";
            private async Task AskAsync(string question) => answer = (await Chat.GetResponseAsync(question)).Text;
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                builder.OpenComponent<AnswerView>(0);
                builder.AddComponentParameter(1, nameof(AnswerView.Answer), answer);
                builder.AddComponentParameter(2, nameof(AnswerView.Heading), "<b>Answer</b>");
                builder.CloseComponent();
            }
        }
        """);

    // `@if (!messages.Any()) { empty state } else { @foreach ... }`: Any() without a predicate tests whether the list is
    // empty, not which values it holds, so it guards nothing; Contains(value) against known values still does.
    [Fact]
    public Task Emptiness_check_of_the_message_list_is_not_a_guard() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        using Microsoft.Extensions.AI;
        public sealed class Turn { public string Content { get; set; } = ""; }
        public sealed class ChatPage : ComponentBase
        {
            private static readonly string[] Badges = { "<b>new</b>", "<i>beta</i>" };
            [Inject] public IChatClient Chat { get; set; } = null!;
            private readonly List<Turn> turns = new();
            private string badge = "";
            private async Task Send(string input)
            {
                turns.Add(new Turn { Content = (await Chat.GetResponseAsync(input)).Text });
                badge = (await Chat.GetResponseAsync("pick a badge")).Text;
            }
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                if (!turns.Any())
                {
                    builder.AddContent(0, "Ask something");
                }
                else
                {
                    foreach (var turn in turns)
                    {
                        builder.AddContent(1, (MarkupString)[|turn.Content|]);
                    }
                }

                if (Badges.Contains(badge))
                {
                    builder.AddContent(2, (MarkupString)badge);
                }
            }
        }
        """);

    // An agent's answer whose Markdown links a service rewrote into <a> tags with a regex, kept in a message class
    // nested in the page: the links are rewritten, the rest of the text is not encoded.
    [Fact]
    public Task Agent_answer_with_links_rewritten_by_regex_in_a_nested_message_class() => Verify.VerifyAsync("""
        #pragma warning disable OPENAI001
        using System.Collections.Generic;
        using System.Net;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Components.Rendering;
        using OpenAI.Responses;
        public sealed class AgentService(ResponsesClient responses)
        {
            public async Task<string> GetResponseAsync(string prompt)
            {
                var response = await responses.CreateResponseAsync("agent", prompt);
                return response.Value.GetOutputText();
            }
        }
        public sealed class LinkFormatter
        {
            public string ConvertMarkdownLinksToHtml(string text) =>
                Regex.Replace(text, @"\[([^\]]+)\]\(([^)]+)\)", m => $"<a href=\"{m.Groups[2].Value}\" target=\"_blank\">{m.Groups[1].Value}</a>");
        }
        public sealed class Home : ComponentBase
        {
            [Inject] public AgentService Agent { get; set; } = null!;
            [Inject] public LinkFormatter Links { get; set; } = null!;
            private readonly List<ChatMessage> messages = new();
            private async Task SendMessage(string input)
            {
                messages.Add(new ChatMessage { Text = input, IsUser = true });
                var agentResponse = await Agent.GetResponseAsync(input);
                messages.Add(new ChatMessage { Text = Links.ConvertMarkdownLinksToHtml(agentResponse), IsUser = false });
            }
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                foreach (var message in messages)
                {
                    if (message.IsUser)
                    {
                        builder.AddContent(0, message.Text);
                    }
                    else
                    {
                        builder.AddContent(1, (MarkupString)[|message.Text|]);
                        builder.AddContent(2, (MarkupString)Links.ConvertMarkdownLinksToHtml(WebUtility.HtmlEncode(message.Text)));
                    }
                }
            }
            private sealed class ChatMessage
            {
                public string Text { get; set; } = "";
                public bool IsUser { get; set; }
            }
        }
        """);
}
