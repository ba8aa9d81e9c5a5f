using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Tells which table a section holds: first by its heading (teams title them in many ways: "Threat register",
/// "Risk acceptance", "Out of scope"), else by the table's own columns, so that a model with unusual headings still
/// has its threats and decisions read.
/// </summary>
internal static class SectionRecognizer
{
    public static ModelSection ForHeading(string title)
    {
        var key = ColumnSynonyms.Key(title);
        if (key.StartsWith("asset", StringComparison.Ordinal))
        {
            return ModelSection.Assets;
        }

        if ((key.StartsWith("threat", StringComparison.Ordinal) && !key.StartsWith("threat model", StringComparison.Ordinal)) || key is "threat register" or "risks" or "risk register")
        {
            return ModelSection.Threats;
        }

        if (key.Contains("decision", StringComparison.Ordinal) || key.StartsWith("risk acceptance", StringComparison.Ordinal) || key == "exceptions")
        {
            return ModelSection.Decisions;
        }

        if (key.Contains("lifecycle", StringComparison.Ordinal) || key.Contains("stage", StringComparison.Ordinal) || key.StartsWith("out of scope", StringComparison.Ordinal))
        {
            return ModelSection.Stages;
        }

        return ModelSection.None;
    }

    /// <summary>
    /// A table under an unrecognised heading counts only when its columns leave no doubt: decisions (Decision and
    /// Threat) or threats (ID, Status and Threat). Asset and lifecycle tables are read only under their heading.
    /// </summary>
    public static ModelSection ForHeader(List<Cell> header)
    {
        var texts = header.Select(h => h.Text).ToList();
        bool Has(TableColumns table, params string[] names) => names.All(table.Resolve(texts).Contains);
        if (Has(ColumnSynonyms.Decisions, "decision", "threat"))
        {
            return ModelSection.Decisions;
        }

        return Has(ColumnSynonyms.Threats, ThreatColumns.Id, ThreatColumns.Status, ThreatColumns.Threat) ? ModelSection.Threats : ModelSection.None;
    }

    public static TableColumns ColumnsOf(ModelSection section) => section switch
    {
        ModelSection.Assets => ColumnSynonyms.Assets,
        ModelSection.Threats => ColumnSynonyms.Threats,
        ModelSection.Decisions => ColumnSynonyms.Decisions,
        _ => ColumnSynonyms.Stages,
    };
}
