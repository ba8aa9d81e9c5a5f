using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli;

/// <summary><c>lint</c>: every problem of a threat model, compiler-style; exit 2 on errors (or warnings with --warnings-as-errors).</summary>
public static class LintRunner
{
    public static int Run(string threatModel, bool warningsAsErrors, DateOnly today)
    {
        if (!File.Exists(threatModel))
        {
            throw new InputException($"{threatModel}: no such threat model");
        }

        var model = ThreatModelLoader.Load(threatModel, RuleTaxonomy.Default, today);
        foreach (var diagnostic in model.Diagnostics)
        {
            Console.Out.WriteLine(diagnostic);
        }

        var errors = model.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error);
        var warnings = model.Diagnostics.Count - errors;
        Console.Out.WriteLine($"{threatModel}: {errors} error(s), {warnings} warning(s); {model.Threats.Count} threats, {model.Assets.Count} assets, {model.Decisions.Count} risk decisions");
        return errors > 0 || warningsAsErrors && warnings > 0 ? ExitCodes.InputError : ExitCodes.Pass;
    }
}
