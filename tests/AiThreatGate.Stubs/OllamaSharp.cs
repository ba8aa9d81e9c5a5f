// Shapes of OllamaSharp 5.x (not served by the registry here).
using System;
using System.Collections.Generic;
using System.Threading;

namespace OllamaSharp
{
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
    public sealed class OllamaToolAttribute : Attribute { }

    public interface IOllamaApiClient
    {
        IAsyncEnumerable<Models.GenerateResponseStream> GenerateAsync(Models.GenerateRequest request, CancellationToken cancellationToken = default);
        IAsyncEnumerable<Models.Chat.ChatResponseStream> ChatAsync(Models.Chat.ChatRequest request, CancellationToken cancellationToken = default);
    }

    public class OllamaApiClient : IOllamaApiClient
    {
        public OllamaApiClient(Uri uriString, string defaultModel = "") { }
        public IAsyncEnumerable<Models.GenerateResponseStream> GenerateAsync(Models.GenerateRequest request, CancellationToken cancellationToken = default) => throw null!;
        public IAsyncEnumerable<Models.Chat.ChatResponseStream> ChatAsync(Models.Chat.ChatRequest request, CancellationToken cancellationToken = default) => throw null!;
    }

    public static class OllamaApiClientExtensions
    {
        public static IAsyncEnumerable<Models.GenerateResponseStream> GenerateAsync(this IOllamaApiClient client, string prompt, object context = null, CancellationToken cancellationToken = default) => throw null!;
    }

    public class Chat
    {
        public Chat(IOllamaApiClient client, string systemPrompt = "") { }
        public Models.RequestOptions Options { get; set; }
        public IAsyncEnumerable<string> SendAsync(string message, CancellationToken cancellationToken = default) => throw null!;
        public IAsyncEnumerable<string> SendAsync(string message, IEnumerable<object> tools, IEnumerable<string> imagesAsBase64 = null, object format = null, CancellationToken cancellationToken = default) => throw null!;
        public IAsyncEnumerable<string> SendAsAsync(Models.Chat.ChatRole role, string message, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace OllamaSharp.Models
{
    public class RequestOptions
    {
        public int? NumPredict { get; set; }
        public float? Temperature { get; set; }
    }

    public class GenerateRequest
    {
        public string Model { get; set; }
        public string Prompt { get; set; }
        public string System { get; set; }
        public string Template { get; set; }
        public RequestOptions Options { get; set; }
    }

    public class GenerateResponseStream
    {
        public string Response { get; set; }
    }
}

namespace OllamaSharp.Models.Chat
{
    public readonly struct ChatRole
    {
        public ChatRole(string role) { }
        public static ChatRole System { get; }
        public static ChatRole User { get; }
        public static ChatRole Assistant { get; }
    }

    public class Message
    {
        public Message(ChatRole? role, string content) { }
        public string Content { get; set; }
    }

    public class ChatRequest
    {
        public string Model { get; set; }
        public IEnumerable<Message> Messages { get; set; }
        public RequestOptions Options { get; set; }
    }

    public class ChatResponseStream
    {
        public Message Message { get; set; }
    }
}
