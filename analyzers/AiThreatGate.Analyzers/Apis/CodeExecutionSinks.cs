using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Where text is run as code (C# scripting, pythonnet) or chooses an assembly, type or method to load or invoke
/// (reflection, <c>AssemblyLoadContext</c>, <c>Activator</c>).
/// </summary>
internal static class CodeExecutionSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.Invocation };

    // Type, method ("*": any) and the string parameters that carry the code or name.
    private static readonly (string Type, string Method, string[] Parameters)[] Sinks =
    {
        ("Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript", "*", new[] { "code" }),
        ("Python.Runtime.PythonEngine", "*", new[] { "code" }),
        ("Python.Runtime.PyModule", "Exec", new[] { "code" }),
        ("System.Reflection.Assembly", "Load", new[] { "assemblyString" }),
        ("System.Reflection.Assembly", "LoadFrom", new[] { "assemblyFile" }),
        ("System.Reflection.Assembly", "LoadFile", new[] { "path" }),
        ("System.Reflection.Assembly", "UnsafeLoadFrom", new[] { "assemblyFile" }),
        ("System.Reflection.Assembly", "GetType", new[] { "name" }),
        ("System.Runtime.Loader.AssemblyLoadContext", "LoadFromAssemblyPath", new[] { "assemblyPath" }),
        ("System.Type", "GetType", new[] { "typeName" }),
        ("System.Type", "GetMethod", new[] { "name" }),
        ("System.Type", "InvokeMember", new[] { "name" }),
        ("System.Activator", "CreateInstance", new[] { "assemblyName", "typeName", "assemblyFile" }),
    };

    private static readonly HashSet<string> SinkTypeNames = new(Sinks.Select(s => s.Type.Substring(s.Type.LastIndexOf('.') + 1)), StringComparer.Ordinal);

    /// <summary>The code or name an invocation runs or loads.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation) => operation =>
    {
        if (operation is not IInvocationOperation invocation || invocation.TargetMethod.ContainingType is not { } type)
        {
            return null;
        }

        // Simple names first: this runs for every invocation of the compilation.
        if (!SinkTypeNames.Contains(type.Name))
        {
            return null;
        }

        var typeName = type.ToDisplayString();
        foreach (var (sinkType, method, parameters) in Sinks)
        {
            if (typeName == sinkType && (method == "*" || invocation.TargetMethod.Name == method)
                && TaintSinkRule.Argument(invocation.Arguments, parameters) is { Type.SpecialType: SpecialType.System_String } value)
            {
                return new SinkUse(value, type.Name + "." + invocation.TargetMethod.Name);
            }
        }

        return null;
    };
}
