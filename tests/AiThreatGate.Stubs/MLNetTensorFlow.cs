// Stands for: Microsoft.ML.TensorFlow (ML.NET's TensorFlow integration: TensorflowCatalog.LoadTensorFlowModel).
// Why a stub: the NuGet registry here serves Microsoft.ML but not Microsoft.ML.TensorFlow. The package declares its
// types in ML.NET's own namespaces (Microsoft.ML, Microsoft.ML.Transforms), so this file is the one exception the stub
// policy test allows in a served namespace: it names exactly these types and checks that no referenced real package
// declares them. Only what the AITG002 tests call; bodies throw.
using System;

namespace Microsoft.ML
{
    public static class TensorflowCatalog
    {
        public static Transforms.TensorFlowModel LoadTensorFlowModel(this ModelOperationsCatalog catalog, string modelLocation) => throw null!;
        public static Transforms.TensorFlowModel LoadTensorFlowModel(this ModelOperationsCatalog catalog, string modelLocation, bool treatOutputAsBatched) => throw null!;
    }
}

namespace Microsoft.ML.Transforms
{
    public sealed class TensorFlowModel : IDisposable
    {
        public void Dispose() { }
    }
}
