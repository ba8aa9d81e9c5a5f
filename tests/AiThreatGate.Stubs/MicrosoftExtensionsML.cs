// Stands for: Microsoft.Extensions.ML (ML.NET's PredictionEnginePool for ASP.NET Core dependency injection).
// Why a stub: the NuGet registry here serves Microsoft.ML but not Microsoft.Extensions.ML. Only what the AITG024 tests
// call, with the package's names and signatures (Predict is an extension method of PredictionEnginePoolExtensions);
// bodies throw.
namespace Microsoft.Extensions.ML
{
    public class PredictionEnginePool<TData, TPrediction>
        where TData : class
        where TPrediction : class, new()
    {
        public Microsoft.ML.PredictionEngine<TData, TPrediction> GetPredictionEngine(string modelName) => throw null!;

        public void ReturnPredictionEngine(string modelName, Microsoft.ML.PredictionEngine<TData, TPrediction> engine) => throw null!;
    }

    public static class PredictionEnginePoolExtensions
    {
        public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> predictionEnginePool, TData example)
            where TData : class
            where TPrediction : class, new() => throw null!;

        public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> predictionEnginePool, string modelName, TData example)
            where TData : class
            where TPrediction : class, new() => throw null!;
    }
}
