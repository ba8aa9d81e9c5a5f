using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Core.Findings;

namespace AiThreatGate.Cli.Scanning;

/// <summary>What a scan found, and the compile errors (or project load failures) that make it incomplete.</summary>
public sealed record ScanResult(IReadOnlyList<Finding> Findings, IReadOnlyList<string> CompileErrors)
{
    /// <summary>The full paths of every source file the scanned projects compiled.</summary>
    public IReadOnlySet<string> CompiledFiles { get; init; } = new HashSet<string>();

    /// <summary>
    /// The compile errors as one message for the user: the first few with file:line, a hint when they look like a
    /// language version this CLI's compiler does not know, and how to proceed.
    /// </summary>
    public string DescribeCompileErrors(int shown = 10)
    {
        var lines = new List<string>
        {
            $"the code does not compile ({CompileErrors.Count} error(s)); the analyzers cannot see into code that does not bind, so the gate cannot evaluate it and does not pass:",
        };
        lines.AddRange(CompileErrors.Take(shown).Select(e => "  " + e));
        if (CompileErrors.Count > shown)
        {
            lines.Add($"  ... and {CompileErrors.Count - shown} more");
        }

        // CS1617: unknown LangVersion; CS8652/CS9058 and friends: a feature of a newer C# than this compiler knows.
        if (CompileErrors.Any(e => e.Contains("error CS1617", StringComparison.Ordinal) || e.Contains("error CS8652", StringComparison.Ordinal) || e.Contains("error CS9058", StringComparison.Ordinal) || e.Contains("error CS8936", StringComparison.Ordinal)))
        {
            lines.Add($"  hint: AiThreatGate compiles with C# compiler {AnalyzerRunner.CompilerVersion}; if your SDK's compiler is newer, update AiThreatGate.");
        }

        lines.Add("Fix the errors (does 'dotnet build' pass?), or pass --allow-compile-errors to evaluate what does compile, with a warning.");
        return string.Join(Environment.NewLine, lines);
    }
}
