using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.PickleModelFormatAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class PickleModelFormatAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // pickle.load through dynamic.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                using (Py.GIL())
                {
                    dynamic pickle = Py.Import("pickle");
                    dynamic builtins = Py.Import("builtins");
                    return [|pickle.load(builtins.open(path, "rb"))|];
                }
            }
        }
        """,
        // torch.load without weights_only (async method).
        """
        using System.Threading.Tasks;
        using Python.Runtime;
        class C
        {
            async Task<object> LoadAsync(string path)
            {
                await Task.Yield();
                dynamic torch = Py.Import("torch");
                return [|torch.load(path)|];
            }
        }
        """,
        // torch.load with weights_only=False.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                dynamic torch = Py.Import("torch");
                return [|torch.load(path, weights_only: false)|];
            }
        }
        """,
        // joblib, dill and cloudpickle (lambda).
        """
        using System;
        using Python.Runtime;
        class C
        {
            Func<string, object> Loader() => path =>
            {
                dynamic joblib = Py.Import("joblib");
                dynamic dill = Py.Import("dill");
                dynamic cloudpickle = Py.Import("cloudpickle");
                object a = [|joblib.load(path)|];
                object b = [|dill.loads(System.IO.File.ReadAllBytes(path))|];
                object c = [|cloudpickle.load(path)|];
                return a;
            };
        }
        """,
        // Non-dynamic pythonnet: InvokeMethod("loads").
        """
        using Python.Runtime;
        class C
        {
            PyObject Load(PyObject data)
            {
                var pickle = Py.Import("pickle");
                return [|pickle.InvokeMethod("loads", data)|];
            }
        }
        """,
        // TorchSharp.PyBridge reading a PyTorch checkpoint (local function).
        """
        using TorchSharp;
        using TorchSharp.PyBridge;
        class C
        {
            void Run(torch.nn.Module model, string file)
            {
                Load();
                void Load() => [|model.load_py(file)|];
            }
        }
        """,
        // TorchSharp.PyBridge reading an optimizer's state from a torch.save checkpoint (a .pth pickle).
        """
        using TorchSharp;
        using TorchSharp.PyBridge;
        class C
        {
            void Resume(torch.nn.Module model)
            {
                var optimizer = torch.optim.SGD(model.parameters(), 0.01);
                [|optimizer.load_py("checkpoints/sgd.pth")|];
            }
        }
        """,
        // Running Python code that is not a constant (top-level statements).
        """
        using Python.Runtime;
        var code = System.IO.File.ReadAllText(args[0]);
        [|PythonEngine.Exec(code)|];
        var result = [|PythonEngine.Eval("1 + " + args[1])|];
        """,
        // pandas.read_pickle and numpy.load with allow_pickle=True (partial class).
        """
        using Python.Runtime;
        partial class Data { dynamic Pandas => Py.Import("pandas"); }
        partial class Data
        {
            object Read(string path)
            {
                dynamic np = Py.Import("numpy");
                object frame = [|Pandas.read_pickle(path)|];
                return [|np.load(path, allow_pickle: true)|];
            }
        }
        """,
        // A submodule import still goes through pickle.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                dynamic serialization = Py.Import("torch.serialization");
                return [|serialization.load(path)|];
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // Saving an optimizer's state with PyBridge writes a pickle and loads nothing; module weights from safetensors.
        """
        using TorchSharp;
        using TorchSharp.PyBridge;
        class C
        {
            void Checkpoint(torch.nn.Module model)
            {
                var optimizer = torch.optim.SGD(model.parameters(), 0.01);
                optimizer.save_py("checkpoints/sgd.pth");
                model.load_safetensors("model.safetensors");
            }
        }
        """,
        // torch.load with weights_only=True.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                dynamic torch = Py.Import("torch");
                return torch.load(path, weights_only: true);
            }
        }
        """,
        // safetensors is a data-only format.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                dynamic st = Py.Import("safetensors.torch");
                return st.load_file(path);
            }
        }
        """,
        // json.load is not pickle.
        """
        using Python.Runtime;
        class C
        {
            object Load(dynamic file)
            {
                dynamic json = Py.Import("json");
                return json.load(file);
            }
        }
        """,
        // numpy.load without allow_pickle.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                dynamic np = Py.Import("numpy");
                return np.load(path);
            }
        }
        """,
        // Constant Python code.
        """
        using Python.Runtime;
        class C
        {
            void Init()
            {
                PythonEngine.Exec("import sys; sys.path.append('lib')");
                PythonEngine.RunSimpleString("print('ready')");
            }
        }
        """,
        // pickle.dumps writes, it does not load.
        """
        using Python.Runtime;
        class C
        {
            object Save(dynamic obj)
            {
                dynamic pickle = Py.Import("pickle");
                return pickle.dumps(obj);
            }
        }
        """,
        // TorchSharp's own format is not pickle (that is AITG002's concern).
        """
        using TorchSharp;
        class C { torch.nn.Module Load(torch.nn.Module m, string path) => m.load(path); }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using Python.Runtime;
        class Generated
        {
            object Load(string path) { dynamic pickle = Py.Import("pickle"); return pickle.load(path); }
        }
        """,
        // torch.load with weights_only=True through Py.kw.
        """
        using Python.Runtime;
        class C
        {
            object Load(string path)
            {
                dynamic torch = Py.Import("torch");
                return torch.load(path, Py.kw("weights_only", true));
            }
        }
        """,
        // An unrelated dynamic object with a load method.
        """
        class C
        {
            object Load(dynamic store, string key) => store.load(key);
        }
        """,
        // Razorvine.Pickle runs no code from the file: it builds only registered classes (others become ClassDict).
        // A constructor that resolves class names by reflection is AITG001's (hand-rolled type-name deserializer).
        """
        using System.IO;
        using Razorvine.Pickle;
        static class Pickles
        {
            public static object Read(byte[] data) => new Unpickler().loads(data);
            public static object ReadFile(string path) { using var s = File.OpenRead(path); return new Unpickler().load(s); }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_pickle_loads_and_python_code_execution(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_data_only_formats_and_constant_code(string source) => Verify.VerifyAsync(source);
}
