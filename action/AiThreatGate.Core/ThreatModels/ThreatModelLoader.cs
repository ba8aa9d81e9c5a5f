using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Importers;
using AiThreatGate.Core.Taxonomy;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Parse + lint in one call: what the gate and the CLI use. Threagile (.yaml), Threat Dragon and TM-BOM (.json) models are imported first.</summary>
public static class ThreatModelLoader
{
    public static ThreatModelDocument Load(string path, RuleTaxonomy taxonomy, DateOnly today)
    {
        if (!ThreatModelImport.IsImportable(path))
        {
            return ThreatModelLinter.Lint(ThreatModelParser.ParseFile(path), taxonomy, today);
        }

        try
        {
            // Imported files are decoded as strictly as Markdown ones: a replaced byte could change an ID or a status.
            var text = ThreatModelText.Decode(File.ReadAllBytes(path), out var error);
            if (text is null || error is not null)
            {
                return ThreatModelParser.Parse(string.Empty, path) with
                {
                    Diagnostics = new[] { new ModelDiagnostic(ModelDiagnosticCodes.InvalidEncoding, DiagnosticLevel.Error, path, error?.Line ?? 1, error?.Column ?? 1, error?.Message ?? "the file is not text") },
                };
            }

            var import = ThreatModelImport.Import(text, path, today);
            var document = LoadText(import.Markdown, path, taxonomy, today);

            // An in-memory import has no CLI report, so what it left out or read differently is told as warnings.
            var notes = import.Skipped.Select(n => $"import skipped {n}")
                .Concat(import.Adjusted.Select(n => $"import adjusted {n}"))
                .Select(message => new ModelDiagnostic(ModelDiagnosticCodes.ImportFailed, DiagnosticLevel.Warning, path, 1, 1, message))
                .ToList();
            return notes.Count == 0 ? document : document with { Diagnostics = document.Diagnostics.Concat(notes).ToList() };
        }
        catch (Exception exception) when (exception is ImportException or IOException or UnauthorizedAccessException)
        {
            var message = exception is ImportException ? exception.Message : $"{path}:1:1: error: cannot read the threat model: {exception.Message}";
            return ThreatModelParser.Parse(string.Empty, path) with
            {
                Diagnostics = new[] { new ModelDiagnostic(ModelDiagnosticCodes.ImportFailed, DiagnosticLevel.Error, path, 1, 1, message) },
            };
        }
    }

    public static ThreatModelDocument LoadText(string text, string path, RuleTaxonomy taxonomy, DateOnly today) =>
        ThreatModelLinter.Lint(ThreatModelParser.Parse(text, path), taxonomy, today);
}
