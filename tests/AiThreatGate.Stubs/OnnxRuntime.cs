// Shapes of Microsoft.ML.OnnxRuntime 1.2x.
using System;
using System.Collections.Generic;

namespace Microsoft.ML.OnnxRuntime
{
    public sealed class PrePackedWeightsContainer : IDisposable { public void Dispose() { } }

    public class SessionOptions : IDisposable
    {
        public void RegisterCustomOpLibrary(string libraryPath) => throw null!;
        public void RegisterCustomOpLibraryV2(string libraryPath, out IntPtr libraryHandle) => throw null!;
        public void Dispose() { }
    }

    public class InferenceSession : IDisposable
    {
        public InferenceSession(string modelPath) { }
        public InferenceSession(string modelPath, SessionOptions options) { }
        public InferenceSession(string modelPath, PrePackedWeightsContainer prepackedWeightsContainer) { }
        public InferenceSession(string modelPath, SessionOptions options, PrePackedWeightsContainer prepackedWeightsContainer) { }
        public InferenceSession(byte[] model) { }
        public InferenceSession(byte[] model, SessionOptions options) { }
        public InferenceSession(byte[] model, PrePackedWeightsContainer prepackedWeightsContainer) { }
        public InferenceSession(byte[] model, SessionOptions options, PrePackedWeightsContainer prepackedWeightsContainer) { }
        public IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(IReadOnlyCollection<NamedOnnxValue> inputs) => throw null!;
        public void Dispose() { }
    }

    public interface IDisposableReadOnlyCollection<T> : IReadOnlyCollection<T>, IDisposable { }
    public class NamedOnnxValue { public static NamedOnnxValue CreateFromTensor<T>(string name, Tensors.Tensor<T> value) => throw null!; }
    public class DisposableNamedOnnxValue : NamedOnnxValue, IDisposable { public void Dispose() { } }
}

namespace Microsoft.ML.OnnxRuntime.Tensors
{
    public abstract class Tensor<T> { }
    public class DenseTensor<T> : Tensor<T> { public DenseTensor(T[] data, int[] dimensions) { } }
}
