using System;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// The APIs that load native libraries or assemblies from a path: <c>NativeLibrary</c>, <c>Assembly</c>,
/// <c>AssemblyLoadContext</c>, and ONNX Runtime's custom-operator libraries (<c>SessionOptions.RegisterCustomOpLibrary</c>).
/// </summary>
internal static class CodeLoaders
{
    /// <summary>The names a call of a code loader mentions (the syntax prefilter of the rules that look for one).</summary>
    public static readonly string[] Names =
    {
        "RegisterCustomOpLibrary", "RegisterCustomOpLibraryV2", "NativeLibrary", "Assembly", "AssemblyLoadContext", "Load", "TryLoad", "LoadFrom",
        "LoadFile", "UnsafeLoadFrom", "LoadFromAssemblyPath", "LoadFromStream", "LoadUnmanagedDllFromPath",
    };

    /// <summary>ONNX Runtime's <c>SessionOptions</c>, which registers custom-operator libraries (native code that runs with a model).</summary>
    public static TypeSet CustomOpRegistrars(Compilation compilation) => new(compilation, "Microsoft.ML.OnnxRuntime.SessionOptions");

    /// <summary><c>SessionOptions.RegisterCustomOpLibrary</c> or <c>RegisterCustomOpLibraryV2</c>: the first argument is the library's path.</summary>
    public static bool IsCustomOpRegistration(IMethodSymbol method, TypeSet registrars) =>
        registrars.Contains(method.ContainingType) && method.Name.StartsWith("RegisterCustomOpLibrary", StringComparison.Ordinal);

    /// <summary>A call that loads a native library or an assembly from its first argument (a path, a name or a stream).</summary>
    public static bool IsCodeLoader(IMethodSymbol method) => method.ContainingType?.Name is "NativeLibrary" or "Assembly" or "AssemblyLoadContext" && method.ContainingType.ToDisplayString() switch
    {
        "System.Runtime.InteropServices.NativeLibrary" => method.Name is "Load" or "TryLoad",
        "System.Reflection.Assembly" => method.Name is "LoadFrom" or "LoadFile" or "UnsafeLoadFrom" or "Load",
        "System.Runtime.Loader.AssemblyLoadContext" => method.Name is "LoadFromAssemblyPath" or "LoadFromStream" or "LoadUnmanagedDllFromPath",
        _ => false,
    };
}
