// Shapes of TorchSharp 0.10x and TorchSharp.PyBridge.
using System;
using System.Collections.Generic;
using System.IO;

namespace TorchSharp
{
    public enum DeviceType { CPU = 0, CUDA = 1 }
    public sealed class Device { }

    public static partial class torch
    {
        public static Tensor load(string location) => throw null!;

        public sealed partial class Tensor : IDisposable
        {
            public static Tensor Load(string location) => throw null!;
            public static Tensor Load(BinaryReader reader) => throw null!;
            public static Tensor Load(Stream stream) => throw null!;
            public void Dispose() { }
        }

        public static partial class jit
        {
            public static ScriptModule load(string filename, DeviceType device_type = DeviceType.CPU, long device_index = -1) => throw null!;
            public static ScriptModule load(byte[] bytes, DeviceType device_type = DeviceType.CPU, long device_index = -1) => throw null!;
            public static ScriptModule load(string filename, Device map_location) => throw null!;
            public static ScriptModule load(string filename, string map_location) => throw null!;

            public class ScriptModule : nn.Module { }
        }

        public static partial class export
        {
            public static ExportedProgram load(string location) => throw null!;
            public sealed class ExportedProgram { }
        }

        public static partial class nn
        {
            public abstract partial class Module : IDisposable
            {
                public virtual Module load(string location, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null) => throw null!;
                public virtual Module load(BinaryReader reader, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null) => throw null!;
                public virtual Module load(Stream stream, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null) => throw null!;
                public void Dispose() { }
            }

            public abstract class Module<T, TResult> : Module
            {
                public abstract TResult forward(T input);
            }
        }
    }
}

namespace TorchSharp.PyBridge
{
    public static class PyBridgeModuleExtensions
    {
        public static torch.nn.Module load_py(this torch.nn.Module module, string location, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null) => throw null!;
        public static torch.nn.Module load_py(this torch.nn.Module module, Stream stream, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null, bool leaveOpen = false) => throw null!;
    }
}
