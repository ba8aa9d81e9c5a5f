using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG012: model output evaluated as code (C# scripting, Python) or choosing an assembly, type or method to load or invoke.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToCodeAnalyzer : DiagnosticAnalyzer
{
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

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG012);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleCatalog.AITG012, TaintSources.LlmOutput, CreateSinkFinder, contextSanitizer: null, OperationKind.Invocation));
    }

    private static readonly System.Collections.Generic.HashSet<string> SinkTypeNames = new(Sinks.Select(s => s.Type.Substring(s.Type.LastIndexOf('.') + 1)), StringComparer.Ordinal);

    private static Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation) => operation =>
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
