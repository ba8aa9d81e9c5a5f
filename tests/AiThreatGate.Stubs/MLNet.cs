// Shapes of Microsoft.ML 4.x / Microsoft.ML.OnnxTransformer / Microsoft.ML.TensorFlow.
using System;
using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML
{
    public interface IDataView { }
    public interface ITransformer { IDataView Transform(IDataView input); }
    public interface IEstimator<out TTransformer> where TTransformer : ITransformer { TTransformer Fit(IDataView input); }
    public interface IDataLoader<in TSource> { IDataView Load(TSource input); }
    public interface IMultiStreamSource { }
    public sealed class DataViewSchema { }

    public sealed class MLContext
    {
        public MLContext(int? seed = null) { }
        public ModelOperationsCatalog Model => throw null!;
        public DataOperationsCatalog Data => throw null!;
        public TransformsCatalog Transforms => throw null!;
        public BinaryClassificationCatalog BinaryClassification => throw null!;
    }

    public sealed class ModelOperationsCatalog
    {
        public ITransformer Load(string filePath, out DataViewSchema inputSchema) => throw null!;
        public ITransformer Load(Stream stream, out DataViewSchema inputSchema) => throw null!;
        public ITransformer LoadWithDataLoader(Stream stream, out IDataLoader<IMultiStreamSource> dataLoader) => throw null!;
        public ITransformer LoadWithDataLoader(string filePath, out IDataLoader<IMultiStreamSource> dataLoader) => throw null!;
        public void Save(ITransformer model, DataViewSchema inputSchema, string filePath) => throw null!;
        public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer) where TSrc : class where TDst : class, new() => throw null!;
    }

    public sealed class PredictionEngine<TSrc, TDst> where TSrc : class where TDst : class, new()
    {
        public TDst Predict(TSrc example) => throw null!;
    }

    public sealed class DataOperationsCatalog
    {
        public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data) where TRow : class => throw null!;
        public Data.TextLoader CreateTextLoader<TInput>(char separatorChar = '\t', bool hasHeader = false) => throw null!;
    }

    public sealed class TransformsCatalog
    {
        public TransformsCatalog.TextTransforms Text => throw null!;
        public sealed class TextTransforms { }
    }

    public sealed class BinaryClassificationCatalog
    {
        public BinaryClassificationTrainers Trainers => throw null!;
        public sealed class BinaryClassificationTrainers { }
    }

    public static class TextLoaderSaverCatalog
    {
        public static IDataView LoadFromTextFile<TInput>(this DataOperationsCatalog catalog, string path, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false, bool allowSparse = false) => throw null!;
        public static IDataView LoadFromTextFile(this DataOperationsCatalog catalog, string path, Data.TextLoader.Column[] columns, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false, bool allowSparse = false) => throw null!;
    }

    public static class BinaryLoaderSaverCatalog
    {
        public static IDataView LoadFromBinary(this DataOperationsCatalog catalog, string path) => throw null!;
        public static IDataView LoadFromBinary(this DataOperationsCatalog catalog, IMultiStreamSource fileSource) => throw null!;
    }

    public static class TextCatalog
    {
        public static IEstimator<ITransformer> FeaturizeText(this TransformsCatalog.TextTransforms catalog, string outputColumnName, string inputColumnName = null) => throw null!;
    }

    public static class StandardTrainersCatalog
    {
        public static IEstimator<ITransformer> SdcaLogisticRegression(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = "Label", string featureColumnName = "Features") => throw null!;
    }

    public static class LearningPipelineExtensions
    {
        public static IEstimator<ITransformer> Append(this IEstimator<ITransformer> start, IEstimator<ITransformer> estimator) => throw null!;
    }

    public static class OnnxCatalog
    {
        public static Transforms.Onnx.OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string modelFile, int? gpuDeviceId = null, bool fallbackToCpu = false) => throw null!;
        public static Transforms.Onnx.OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, Stream modelBytes, int? gpuDeviceId = null, bool fallbackToCpu = false) => throw null!;
        public static Transforms.Onnx.OnnxScoringEstimator ApplyOnnxModel(this TransformsCatalog catalog, string outputColumnName, string inputColumnName, string modelFile, int? gpuDeviceId = null, bool fallbackToCpu = false) => throw null!;
    }

    public static class TensorflowCatalog
    {
        public static Transforms.TensorFlowModel LoadTensorFlowModel(this ModelOperationsCatalog catalog, string modelLocation) => throw null!;
        public static Transforms.TensorFlowModel LoadTensorFlowModel(this ModelOperationsCatalog catalog, string modelLocation, bool treatOutputAsBatched) => throw null!;
    }
}

namespace Microsoft.ML.Transforms
{
    public sealed class TensorFlowModel : IDisposable { public void Dispose() { } }
}

namespace Microsoft.ML.Transforms.Onnx
{
    public sealed class OnnxScoringEstimator : IEstimator<ITransformer> { public ITransformer Fit(IDataView input) => throw null!; }
}

namespace Microsoft.ML.Data
{
    public sealed class TextLoader : IDataLoader<IMultiStreamSource>
    {
        public IDataView Load(IMultiStreamSource source) => throw null!;
        public sealed class Column { public Column(string name, DataKind dataKind, int index) { } }
    }

    public enum DataKind { String = 11, Single = 9, Boolean = 10 }

    public sealed class MultiFileSource : IMultiStreamSource
    {
        public MultiFileSource(params string[] paths) { }
    }
}
