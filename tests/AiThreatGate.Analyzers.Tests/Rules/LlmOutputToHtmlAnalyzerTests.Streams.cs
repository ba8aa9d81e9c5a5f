using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToHtmlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG014 for a chat component fed by a bot service's streaming events, rendering the answer as Markdown.</summary>
public sealed partial class LlmOutputToHtmlAnalyzerTests
{
    // The service streams the agent's answer to subscribers; the chat page appends each chunk to the turn it shows and
    // hands the turn's response to a message component, which converts it with a Markdig pipeline (PIPELINE).
    private const string StreamedChat = """
        using System; using System.Collections.Generic; using System.Threading.Tasks;
        using Markdig; using Microsoft.AspNetCore.Components; using Microsoft.AspNetCore.Components.Rendering;
        using Microsoft.SemanticKernel; using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class ChatTurn { public string UserMessage { get; set; } = ""; public string AgentResponse { get; set; } = ""; }
        public sealed class ChatMessageStreamResult { public string? Content { get; set; } }
        public sealed class BotService
        {
            private readonly IChatCompletionService _chat;
            public BotService(IChatCompletionService chat) => _chat = chat;
            public event Action<ChatMessageStreamResult>? ChatMessageStream;
            public async Task AskAsync(ChatHistory history)
            {
                await foreach (var chunk in _chat.GetStreamingChatMessageContentsAsync(history))
                {
                    ChatMessageStream?.Invoke(new ChatMessageStreamResult { Content = chunk.Content });
                }
            }
        }
        public sealed class ChatMessageContent : ComponentBase
        {
            private readonly MarkdownPipeline _pipeline;
            public ChatMessageContent() => _pipeline = new MarkdownPipelineBuilder()PIPELINE.UsePipeTables().UseBootstrap().Build();
            [Parameter] public string AgentResponse { get; set; } = "";
            [Parameter] public string UserMessage { get; set; } = "";
            public MarkupString GetHtmlFromMD(string md) => new MarkupString(Markdown.ToHtml(md ?? "", _pipeline));
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                builder.AddContent(0, UserMessage);
                builder.AddContent(1, GetHtmlFromMD(RESPONSE));
            }
        }
        public sealed class ChatPage : ComponentBase
        {
            [Inject] public BotService Bot { get; set; } = null!;
            private readonly List<ChatTurn> _turns = new();
            private ChatTurn? StreamedMessage { get; set; }
            protected override void OnInitialized() => Bot.ChatMessageStream += OnStream;
            private void OnStream(ChatMessageStreamResult result)
            {
                if (StreamedMessage != null) { StreamedMessage.AgentResponse += result.Content; }
            }
            protected override void BuildRenderTree(RenderTreeBuilder builder)
            {
                foreach (var msg in _turns)
                {
                    builder.OpenComponent<ChatMessageContent>(0);
                    builder.AddComponentParameter(1, nameof(ChatMessageContent.UserMessage), msg.UserMessage);
                    builder.AddComponentParameter(2, nameof(ChatMessageContent.AgentResponse), msg.AgentResponse);
                    builder.CloseComponent();
                }
            }
        }
        """;

    [Fact]
    public Task Streamed_answer_rendered_by_a_markdown_helper_that_keeps_raw_html() => Verify.VerifyAsync(
        StreamedChat.Replace("PIPELINE", ".UseAdvancedExtensions()").Replace("RESPONSE", "[|AgentResponse|]")
            .Replace("new MarkupString(Markdown.ToHtml(md ?? \"\", _pipeline))", "new MarkupString([|Markdown.ToHtml(md ?? \"\", _pipeline)|])"));

    [Fact]
    public Task The_same_markdown_helper_given_the_users_own_message_is_clean() => Verify.VerifyAsync(
        StreamedChat.Replace("PIPELINE", ".UseAdvancedExtensions()").Replace("RESPONSE", "UserMessage"));
}
