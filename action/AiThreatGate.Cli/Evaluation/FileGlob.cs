using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli.Evaluation;

/// <summary>Expands the <c>--sarif</c> inputs: a file, or a glob with <c>*</c>, <c>**</c> and <c>?</c>, relative to the current folder.</summary>
public static class FileGlob
{
    /// <summary>A path, or a glob with <c>*</c>/<c>**</c>, relative to the current folder.</summary>
    public static List<string> Expand(string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return File.Exists(pattern) ? new List<string> { Path.GetFullPath(pattern) } : new List<string>();
        }

        var normalized = pattern.Replace('\\', '/');
        var firstWildcard = normalized.IndexOfAny(new[] { '*', '?' });
        var baseEnd = normalized.LastIndexOf('/', firstWildcard);
        var baseDirectory = Path.GetFullPath(baseEnd < 0 ? "." : normalized[..baseEnd]);
        if (!Directory.Exists(baseDirectory))
        {
            return new List<string>();
        }

        var relativeGlob = baseEnd < 0 ? normalized : normalized[(baseEnd + 1)..];
        return Directory.EnumerateFiles(baseDirectory, "*", SearchOption.AllDirectories)
            .Where(file => Glob.IsMatch(Path.GetRelativePath(baseDirectory, file).Replace('\\', '/'), relativeGlob))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }
}
