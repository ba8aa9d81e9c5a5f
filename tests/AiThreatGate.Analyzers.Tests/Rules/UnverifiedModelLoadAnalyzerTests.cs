using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnverifiedModelLoadAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class UnverifiedModelLoadAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // ONNX Runtime session from a path parameter.
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path) => [|new InferenceSession(path)|];
        }
        """,
        // ML.NET model in an async method.
        """
        using System.Threading.Tasks;
        using Microsoft.ML;
        class C
        {
            async Task<ITransformer> LoadAsync(MLContext ml, string path)
            {
                await Task.Yield();
                return [|ml.Model.Load(path, out var schema)|];
            }
        }
        """,
        // Inside a lambda.
        """
        using System;
        using Microsoft.ML;
        class C
        {
            Func<string, ITransformer> Loader(MLContext ml) => p => [|ml.Model.Load(p, out _)|];
        }
        """,
        // Inside a local function.
        """
        using TorchSharp;
        class C
        {
            void Run(string file)
            {
                var module = Load(file);
                torch.jit.ScriptModule Load(string f) => [|torch.jit.load(f)|];
            }
        }
        """,
        // Top-level statements.
        """
        using Microsoft.ML.OnnxRuntime;
        var session = [|new InferenceSession(args[0])|];
        System.Console.WriteLine(session);
        """,
        // A partial class: the path lives in one part, the load in the other.
        """
        using LLama;
        using LLama.Common;
        partial class Chat { private readonly string _modelPath = System.Environment.GetEnvironmentVariable("MODEL")!; }
        partial class Chat
        {
            LLamaWeights Load() => [|LLamaWeights.LoadFromFile(new ModelParams(_modelPath))|];
        }
        """,
        // A digest is checked, but of another file.
        """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            InferenceSession Open(string manifestPath, string modelPath)
            {
                var digest = SHA256.HashData(File.ReadAllBytes(manifestPath));
                if (!CryptographicOperations.FixedTimeEquals(digest, Expected)) throw new InvalidDataException();
                return [|new InferenceSession(modelPath)|];
            }
        }
        """,
        // The digest is computed but never compared.
        """
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path)
            {
                var bytes = File.ReadAllBytes(path);
                var digest = SHA256.HashData(bytes);
                System.Console.WriteLine(System.Convert.ToHexString(digest));
                return [|new InferenceSession(bytes)|];
            }
        }
        """,
        // The check comes after the load.
        """
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using Microsoft.ML;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            ITransformer Load(MLContext ml, string path)
            {
                var model = [|ml.Model.Load(path, out _)|];
                if (!SHA256.HashData(File.ReadAllBytes(path)).SequenceEqual(Expected)) throw new InvalidDataException();
                return model;
            }
        }
        """,
        // The failed check only logs: the load still runs.
        """
        using System;
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            InferenceSession Open(string path)
            {
                var bytes = File.ReadAllBytes(path);
                if (!SHA256.HashData(bytes).SequenceEqual(Expected)) Console.WriteLine("model digest mismatch");
                return [|new InferenceSession(bytes)|];
            }
        }
        """,
        // A bool verifier whose result is ignored.
        """
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            static bool IsTrusted(string path) => SHA256.HashData(File.ReadAllBytes(path)).SequenceEqual(Expected);
            InferenceSession Open(string path)
            {
                IsTrusted(path);
                return [|new InferenceSession(path)|];
            }
        }
        """,
        // ML.NET ONNX transformer, TensorFlow and Keras loads.
        """
        using Microsoft.ML;
        using Tensorflow.Keras.Models;
        class C
        {
            void Load(MLContext ml, IModelsApi keras, string dir)
            {
                var onnx = [|ml.Transforms.ApplyOnnxModel(dir + "/model.onnx")|];
                var tf = [|ml.Model.LoadTensorFlowModel(dir)|];
                var k = [|keras.load_model(dir + "/model.h5")|];
                var saved = [|Tensorflow.Binding.tf.saved_model.load(dir)|];
            }
        }
        """,
        // TorchSharp module weights from a stream.
        """
        using System.IO;
        using TorchSharp;
        class C
        {
            void Load(torch.nn.Module module, string path)
            {
                using var stream = File.OpenRead(path);
                [|module.load(stream)|];
            }
        }
        """,
        // LLamaSharp saved state and adapters: a KV-cache or executor snapshot conditions every later answer.
        """
        using System.Threading.Tasks;
        using LLama;
        class Sessions
        {
            void Restore(LLamaContext context, string file) => [|context.LoadState(file)|];
            Task Resume(InteractiveExecutor executor, string snapshot) => [|executor.LoadState(snapshot)|];
            void Reopen(ChatSession session, string folder) => [|session.LoadSession(folder)|];
        }
        """,
        // LLamaSharp native handle, LoRA adapter and multimodal projector loads.
        """
        using LLama;
        using LLama.Native;
        class Loader
        {
            SafeLlamaModelHandle Open(string path) => [|SafeLlamaModelHandle.LoadFromFile(path, LLamaModelParams.Default())|];
            void Lora(SafeLlamaModelHandle model, string adapter) => [|model.LoadLoraFromFile(adapter)|];
            MtmdWeights Vision(string projector, LLamaWeights weights) => [|MtmdWeights.LoadFromFile(projector, weights, MtmdContextParams.Default())|];
        }
        """,
        // ONNX Runtime GenAI: a model folder, its config, an adapter and in-memory model data.
        """
        using Microsoft.ML.OnnxRuntimeGenAI;
        class GenAi
        {
            Model Open(string folder) => [|new Model(folder)|];
            Model OpenWithConfig(string folder)
            {
                var config = [|new Config(folder)|];
                config.AppendProvider("cuda");
                return new Model(config);
            }
            void Adapter(Adapters adapters, string file) => [|adapters.LoadAdapter(file, "support")|];
            void Data(Config config, byte[] bytes) => [|config.AddModelData("model.onnx", bytes)|];
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // Digest compared in constant time, throwing on mismatch.
        """
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            InferenceSession Open(string path)
            {
                var bytes = File.ReadAllBytes(path);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), Expected))
                {
                    throw new InvalidDataException("Model digest mismatch.");
                }

                return new InferenceSession(bytes);
            }
        }
        """,
        // Hex digest compared with a configured value, in an async method.
        """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML;
        class C
        {
            private readonly string _expectedSha256 = Environment.GetEnvironmentVariable("MODEL_SHA256")!;
            async Task<ITransformer> LoadAsync(MLContext ml, string path)
            {
                await using var stream = File.OpenRead(path);
                var actual = Convert.ToHexString(await SHA256.HashDataAsync(stream));
                if (actual != _expectedSha256) return null!;
                stream.Position = 0;
                return ml.Model.Load(stream, out _);
            }
        }
        """,
        // Load only inside the branch where a helper (in another method) verified the file.
        """
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            static bool IsTrusted(string path) => SHA256.HashData(File.ReadAllBytes(path)).SequenceEqual(Expected);
            InferenceSession? Open(string path)
            {
                if (IsTrusted(path))
                {
                    return new InferenceSession(path);
                }

                return null;
            }
        }
        """,
        // A method marked [ModelIntegrityVerifier] that throws when the file is not trusted.
        """
        using System;
        using TorchSharp;
        [AttributeUsage(AttributeTargets.Method)] sealed class ModelIntegrityVerifierAttribute : Attribute { }
        static class Trust { [ModelIntegrityVerifier] public static void EnsureTrusted(string path) { } }
        class C
        {
            torch.jit.ScriptModule Load(string path)
            {
                Trust.EnsureTrusted(path);
                return torch.jit.load(path);
            }
        }
        """,
        // An embedded resource ships inside the signed assembly.
        """
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open()
            {
                using var resource = typeof(C).Assembly.GetManifestResourceStream("App.model.onnx")!;
                using var buffer = new MemoryStream();
                resource.CopyTo(buffer);
                return new InferenceSession(buffer.ToArray());
            }
        }
        """,
        // Signature verified with ECDsa before the load, in a lambda.
        """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            Func<string, InferenceSession> Factory(ECDsa publisher) => path =>
            {
                var bytes = File.ReadAllBytes(path);
                var signature = File.ReadAllBytes(path + ".sig");
                if (!publisher.VerifyData(bytes, signature, HashAlgorithmName.SHA256)) throw new InvalidDataException();
                return new InferenceSession(bytes);
            };
        }
        """,
        // IncrementalHash fed in a loop, verified inside a using block that precedes the load (top-level statements).
        """
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        var path = args[0];
        var expected = new byte[32];
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            foreach (var chunk in File.ReadLines(path)) hash.AppendData(System.Text.Encoding.UTF8.GetBytes(chunk));
            if (!hash.GetHashAndReset().SequenceEqual(expected)) throw new InvalidDataException();
        }
        using var session = new InferenceSession(path);
        """,
        // A helper in another class returns verified bytes.
        """
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        static class ModelFiles
        {
            static readonly byte[] Expected = new byte[32];
            public static byte[] ReadVerified(string path)
            {
                var bytes = File.ReadAllBytes(path);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), Expected)) throw new InvalidDataException();
                return bytes;
            }
        }
        class C
        {
            InferenceSession Open(string path) => new InferenceSession(ModelFiles.ReadVerified(path));
        }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using Microsoft.ML.OnnxRuntime;
        class Generated
        {
            InferenceSession Open(string path) => new InferenceSession(path);
        }
        """,
        // A downloaded model is AITG003's, not this rule's.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            async Task<InferenceSession> OpenAsync(HttpClient http) => new InferenceSession(await http.GetByteArrayAsync("https://models.example.com/m.onnx"));
        }
        """,
        // Verified in a partial class's other part, called as a void verifier that throws.
        """
        using System.IO;
        using System.Security.Cryptography;
        using LLama;
        using LLama.Common;
        partial class Chat
        {
            static readonly byte[] Expected = new byte[32];
            static void EnsureDigest(string path)
            {
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(path)), Expected)) throw new InvalidDataException();
            }
        }
        partial class Chat
        {
            LLamaWeights Load(string path)
            {
                EnsureDigest(path);
                return LLamaWeights.LoadFromFile(new ModelParams(path));
            }
        }
        """,
        // A hex digest matched with an is-pattern against a constant.
        """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            const string Expected = "3A7BD3E2360A3D29EEA436FCFB7E44C735D117C42D1C1835420B6B9942DD4F1B";
            InferenceSession Open(string path)
            {
                if (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) is not Expected) throw new InvalidDataException();
                return new InferenceSession(path);
            }
        }
        """,
        // Code that uses no model library is not touched.
        """
        using System.IO;
        class C
        {
            string Read(string path) => File.ReadAllText(path);
        }
        """,
        // In-memory LLamaSharp state (saved earlier in the process) and a GenAI model built from a Config object: no file is read.
        """
        using LLama;
        using Microsoft.ML.OnnxRuntimeGenAI;
        class Memory
        {
            void Rewind(LLamaContext context, LLamaContext.State saved) => context.LoadState(saved);
            Model Build(Config config) => new Model(config);
        }
        """,
        // A GenAI model folder checked against its expected digest before it is opened.
        """
        using System.IO;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntimeGenAI;
        class Verified
        {
            static readonly byte[] Expected = new byte[32];
            Model Open(string folder)
            {
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(File.ReadAllBytes(folder)), Expected))
                {
                    throw new InvalidDataException("Model digest mismatch.");
                }

                return new Model(folder);
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_loads_without_a_prior_integrity_check(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_verified_trusted_or_unrelated_loads(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Verifier_listed_in_editorconfig_counts() => Verify.VerifyAsync(
        """
        using Microsoft.ML.OnnxRuntime;
        namespace Contoso { static class ModelTrust { public static void Check(string path) { } } }
        class C
        {
            InferenceSession Open(string path)
            {
                Contoso.ModelTrust.Check(path);
                return new InferenceSession(path);
            }
        }
        """,
        "aithreatgate.model_integrity_verifiers = Contoso.ModelTrust.Check");

    [Fact]
    public Task Verifier_not_listed_does_not_count() => Verify.VerifyAsync(
        """
        using Microsoft.ML.OnnxRuntime;
        namespace Contoso { static class ModelTrust { public static void Check(string path) { } } }
        class C
        {
            InferenceSession Open(string path)
            {
                Contoso.ModelTrust.Check(path);
                return [|new InferenceSession(path)|];
            }
        }
        """);

    [Fact]
    public Task Severity_none_in_editorconfig_silences_the_rule() => Verify.VerifyAsync(
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path) => new InferenceSession(path);
        }
        """,
        "dotnet_diagnostic.AITG002.severity = none");

    [Fact]
    public Task Helper_in_another_file_verifies() => Verify.VerifyAsync(new[]
    {
        ("/0/Loader.cs", """
            using Microsoft.ML.OnnxRuntime;
            class Loader
            {
                InferenceSession Open(string path)
                {
                    if (!Digests.Matches(path)) throw new System.IO.InvalidDataException();
                    return new InferenceSession(path);
                }
            }
            """),
        ("/0/Digests.cs", """
            using System.IO;
            using System.Linq;
            using System.Security.Cryptography;
            static class Digests
            {
                static readonly byte[] Expected = new byte[32];
                public static bool Matches(string path) => SHA256.HashData(File.ReadAllBytes(path)).SequenceEqual(Expected);
            }
            """),
    });
}
