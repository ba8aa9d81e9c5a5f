// Shapes of Microsoft.CodeAnalysis.CSharp.Scripting (the registry here serves only versions that clash with the
// Roslyn the tests use) and System.DirectoryServices (not served): only what tests use.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.CodeAnalysis.Scripting
{
    public sealed class ScriptOptions { public static ScriptOptions Default => null!; }
    public class ScriptState<T> { public T ReturnValue => default!; }
}

namespace Microsoft.CodeAnalysis.CSharp.Scripting
{
    using Microsoft.CodeAnalysis.Scripting;

    public static class CSharpScript
    {
        public static Task<object> EvaluateAsync(string code, ScriptOptions options = null, object globals = null, Type globalsType = null, CancellationToken cancellationToken = default) => throw null!;
        public static Task<T> EvaluateAsync<T>(string code, ScriptOptions options = null, object globals = null, Type globalsType = null, CancellationToken cancellationToken = default) => throw null!;
        public static Task<ScriptState<object>> RunAsync(string code, ScriptOptions options = null, object globals = null, Type globalsType = null, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace System.DirectoryServices
{
    public class DirectoryEntry : IDisposable
    {
        public DirectoryEntry(string path) { }
        public void Dispose() { }
    }

    public class DirectorySearcher : IDisposable
    {
        public DirectorySearcher() { }
        public DirectorySearcher(string filter) { }
        public DirectorySearcher(DirectoryEntry searchRoot, string filter) { }
        public string Filter { get; set; }
        public void Dispose() { }
    }
}
