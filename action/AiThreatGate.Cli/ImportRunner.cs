using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Importers;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli;

/// <summary><c>import</c>: Threagile or Threat Dragon to this format, then linted so the user sees what to complete.</summary>
public static class ImportRunner
{
    public static int Run(string from, string output, bool force, DateOnly today)
    {
        if (!File.Exists(from))
        {
            throw new InputException($"{from}: no such file to import");
        }

        if (!ThreatModelImport.IsImportable(from))
        {
            throw new InputException($"{from}: import reads Threagile .yaml/.yml or Threat Dragon .json files");
        }

        if (File.Exists(output) && !force)
        {
            throw new InputException($"{output} already exists; use --force to overwrite it");
        }

        string markdown;
        try
        {
            markdown = ThreatModelImport.ToMarkdown(File.ReadAllText(from), from, today);
        }
        catch (ImportException exception)
        {
            throw new InputException(exception.Message, exception);
        }

        File.WriteAllText(output, markdown);
        var model = ThreatModelLoader.LoadText(markdown, output, RuleTaxonomy.Default, today);
        foreach (var diagnostic in model.Diagnostics)
        {
            Console.Out.WriteLine(diagnostic);
        }

        Console.Out.WriteLine($"{output}: imported {model.Threats.Count} threats and {model.Assets.Count} assets from {from}; {model.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error)} error(s) to fix");
        return ExitCodes.Pass;
    }
}
