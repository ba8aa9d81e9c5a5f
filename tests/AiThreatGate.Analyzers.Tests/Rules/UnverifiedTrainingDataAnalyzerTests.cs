using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnverifiedTrainingDataAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class UnverifiedTrainingDataAnalyzerTests
{
    private const string Row = "public sealed class Row { public string Text { get; set; } = \"\"; public bool Label { get; set; } }";

    public static TheoryData<string> Flagged => new()
    {
        // A downloaded CSV feeds Fit.
        """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;
        class C
        {
            async Task<ITransformer> TrainAsync(HttpClient http, MLContext ml, IEstimator<ITransformer> pipeline)
            {
                var path = Path.GetTempFileName();
                await File.WriteAllTextAsync(path, await http.GetStringAsync("https://data.example.com/reviews.csv"));
                var data = [|ml.Data.LoadFromTextFile<Row>(path, ',', hasHeader: true)|];
                return pipeline.Fit(data);
            }
        }
        """ + Row,
        // An uploaded file (ASP.NET Core IFormFile) is the training set.
        """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        class C
        {
            async Task<ITransformer> TrainAsync(IFormFile upload, MLContext ml, IEstimator<ITransformer> pipeline)
            {
                var path = Path.Combine("/data", upload.FileName);
                await using (var file = File.Create(path)) { await upload.CopyToAsync(file); }
                var data = [|ml.Data.LoadFromTextFile<Row>(path)|];
                return pipeline.Fit(data);
            }
        }
        """ + Row,
        // A UNC share (lambda).
        """
        using System;
        using Microsoft.ML;
        class C
        {
            Func<IEstimator<ITransformer>, ITransformer> Train(MLContext ml) => pipeline => pipeline.Fit([|ml.Data.LoadFromTextFile<Row>(@"\\fileshare\datasets\reviews.tsv")|]);
        }
        """ + Row,
        // A URL-named binary data set, returned for training elsewhere.
        """
        using Microsoft.ML;
        class C
        {
            IDataView Load(MLContext ml) => [|ml.Data.LoadFromBinary("https://data.example.com/train.idv")|];
        }
        """,
        // TextLoader over a MultiFileSource of a temp path (local function).
        """
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        class C
        {
            ITransformer Train(MLContext ml, IEstimator<ITransformer> pipeline)
            {
                return pipeline.Fit(Load());
                IDataView Load() => [|ml.Data.CreateTextLoader<Row>(',').Load(new MultiFileSource(Path.Combine(Path.GetTempPath(), "train.csv")))|];
            }
        }
        """ + Row,
        // OpenAI fine-tuning upload of downloaded content (top-level statements).
        """
        using System.Net.Http;
        using OpenAI.Files;
        using var http = new HttpClient();
        var client = new OpenAIFileClient(System.Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        var stream = await http.GetStreamAsync("https://example.com/chats.jsonl");
        var file = await [|client.UploadFileAsync(stream, "chats.jsonl", FileUploadPurpose.FineTune)|];
        """,
        // A request body uploaded for fine-tuning (minimal API handler style).
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using OpenAI.Files;
        class C
        {
            async Task Upload(HttpRequest request, OpenAIFileClient files)
            {
                await [|files.UploadFileAsync(request.Body, "train.jsonl", FileUploadPurpose.FineTune)|];
            }
        }
        """,
        // Partial class: the data URL is in the other part.
        """
        using Microsoft.ML;
        partial class Trainer { private const string DataUrl = "http://mirror.example.com/train.csv"; }
        partial class Trainer
        {
            ITransformer Train(MLContext ml, IEstimator<ITransformer> pipeline) => pipeline.Fit([|ml.Data.LoadFromTextFile<Row>(DataUrl)|]);
        }
        """ + Row,
        // A path bound from the request in an MVC controller action.
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;
        public sealed class TrainController : ControllerBase
        {
            private readonly MLContext _ml = new();
            public IActionResult Train(string datasetPath, [FromServices] IEstimator<ITransformer> pipeline)
            {
                var model = pipeline.Fit([|_ml.Data.LoadFromTextFile<Row>(datasetPath)|]);
                return Ok();
            }
        }
        """ + Row,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // A data set shipped with the app.
        """
        using Microsoft.ML;
        class C
        {
            ITransformer Train(MLContext ml, IEstimator<ITransformer> pipeline) => pipeline.Fit(ml.Data.LoadFromTextFile<Row>("data/reviews.csv", ',', hasHeader: true));
        }
        """ + Row,
        // Downloaded, but checked against a pinned digest first.
        """
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML;
        class C
        {
            static readonly byte[] Pinned = new byte[32];
            async Task<ITransformer> TrainAsync(HttpClient http, MLContext ml, IEstimator<ITransformer> pipeline)
            {
                var path = Path.GetTempFileName();
                var bytes = await http.GetByteArrayAsync("https://data.example.com/reviews.csv");
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), Pinned)) throw new InvalidDataException();
                await File.WriteAllBytesAsync(path, bytes);
                return pipeline.Fit(ml.Data.LoadFromTextFile<Row>(path));
            }
        }
        """ + Row,
        // Untrusted data used only for scoring, not training.
        """
        using System.Net.Http;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.ML;
        class C
        {
            async Task<IDataView> ScoreAsync(HttpClient http, MLContext ml, ITransformer model)
            {
                var path = Path.GetTempFileName();
                await File.WriteAllTextAsync(path, await http.GetStringAsync("https://data.example.com/batch.csv"));
                var batch = ml.Data.LoadFromTextFile<Row>(path);
                var scored = model.Transform(batch);
                return scored;
            }
        }
        """ + Row,
        // Fine-tuning upload of a local curated file.
        """
        using OpenAI.Files;
        class C
        {
            void Upload(OpenAIFileClient files) => files.UploadFile("datasets/curated.jsonl", FileUploadPurpose.FineTune);
        }
        """,
        // Uploading request content for assistants (not fine-tuning).
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using OpenAI.Files;
        class C
        {
            Task Upload(IFormFile upload, OpenAIFileClient files) => files.UploadFileAsync(upload.OpenReadStream(), upload.FileName, FileUploadPurpose.Assistants);
        }
        """,
        // A verifier marked with the attribute.
        """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;
        [AttributeUsage(AttributeTargets.Method)] sealed class ModelIntegrityVerifierAttribute : Attribute { }
        static class Provenance { [ModelIntegrityVerifier] public static void Verify(string path) { } }
        class C
        {
            async Task<ITransformer> TrainAsync(HttpClient http, MLContext ml, IEstimator<ITransformer> pipeline)
            {
                var path = Path.GetTempFileName();
                await File.WriteAllTextAsync(path, await http.GetStringAsync("https://data.example.com/reviews.csv"));
                Provenance.Verify(path);
                return pipeline.Fit(ml.Data.LoadFromTextFile<Row>(path));
            }
        }
        """ + Row,
        // In-memory data.
        """
        using System.Collections.Generic;
        using Microsoft.ML;
        class C
        {
            ITransformer Train(MLContext ml, IEstimator<ITransformer> pipeline, List<Row> rows) => pipeline.Fit(ml.Data.LoadFromEnumerable(rows));
        }
        """ + Row,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using Microsoft.ML;
        class Generated
        {
            ITransformer Train(MLContext ml, IEstimator<ITransformer> pipeline) => pipeline.Fit(ml.Data.LoadFromTextFile<Row>("https://data.example.com/x.csv"));
        }
        """ + Row,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_training_data_from_unverified_sources(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_local_verified_or_scoring_data(string source) => Verify.VerifyAsync(source);

    private const string DatasetProgram = """
        using System.IO;
        using System.IO.Compression;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML;
        static class Program
        {
            const string OriginalFolder = "Data/Original";
            const string PreparedFolder = "Data/Prepared";
            static async Task Main()
            {
                await DownloadDataset(OriginalFolder);
                PrepareDataset(OriginalFolder, PreparedFolder);
                var ml = new MLContext();
                var data = LOAD;
                var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(data);
            }
            static async Task DownloadDataset(string folder)
            {
                using var http = new HttpClient();
                var archive = Path.Combine(folder, "data.zip");
                await using (var stream = await http.GetStreamAsync("https://archive.example.org/datasets/urls.zip"))
                await using (var file = File.Create(archive))
                {
                    await stream.CopyToAsync(file);
                }
                CHECK
                ZipFile.ExtractToDirectory(archive, folder);
            }
            static void PrepareDataset(string from, string to)
            {
                foreach (var file in Directory.GetFiles(from)) File.WriteAllLines(Path.Combine(to, Path.GetFileName(file)), File.ReadAllLines(file));
            }
        }
        """ + Row;

    /// <summary>
    /// The training set is downloaded into a folder by a helper, prepared into another folder and loaded from there: the
    /// path the loader reads does not come from the download, the order of the calls does. A hash of the archive
    /// checked in the helper clears it; a model scored on the data (no Fit) is not training.
    /// </summary>
    [Fact]
    public Task Dataset_downloaded_into_a_folder_before_training() => Verify.VerifyAsync(
        DatasetProgram.Replace("LOAD", "[|ml.Data.LoadFromTextFile<Row>(Path.Combine(PreparedFolder, \"*\"), hasHeader: false)|]").Replace("CHECK", ""));

    [Fact]
    public Task Dataset_downloaded_and_checked_against_a_digest_before_training_is_clean() => Verify.VerifyAsync(
        DatasetProgram.Replace("LOAD", "ml.Data.LoadFromTextFile<Row>(Path.Combine(PreparedFolder, \"*\"), hasHeader: false)")
            .Replace("CHECK", "if (System.Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(archive))) != \"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\") throw new InvalidDataException(archive);"));

    [Fact]
    public Task Local_dataset_loaded_before_a_later_download_is_clean() => Verify.VerifyAsync("""
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;
        class Trainer
        {
            async Task<ITransformer> TrainAsync(MLContext ml, IEstimator<ITransformer> pipeline, HttpClient http)
            {
                var model = pipeline.Fit(ml.Data.LoadFromTextFile<Row>("Data/reviews.tsv"));
                await http.GetByteArrayAsync("https://updates.example.org/latest-labels.bin");
                return model;
            }
        }
        """ + Row);

    [Fact]
    public Task Dataset_downloaded_by_top_level_statements_before_training() => Verify.VerifyAsync("""
        using System.IO;
        using System.Net.Http;
        using Microsoft.ML;
        using var http = new HttpClient();
        await File.WriteAllBytesAsync("reviews.tsv", await http.GetByteArrayAsync("https://data.example.org/reviews.tsv"));
        var ml = new MLContext();
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit([|ml.Data.LoadFromTextFile<Row>("reviews.tsv", hasHeader: true)|]);
        """ + Row);

    [Fact]
    public Task Dataset_checked_by_a_helper_of_its_own_before_training_is_clean() => Verify.VerifyAsync(
        DatasetProgram.Replace("LOAD", "ml.Data.LoadFromTextFile<Row>(Path.Combine(PreparedFolder, \"*\"), hasHeader: false)")
            .Replace("CHECK", "")
            .Replace("PrepareDataset(OriginalFolder, PreparedFolder);", "VerifyArchive(Path.Combine(OriginalFolder, \"data.zip\"));\n        PrepareDataset(OriginalFolder, PreparedFolder);")
            .Replace("static void PrepareDataset(", "static void VerifyArchive(string archive) { if (System.Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(archive))) != \"AB\") throw new InvalidDataException(archive); }\n    static void PrepareDataset("));
}
