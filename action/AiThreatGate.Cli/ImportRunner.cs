using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Importers;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Cli;

/// <summary>
/// <c>import</c>: Threagile, Threat Dragon 1.x/2.x or TM-BOM to this format, then linted so the user sees what to
/// complete. The format is read from the content; what the import skipped or read differently is printed with the counts.
/// </summary>
public static class ImportRunner
{
    public static int Run(string from, string output, bool force, DateOnly today)
    {
        if (!File.Exists(from))
        {
            throw new InputException($"{from}: no such file to import");
        }

        if (File.Exists(output) && !force)
        {
            throw new InputException($"{output} already exists; use --force to overwrite it");
        }

        ImportResult import;
        try
        {
            import = ThreatModelImport.Import(File.ReadAllText(from), from, today);
        }
        catch (ImportException exception)
        {
            throw new InputException(exception.Message, exception);
        }

        File.WriteAllText(output, import.Markdown);
        var model = ThreatModelLoader.LoadText(import.Markdown, output, RuleTaxonomy.Default, today);
        foreach (var diagnostic in model.Diagnostics)
        {
            Console.Out.WriteLine(diagnostic);
        }

        foreach (var note in import.Skipped)
        {
            Console.Out.WriteLine($"{from}: skipped {note}");
        }

        foreach (var note in import.Adjusted)
        {
            Console.Out.WriteLine($"{from}: adjusted {note}");
        }

        var skipped = import.Skipped.Count == 0 ? "0 skipped" : $"{import.Skipped.Count} skipped: {string.Join("; ", import.Skipped)}";
        Console.Out.WriteLine($"{output}: imported {model.Threats.Count} threats and {model.Assets.Count} assets; {skipped}; {model.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error)} error(s) to fix (read {from} as {Describe(import.Format)})");
        return ExitCodes.Pass;
    }

    private static string Describe(ImportFormat format) => format switch
    {
        ImportFormat.Threagile => "Threagile",
        ImportFormat.ThreatDragonV1 => "Threat Dragon 1.x",
        ImportFormat.ThreatDragonV2 => "Threat Dragon 2.x",
        _ => "TM-BOM",
    };
}
