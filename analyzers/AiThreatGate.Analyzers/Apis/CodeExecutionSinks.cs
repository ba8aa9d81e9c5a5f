using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Where text is run as code (C# scripting, pythonnet), compiled into an assembly (Roslyn <c>Compilation.Emit</c>), or
/// chooses an assembly, type or method to load or invoke (reflection, <c>AssemblyLoadContext</c>, <c>Activator</c>);
/// and the encoders that make text safe to embed in generated C# (a string literal).
/// </summary>
internal static class CodeExecutionSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.Invocation };

    // Type, method ("*": any) and the parameters that carry the code, the name or the assembly's bytes.
    private static readonly (string Type, string Method, string[] Parameters)[] Sinks =
    {
        ("Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript", "*", new[] { "code" }),
        ("Microsoft.CodeAnalysis.Scripting.Script", "ContinueWith", new[] { "code" }),
        ("Microsoft.CodeAnalysis.Scripting.ScriptState", "ContinueWithAsync", new[] { "code" }),
        ("Python.Runtime.PythonEngine", "*", new[] { "code" }),
        ("Python.Runtime.PyModule", "Exec", new[] { "code" }),
        ("System.Reflection.Assembly", "Load", new[] { "assemblyString", "rawAssembly" }),
        ("System.Reflection.Assembly", "LoadFrom", new[] { "assemblyFile" }),
        ("System.Reflection.Assembly", "LoadFile", new[] { "path" }),
        ("System.Reflection.Assembly", "UnsafeLoadFrom", new[] { "assemblyFile" }),
        ("System.Reflection.Assembly", "GetType", new[] { "name" }),
        ("System.Runtime.Loader.AssemblyLoadContext", "LoadFromAssemblyPath", new[] { "assemblyPath" }),
        ("System.Runtime.Loader.AssemblyLoadContext", "LoadFromStream", new[] { "assembly" }),
        ("System.Type", "GetType", new[] { "typeName" }),
        ("System.Type", "GetMethod", new[] { "name" }),
        ("System.Type", "InvokeMember", new[] { "name" }),
        ("System.Activator", "CreateInstance", new[] { "assemblyName", "typeName", "assemblyFile" }),
    };

    // Roslyn's compile step: the compilation whose syntax trees hold model-written source is the dangerous value.
    // Reported here, at the compile, rather than where the emitted bytes are loaded: an assembly emitted to a file
    // or stream is built to run, whoever loads it later. The emitted stream does not carry the taint on, so the load
    // of those bytes is not reported a second time.
    private const string CompilationType = "Microsoft.CodeAnalysis.Compilation";
    private const string FileEmitType = "Microsoft.CodeAnalysis.FileSystemExtensions";
    private const string CSharpFileEmitType = "Microsoft.CodeAnalysis.CSharp.CSharpFileSystemExtensions";

    private static readonly HashSet<string> SinkTypeNames = new(
        Sinks.Select(s => s.Type).Concat(new[] { CompilationType, FileEmitType, CSharpFileEmitType }).Select(t => t.Substring(t.LastIndexOf('.') + 1)),
        StringComparer.Ordinal);

    /// <summary>The code, name or assembly an invocation runs, compiles or loads.</summary>
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
        var method = invocation.TargetMethod.Name;
        if (method == "Emit" && EmittedCompilation(invocation, typeName) is { } emitted)
        {
            return new SinkUse(emitted, "Compilation.Emit");
        }

        foreach (var (sinkType, sinkMethod, parameters) in Sinks)
        {
            if (typeName == sinkType && (sinkMethod == "*" || method == sinkMethod)
                && TaintSinkRule.Argument(invocation.Arguments, parameters) is { } value && CarriesCode(value.Type))
            {
                return new SinkUse(value, type.Name + "." + method);
            }
        }

        return null;
    };

    /// <summary>
    /// An encoder that turns text into a C# string literal (<c>SymbolDisplay.FormatLiteral(text, quote: true)</c>,
    /// <c>SyntaxFactory.Literal(text)</c>): model output embedded that way in generated source is data, not code.
    /// </summary>
    public static bool IsCodeLiteralEncoder(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "FormatLiteral" or "Literal", ContainingType: { Name: "SymbolDisplay" or "SyntaxFactory" } containing } } invocation
        && containing.ContainingNamespace?.ToDisplayString() is "Microsoft.CodeAnalysis.CSharp"
        && invocation.Arguments.FirstOrDefault()?.Value.Type?.SpecialType == SpecialType.System_String;

    // compilation.Emit(peStream, ...), or the file overloads compilation.Emit(outputPath, ...) (extension methods of Compilation and CSharpCompilation).
    private static IOperation? EmittedCompilation(IInvocationOperation invocation, string typeName) => typeName switch
    {
        CompilationType => invocation.Instance,
        FileEmitType or CSharpFileEmitType => TaintSinkRule.Argument(invocation.Arguments, "compilation"),
        _ => null,
    };

    // Text (code, a name), an assembly's raw bytes or a stream of them: not an AssemblyName or a Type.
    private static bool CarriesCode(ITypeSymbol? type) => type switch
    {
        { SpecialType: SpecialType.System_String } => true,
        IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } => true,
        { Name: "Stream", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } } => true,
        _ => false,
    };
}
