using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// A dataset fetched into files before training: the method that loads the training data first downloads files from
/// the network (<c>WebClient.DownloadFile</c>, <c>HttpClient.GetStreamAsync</c>/<c>GetByteArrayAsync</c>), itself or in a
/// helper of the compilation it calls (<c>DownloadDataset(dir)</c> then <c>LoadFromTextFile(dir + ...)</c>), and nothing
/// there computes a hash. The path the loader reads does not show the download (the files travel through a folder,
/// often unpacked or prepared by another step), so the order of the calls in the method is the evidence.
/// </summary>
internal static class DatasetDownloads
{
    /// <summary>The download (or the call of the helper that downloads) before <paramref name="load"/> in its method, and how a message names it; null when none.</summary>
    public static (IOperation At, string Description)? Before(IInvocationOperation load, Compilation compilation)
    {
        var body = load.Syntax.FirstAncestorOrSelf<SyntaxNode>(node => node is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax);
        if (body is null || CompilationScan.Operation(compilation, body) is not { } method)
        {
            return null;
        }

        var earlier = method.Descendants().Where(operation => operation.Syntax.SpanStart < load.Syntax.SpanStart).ToList();
        if (earlier.Any(IntegrityVerification.IsHashComputation))
        {
            return null;
        }

        foreach (var operation in earlier.OfType<IInvocationOperation>())
        {
            if (IsFileDownload(operation))
            {
                return (operation, ArtifactOrigins.Describe(operation) + " earlier in the method");
            }

            if (operation.TargetMethod.DeclaringSyntaxReferences.FirstOrDefault() is { } helper
                && helper.SyntaxTree is { } tree && compilation.ContainsSyntaxTree(tree)
                && CompilationScan.Operation(compilation, helper) is { } helperBody)
            {
                var inHelper = helperBody.Descendants().ToList();
                if (inHelper.FirstOrDefault(IsFileDownload) is { } download && !inHelper.Any(IntegrityVerification.IsHashComputation))
                {
                    return (operation, ArtifactOrigins.Describe(download) + " in " + operation.TargetMethod.ContainingType.Name + "." + operation.TargetMethod.Name + ", called earlier in the method");
                }
            }
        }

        return null;
    }

    // Downloads that fetch a file's bytes (not an API's JSON answer).
    private static bool IsFileDownload(IOperation operation) =>
        ArtifactOrigins.IsDownload(operation) && operation is IInvocationOperation { TargetMethod.Name: var name }
        && (name.StartsWith("DownloadFile", StringComparison.Ordinal) || name.StartsWith("DownloadData", StringComparison.Ordinal)
            || name.StartsWith("GetStream", StringComparison.Ordinal) || name.StartsWith("GetByteArray", StringComparison.Ordinal) || name.StartsWith("OpenRead", StringComparison.Ordinal));
}
