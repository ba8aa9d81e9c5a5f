using System;
using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG013: model output names a file or folder (File.*, Directory.*, FileInfo, DirectoryInfo, FileStream).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToPathAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] PathParameters = { "path", "sourceFileName", "destFileName", "destinationFileName", "fileName", "sourceDirName", "destDirName", "destinationBackupFileName" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG013);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG013,
            TaintSources.LlmOutput,
            CreateSinkFinder,
            contextSanitizer: operation => operation is IInvocationOperation { TargetMethod: { Name: "GetFileName", ContainingType.Name: "Path" } },
            contextCheck: operation => operation is IInvocationOperation { TargetMethod: { Name: "StartsWith", ContainingType.SpecialType: SpecialType.System_String } },
            OperationKind.ObjectCreation,
            OperationKind.Invocation));
    }

    private static Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation)
    {
        var io = new TypeSet(compilation, "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream", "System.IO.StreamReader", "System.IO.StreamWriter");
        return operation => operation switch
        {
            IInvocationOperation invocation when io.Contains(invocation.TargetMethod.ContainingType) && FirstPath(invocation.Arguments) is { } path =>
                new SinkUse(path, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name),
            IObjectCreationOperation creation when io.Contains(creation.Type) && FirstPath(creation.Arguments) is { } path =>
                new SinkUse(path, "new " + creation.Type!.Name),
            _ => null,
        };
    }

    private static IOperation? FirstPath(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && Array.IndexOf(PathParameters, parameter.Name) >= 0 && !argument.Value.ConstantValue.HasValue)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
