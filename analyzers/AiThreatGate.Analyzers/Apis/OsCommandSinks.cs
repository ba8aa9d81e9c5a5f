using System;
using System.Collections.Immutable;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Where a program or its arguments are chosen: <c>Process.Start</c>, <c>ProcessStartInfo</c> (constructor, <c>FileName</c>, <c>Arguments</c>, <c>ArgumentList</c>).</summary>
internal static class OsCommandSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.SimpleAssignment, OperationKind.ObjectCreation, OperationKind.Invocation };

    /// <summary>The program name or arguments an operation starts a process with, or null when the compilation cannot start processes.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
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
