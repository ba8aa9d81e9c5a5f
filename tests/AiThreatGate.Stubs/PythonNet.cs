// Shapes of pythonnet 3.x (Python.Runtime).
using System;
using System.Dynamic;

namespace Python.Runtime
{
    public class PyObject : DynamicObject, IDisposable
    {
        public PyObject InvokeMethod(string name, params PyObject[] args) => throw null!;
        public PyObject GetAttr(string name) => throw null!;
        public PyObject Invoke(params PyObject[] args) => throw null!;
        public void Dispose() { }
    }

    public class PyDict : PyObject { }
    public class PyModule : PyObject
    {
        public PyModule Exec(string code, PyDict locals = null) => throw null!;
    }

    public sealed class KeywordArguments : PyDict { }

    public enum RunFlagType { Single = 256, File = 257, Eval = 258 }

    public static class Py
    {
        public static PyObject Import(string name) => throw null!;
        public static IDisposable GIL() => throw null!;
        public static KeywordArguments kw(params object[] kv) => throw null!;
    }

    public static class PythonEngine
    {
        public static void Initialize() { }
        public static void Exec(string code, PyDict globals = null, PyObject locals = null) => throw null!;
        public static PyObject Eval(string code, PyDict globals = null, PyObject locals = null) => throw null!;
        public static int RunSimpleString(string code) => throw null!;
        public static PyObject Compile(string code, string filename = "", RunFlagType mode = RunFlagType.File) => throw null!;
    }
}
