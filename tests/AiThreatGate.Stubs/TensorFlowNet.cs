// Stands for: TensorFlow.NET / TensorFlow.Keras (SciSharp; packages TensorFlow.NET and TensorFlow.Keras).
// Why a stub: the NuGet registry here serves neither package, nor SciSharp.TensorFlow.Redist. Only the members the
// AITG002/AITG003 tests use, with the real namespaces and signatures; bodies throw.
namespace Tensorflow
{
    public sealed class LoadOptions { }
    public sealed class Trackable { }

    public sealed class SavedModelAPI
    {
        public Trackable load(string export_dir, LoadOptions options = null) => throw null!;
    }

    public class Session
    {
        public static Session LoadFromSavedModel(string path) => throw null!;
    }

    public static class Binding
    {
        public static tensorflow tf => throw null!;
    }

    public sealed class tensorflow
    {
        public SavedModelAPI saved_model => throw null!;
    }
}

namespace Tensorflow.Keras.Models
{
    public interface IModel { }
    public interface IModelsApi
    {
        IModel load_model(string filepath, bool compile = true, LoadOptions options = null);
    }
}
