// Shapes of LLamaSharp 0.2x.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LLama.Abstractions
{
    public interface IModelParams { string ModelPath { get; set; } }
    public interface IInferenceParams { }
    public interface ILLamaExecutor
    {
        IAsyncEnumerable<string> InferAsync(string text, IInferenceParams inferenceParams = null, CancellationToken token = default);
    }
}

namespace LLama.Common
{
    public class ModelParams : Abstractions.IModelParams
    {
        public ModelParams(string modelPath) { ModelPath = modelPath; }
        public string ModelPath { get; set; }
    }

    public enum AuthorRole { Unknown = -1, System = 0, User = 1, Assistant = 2 }

    public class ChatHistory
    {
        public sealed class Message
        {
            public Message(AuthorRole authorRole, string content) { }
        }

        public ChatHistory AddMessage(AuthorRole authorRole, string content) => this;
    }

    public class InferenceParams : Abstractions.IInferenceParams
    {
        public int MaxTokens { get; set; } = -1;
    }
}

namespace LLama
{
    public class StatelessExecutor : Abstractions.ILLamaExecutor
    {
        public StatelessExecutor(LLamaWeights weights, Abstractions.IModelParams @params) { }
        public IAsyncEnumerable<string> InferAsync(string prompt, Abstractions.IInferenceParams inferenceParams = null, CancellationToken cancellationToken = default) => throw null!;
    }

    public sealed class ChatSession
    {
        public ChatSession(Abstractions.ILLamaExecutor executor) { }
        public IAsyncEnumerable<string> ChatAsync(Common.ChatHistory.Message message, Abstractions.IInferenceParams inferenceParams = null, CancellationToken cancellationToken = default) => throw null!;
    }

    public sealed class LLamaWeights : IDisposable
    {
        public static LLamaWeights LoadFromFile(Abstractions.IModelParams @params) => throw null!;
        public static Task<LLamaWeights> LoadFromFileAsync(Abstractions.IModelParams @params, CancellationToken token = default, IProgress<float> progressReporter = null) => throw null!;
        public void Dispose() { }
    }
}
