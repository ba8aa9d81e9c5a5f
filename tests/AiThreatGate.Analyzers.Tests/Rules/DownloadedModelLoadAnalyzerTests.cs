using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.DownloadedModelLoadAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class DownloadedModelLoadAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Bytes downloaded and loaded directly.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            async Task<InferenceSession> OpenAsync(HttpClient http, string url)
            {
                var bytes = await http.GetByteArrayAsync(url);
                return [|new InferenceSession(bytes)|];
            }
        }
        """,
        // A downloaded stream into ML.NET.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML;
        class C
        {
            async Task<ITransformer> LoadAsync(HttpClient http, MLContext ml, System.Uri uri)
            {
                await using var stream = await http.GetStreamAsync(uri);
                return [|ml.Model.Load(stream, out _)|];
            }
        }
        """,
        // Written to a file, then the file is loaded.
        """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            async Task<InferenceSession> OpenAsync(HttpClient http, string url, string cachePath)
            {
                await File.WriteAllBytesAsync(cachePath, await http.GetByteArrayAsync(url));
                return [|new InferenceSession(cachePath)|];
            }
        }
        """,
        // Copied into a FileStream, then loaded by path.
        """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using TorchSharp;
        class C
        {
            async Task<torch.jit.ScriptModule> LoadAsync(HttpClient http, string url, string path)
            {
                using var response = await http.GetAsync(url);
                await using (var file = File.Create(path))
                {
                    await response.Content.CopyToAsync(file);
                }

                return [|torch.jit.load(path)|];
            }
        }
        """,
        // WebClient.DownloadFile, then loaded (lambda).
        """
        using System;
        using System.Net;
        using LLama;
        using LLama.Common;
        class C
        {
            #pragma warning disable SYSLIB0014
            Func<string, LLamaWeights> Loader(WebClient client) => url =>
            {
                var path = "/tmp/model.gguf";
                client.DownloadFile(url, path);
                return [|LLamaWeights.LoadFromFile(new ModelParams(path))|];
            };
        }
        """,
        // Response content read as bytes (local function).
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            async Task Run(HttpClient http)
            {
                var session = await Open();
                async Task<InferenceSession> Open()
                {
                    using var response = await http.GetAsync("https://models.example.com/v3/model.onnx");
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    return [|new InferenceSession(bytes)|];
                }
            }
        }
        """,
        // A downloaded payload deserialized with BinaryFormatter (top-level statements).
        """
        using System.Net.Http;
        using System.Runtime.Serialization.Formatters.Binary;
        using var http = new HttpClient();
        var stream = await http.GetStreamAsync("https://example.com/classifier.bin");
        var model = [|new BinaryFormatter().Deserialize(stream)|];
        """,
        // A digest is checked, but of something else.
        """
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Expected = new byte[32];
            async Task<InferenceSession> OpenAsync(HttpClient http, string url, string manifest)
            {
                if (!SHA256.HashData(File.ReadAllBytes(manifest)).SequenceEqual(Expected)) throw new InvalidDataException();
                var bytes = await http.GetByteArrayAsync(url);
                return [|new InferenceSession(bytes)|];
            }
        }
        """,
        // Partial class: the client is a field of one part, the load in the other.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        partial class Models { private readonly HttpClient _http = new(); }
        partial class Models
        {
            async Task<InferenceSession> OpenAsync() => [|new InferenceSession(await _http.GetByteArrayAsync("https://cdn.example.com/m.onnx"))|];
        }
        """,
        // A downloaded LLamaSharp state file and ONNX GenAI adapter.
        """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using LLama;
        using Microsoft.ML.OnnxRuntimeGenAI;
        class C
        {
            async Task Restore(HttpClient http, LLamaContext context, Adapters adapters)
            {
                var path = Path.Combine(Path.GetTempPath(), "state.bin");
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync("https://example.com/state.bin"));
                [|context.LoadState(path)|];
                var adapter = "adapter.onnx_adapter";
                File.WriteAllBytes(adapter, await http.GetByteArrayAsync("https://example.com/adapter"));
                [|adapters.LoadAdapter(adapter, "tuned")|];
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // Downloaded, then checked against a pinned digest.
        """
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Pinned = new byte[32];
            async Task<InferenceSession> OpenAsync(HttpClient http, string url)
            {
                var bytes = await http.GetByteArrayAsync(url);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), Pinned)) throw new InvalidDataException();
                return new InferenceSession(bytes);
            }
        }
        """,
        // A local file is AITG002's, not this rule's.
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path) => new InferenceSession(path);
        }
        """,
        // Something is downloaded, but the model comes from elsewhere.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            async Task<InferenceSession> OpenAsync(HttpClient http)
            {
                var config = await http.GetStringAsync("https://example.com/config.json");
                System.Console.WriteLine(config);
                return new InferenceSession("models/local.onnx");
            }
        }
        """,
        // Verified by a helper that checks an RSA signature.
        """
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            private readonly RSA _publisher = RSA.Create();
            void EnsureSigned(byte[] model, byte[] signature)
            {
                if (!_publisher.VerifyData(model, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)) throw new InvalidDataException();
            }

            async Task<InferenceSession> OpenAsync(HttpClient http, string url)
            {
                var bytes = await http.GetByteArrayAsync(url);
                var signature = await http.GetByteArrayAsync(url + ".sig");
                EnsureSigned(bytes, signature);
                return new InferenceSession(bytes);
            }
        }
        """,
        // Load happens only in the branch where the digest matched.
        """
        using System;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            async Task<InferenceSession?> OpenAsync(HttpClient http, string url, string expectedHex)
            {
                var bytes = await http.GetByteArrayAsync(url);
                if (Convert.ToHexString(SHA256.HashData(bytes)).Equals(expectedHex, StringComparison.OrdinalIgnoreCase))
                {
                    return new InferenceSession(bytes);
                }

                return null;
            }
        }
        """,
        // Downloaded data that is not a model load or deserializer.
        """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        class C
        {
            async Task SaveAsync(HttpClient http, string url, string path) => await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(url));
        }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class Generated
        {
            async Task<InferenceSession> OpenAsync(HttpClient http, string url) => new InferenceSession(await http.GetByteArrayAsync(url));
        }
        """,
        // A verifier marked with the attribute, in top-level statements.
        """
        using System;
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync("https://models.example.com/m.onnx");
        Trust.Verify(bytes);
        using var session = new InferenceSession(bytes);
        [AttributeUsage(AttributeTargets.Method)] sealed class ModelIntegrityVerifierAttribute : Attribute { }
        static class Trust { [ModelIntegrityVerifier] public static void Verify(byte[] model) { } }
        """,
        // Downloaded with a pinned digest check in a separate using block, then loaded from the cache file.
        """
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            static readonly byte[] Pinned = new byte[32];
            async Task<InferenceSession> OpenAsync(HttpClient http, string url, string cachePath)
            {
                await File.WriteAllBytesAsync(cachePath, await http.GetByteArrayAsync(url));
                using (var stream = File.OpenRead(cachePath))
                {
                    if (!SHA256.HashData(stream).SequenceEqual(Pinned)) throw new InvalidDataException();
                }

                return new InferenceSession(cachePath);
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_downloaded_models_loaded_without_a_check(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_verified_or_local_loads(string source) => Verify.VerifyAsync(source);

    [Fact]
    public async Task Plain_http_url_is_an_error_with_the_download_as_additional_location()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.ML.OnnxRuntime;
            class C
            {
                async Task<InferenceSession> OpenAsync(HttpClient http) => new InferenceSession(await http.GetByteArrayAsync("http://models.example.com/m.onnx"));
            }
            """;
        var diagnostics = await Verify.RunAsync(new DownloadedModelLoadAnalyzer(), new[] { ("/0/Test0.cs", source) }, null);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("plain HTTP", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("HttpClient.GetByteArrayAsync", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal("http.GetByteArrayAsync(\"http://models.example.com/m.onnx\")", diagnostic.AdditionalLocations.Single().SourceTree!.GetText().ToString(diagnostic.AdditionalLocations.Single().SourceSpan));
    }

    [Fact]
    public async Task Https_url_keeps_the_default_warning()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.ML.OnnxRuntime;
            class C
            {
                async Task<InferenceSession> OpenAsync(HttpClient http) => new InferenceSession(await http.GetByteArrayAsync("https://models.example.com/m.onnx"));
            }
            """;
        var diagnostic = Assert.Single(await Verify.RunAsync(new DownloadedModelLoadAnalyzer(), new[] { ("/0/Test0.cs", source) }, null));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.DoesNotContain("plain HTTP", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }
}
