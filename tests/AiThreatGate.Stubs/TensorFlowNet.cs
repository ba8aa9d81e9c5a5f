// Shapes of TensorFlow.NET / TensorFlow.Keras.
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
