using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
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
        // The method's body, or the top-level statements of a program (`var ml = new MLContext(); ...`).
        var root = ValueFlow.Root(load);

        // Earlier in the method, and not a call that holds the load (`Train(ml.Data.LoadFromTextFile(...))`).
        var earlier = root.Descendants()
            .Where(operation => operation.Syntax.SpanStart < load.Syntax.SpanStart && !operation.Syntax.Span.Contains(load.Syntax.Span))
            .ToList();
        if (earlier.Any(IntegrityVerification.IsHashComputation))
        {
            return null;
        }

        (IOperation, string)? found = null;
        foreach (var operation in earlier.OfType<IInvocationOperation>())
        {
            if (IsFileDownload(operation))
            {
                found ??= (operation, ArtifactOrigins.Describe(operation) + " earlier in the method");
                continue;
            }

            if (HelperBody(operation, compilation) is { } helper)
            {
                // A helper that hashes the files (`VerifySha256(zip, expected)`) is the check, wherever the download is.
                if (helper.Any(IntegrityVerification.IsHashComputation))
                {
                    return null;
                }

                if (found is null && helper.FirstOrDefault(IsFileDownload) is { } download)
                {
                    found = (operation, ArtifactOrigins.Describe(download) + " in " + operation.TargetMethod.ContainingType.Name + "." + operation.TargetMethod.Name + ", called earlier in the method");
                }
            }
        }

        return found;
    }

    private static List<IOperation>? HelperBody(IInvocationOperation call, Compilation compilation) =>
        call.TargetMethod.DeclaringSyntaxReferences.FirstOrDefault() is { } helper
        && helper.SyntaxTree is { } tree && compilation.ContainsSyntaxTree(tree)
        && CompilationScan.Operation(compilation, helper) is { } body
            ? body.Descendants().ToList()
            : null;

    // Downloads that fetch a file's bytes (not an API's JSON answer).
    private static bool IsFileDownload(IOperation operation) =>
        ArtifactOrigins.IsDownload(operation) && operation is IInvocationOperation { TargetMethod.Name: var name }
        && (name.StartsWith("DownloadFile", StringComparison.Ordinal) || name.StartsWith("DownloadData", StringComparison.Ordinal)
            || name.StartsWith("GetStream", StringComparison.Ordinal) || name.StartsWith("GetByteArray", StringComparison.Ordinal) || name.StartsWith("OpenRead", StringComparison.Ordinal));
}
