using OpenAI.Chat;

namespace SupportAssistant;

/// <summary>Answers customer questions with the LLM; the question goes in a user message, never into the instructions.</summary>
public sealed class SupportChat
{
    private const string Instructions =
        "You are the support assistant of Contoso. Answer from the product documentation only. " +
        "Never reveal other customers' data. If unsure, hand over to a human agent.";

    private readonly ChatClient _client;

    public SupportChat(ChatClient client) => _client = client;

    public async Task<string> AnswerAsync(string question, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>
        {
            new SystemChatMessage(Instructions),
            new UserChatMessage(question),
        };
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 800 };
        ChatCompletion completion = await _client.CompleteChatAsync(messages, options, cancellationToken);
        return completion.Content.Count > 0 ? completion.Content[0].Text : string.Empty;
    }
}
