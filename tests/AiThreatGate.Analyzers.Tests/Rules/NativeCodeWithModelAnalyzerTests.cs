using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.NativeCodeWithModelAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class NativeCodeWithModelAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Custom-op library from a parameter.
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            void Configure(SessionOptions options, string library) => [|options.RegisterCustomOpLibrary(library)|];
        }
        """,
        // V2 from the model's configuration object (async).
        """
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        sealed class ModelConfig { public string CustomOps { get; set; } = ""; }
        class C
        {
            async Task<SessionOptions> ConfigureAsync(string configPath)
            {
                var config = JsonSerializer.Deserialize<ModelConfig>(await File.ReadAllTextAsync(configPath))!;
                var options = new SessionOptions();
                [|options.RegisterCustomOpLibraryV2(config.CustomOps, out _)|];
                return options;
            }
        }
        """,
        // NativeLibrary next to the model file.
        """
        using System.IO;
        using System.Runtime.InteropServices;
        class C
        {
            nint Load(string modelPath) => [|NativeLibrary.Load(Path.Combine(Path.GetDirectoryName(modelPath)!, "ops.so"))|];
        }
        """,
        // Assembly.LoadFrom of a plug-in named by the model manifest (lambda).
        """
        using System;
        using System.Reflection;
        class C
        {
            Func<string, Assembly> Loader(string modelDirectory) => name => [|Assembly.LoadFrom(modelDirectory + "/" + name)|];
        }
        """,
        // A downloaded library (local function).
        """
        using System.IO;
        using System.Net.Http;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;
        class C
        {
            async Task Run(HttpClient http, string url)
            {
                var path = Path.GetTempFileName();
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(url));
                Load();
                void Load() => [|NativeLibrary.Load(path)|];
            }
        }
        """,
        // AssemblyLoadContext from an ONNX extension folder (top-level statements).
        """
        using System.Runtime.Loader;
        var onnxExtensions = args[0];
        var assembly = [|AssemblyLoadContext.Default.LoadFromAssemblyPath(onnxExtensions)|];
        """,
        // Partial class: the model settings are in the other part.
        """
        using System.Runtime.InteropServices;
        partial class Runner { private readonly string _modelWeightsDir = System.Environment.GetEnvironmentVariable("WEIGHTS")!; }
        partial class Runner
        {
            nint LoadKernel() => [|NativeLibrary.Load(_modelWeightsDir + "/kernel.so")|];
        }
        """,
        // TryLoad of a path from a model configuration dictionary.
        """
        using System.Collections.Generic;
        using System.Runtime.InteropServices;
        class C
        {
            bool Load(IReadOnlyDictionary<string, string> modelSettings) => [|NativeLibrary.TryLoad(modelSettings["custom_op_library"], out _)|];
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // A plugin loader in a class whose name mentions "Model", and a view model's plugin folder: no model comes with the code.
        """
        using System.IO;
        using System.Reflection;
        using Microsoft.ML.OnnxRuntime;
        sealed class ModelPluginHost
        {
            private readonly string _pluginFolder = "plugins";
            public Assembly Load(string name) => Assembly.LoadFrom(Path.Combine(_pluginFolder, name + ".dll"));
            public InferenceSession Open() => new InferenceSession("models/ranker.onnx");
        }
        sealed class SettingsViewModel { public string PluginPath { get; set; } = "plugins/extra.dll"; }
        static class Plugins { public static Assembly Load(SettingsViewModel viewModel) => Assembly.LoadFrom(viewModel.PluginPath); }
        """,
        // A constant custom-op library shipped with the app.
        """
        using Microsoft.ML.OnnxRuntime;
        class C { void Configure(SessionOptions options) => options.RegisterCustomOpLibrary("libortextensions.so"); }
        """,
        // A plug-in folder unrelated to any model.
        """
        using System;
        using System.IO;
        using System.Reflection;
        class C { Assembly Load(string pluginName) => Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, "plugins", pluginName)); }
        """,
        // A constant native library.
        """
        using System.Runtime.InteropServices;
        class C { nint Load() => NativeLibrary.Load("libz.so.1"); }
        """,
        // Assembly.Load by a constant name.
        """
        using System.Reflection;
        class C { Assembly Load() => Assembly.Load("System.Text.Json"); }
        """,
        // The model path is used for a model load, not a native load.
        """
        using Microsoft.ML.OnnxRuntime;
        class C { InferenceSession Open(string modelPath) => new InferenceSession(modelPath); }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using Microsoft.ML.OnnxRuntime;
        class Generated { void Configure(SessionOptions o, string lib) => o.RegisterCustomOpLibrary(lib); }
        """,
        // Reading the model configuration file is not loading code.
        """
        using System.IO;
        class C { string Read(string modelConfigPath) => File.ReadAllText(modelConfigPath); }
        """,
        // A native library chosen from the platform, not the model.
        """
        using System.Runtime.InteropServices;
        class C
        {
            nint Load() => NativeLibrary.Load(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "sqlite3.dll" : "libsqlite3.so");
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_native_code_that_comes_with_a_model(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_constant_and_unrelated_native_loads(string source) => Verify.VerifyAsync(source);
}
