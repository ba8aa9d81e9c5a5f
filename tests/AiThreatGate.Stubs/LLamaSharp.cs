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

    public class InferenceParams : Abstractions.IInferenceParams
    {
        public int MaxTokens { get; set; } = -1;
    }
}

namespace LLama
{
    public sealed class LLamaWeights : IDisposable
    {
        public static LLamaWeights LoadFromFile(Abstractions.IModelParams @params) => throw null!;
        public static Task<LLamaWeights> LoadFromFileAsync(Abstractions.IModelParams @params, CancellationToken token = default, IProgress<float> progressReporter = null) => throw null!;
        public void Dispose() { }
    }
}
