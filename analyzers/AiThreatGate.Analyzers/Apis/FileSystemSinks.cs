using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Where a file or folder is named: <c>File.*</c>, <c>Directory.*</c>, <c>FileInfo</c>, <c>DirectoryInfo</c>, <c>FileStream</c>, stream readers and writers.</summary>
internal static class FileSystemSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.ObjectCreation, OperationKind.Invocation };

    private static readonly string[] PathParameters = { "path", "sourceFileName", "destFileName", "destinationFileName", "fileName", "sourceDirName", "destDirName", "destinationBackupFileName" };

    /// <summary><c>Path.GetFileName</c>: what is left cannot leave the folder it is combined with.</summary>
    public static bool IsPathSanitizer(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "GetFileName", ContainingType.Name: "Path" } };

    /// <summary>
    /// <c>string.StartsWith</c> on the full path (<c>Path.GetFullPath</c>): a path checked to stay under a base folder.
    /// A prefix check of the raw path is not one: <c>reports/../../etc/passwd</c> starts with <c>reports/</c>.
    /// </summary>
    public static bool IsPathCheck(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "StartsWith", ContainingType.SpecialType: SpecialType.System_String }, Instance: { } checkedPath }
        && IsFullPath(checkedPath);

    /// <summary><c>path.StartsWith(root)</c> on a path not made full first: what a validator named <c>IsValidPath</c> often does, and no guard.</summary>
    public static bool IsRawPrefixCheck(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "StartsWith", ContainingType.SpecialType: SpecialType.System_String } } && !IsPathCheck(operation);

    private static bool IsFullPath(IOperation path)
    {
        if (path.DescendantsAndSelf().Any(IsGetFullPath))
        {
            return true;
        }

        // var full = Path.GetFullPath(candidate); if (!full.StartsWith(root)) ...
        return ValueFlow.Unwrap(path) is ILocalReferenceOperation { Local: { } local }
            && ValueFlow.ValuesOf(path, local).Any(value => value.DescendantsAndSelf().Any(IsGetFullPath));
    }

    private static bool IsGetFullPath(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "GetFullPath", ContainingType.Name: "Path" } };

    /// <summary>The path an operation opens, creates, moves or deletes.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
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
