using System;
using System.Collections.Generic;

namespace AiThreatGate.Cli.Scanning;

/// <summary>What the gate and <c>scan</c> do with code that does not compile: fail, or warn with <c>--allow-compile-errors</c>.</summary>
public static class CompileErrors
{
    /// <summary>Compile errors stop the gate (it cannot evaluate code that does not bind) unless the user allowed them.</summary>
    public static IReadOnlyList<string> Check(ScanResult scan, bool allowCompileErrors)
    {
        if (scan.CompileErrors.Count == 0)
        {
            return Array.Empty<string>();
        }

        if (!allowCompileErrors)
        {
            throw new InputException(scan.DescribeCompileErrors());
        }

        var first = scan.CompileErrors[0];
        var warning = $"The code has {scan.CompileErrors.Count} compile error(s) (first: {first}); findings in code that does not compile may be missing (--allow-compile-errors).";
        Console.Error.WriteLine("warning: " + warning);
        return new[] { warning };
    }
}
