using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG011: model output chooses a program or its arguments (Process.Start, ProcessStartInfo).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToCommandAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG011);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG011,
            TaintSources.LlmOutput,
            CreateSinkFinder,
            contextSanitizer: null,
            OperationKind.SimpleAssignment,
            OperationKind.ObjectCreation,
            OperationKind.Invocation));
    }

    private static System.Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation)
    {
        var process = new TypeSet(compilation, "System.Diagnostics.Process");
        var startInfo = new TypeSet(compilation, "System.Diagnostics.ProcessStartInfo");
        if (process.IsEmpty || startInfo.IsEmpty)
        {
            return null;
        }

        return operation => operation switch
        {
            IInvocationOperation { TargetMethod: { Name: "Start", IsStatic: true } } start when process.Contains(start.TargetMethod.ContainingType)
                && (TaintSinkRule.Argument(start.Arguments, "fileName") is { } fileName) =>
                new SinkUse(ArgumentsOrFileName(start.Arguments, fileName), "Process.Start"),
            IObjectCreationOperation creation when startInfo.Contains(creation.Type) && TaintSinkRule.Argument(creation.Arguments, "fileName") is { } fileName =>
                new SinkUse(ArgumentsOrFileName(creation.Arguments, fileName), "new ProcessStartInfo"),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName" or "Arguments" } property } assignment
                when startInfo.Contains(property.Property.ContainingType) =>
                new SinkUse(assignment.Value, "ProcessStartInfo." + property.Property.Name),
            IInvocationOperation { TargetMethod.Name: "Add" or "Insert", Instance: IPropertyReferenceOperation { Property.Name: "ArgumentList" } list } add
                when startInfo.Contains(list.Property.ContainingType) && add.Arguments.Length > 0 =>
                new SinkUse(add.Arguments[add.Arguments.Length - 1].Value, "ProcessStartInfo.ArgumentList"),
            _ => null,
        };
    }

    /// <summary>The program name, or the arguments when the program is a constant (the usual shape: a fixed tool, variable arguments).</summary>
    private static IOperation ArgumentsOrFileName(ImmutableArray<IArgumentOperation> arguments, IOperation fileName) =>
        fileName.ConstantValue.HasValue && TaintSinkRule.Argument(arguments, "arguments") is { } args ? args : fileName;
}
