using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// What every row reader needs from a row's cells (keyed by canonical column name): optional columns read as empty,
/// and the Stage column's list of lifecycle stages.
/// </summary>
internal static class TableRowCells
{
    /// <summary>An optional column: a table without it reads as an empty cell, so readers need no presence checks.</summary>
    public static Cell Get(Dictionary<string, Cell> cells, string name) => cells.TryGetValue(name, out var cell) ? cell : Cell.Missing(0);

    /// <summary>The stages a cell lists, without repeats; an unknown word is a warning and is left out.</summary>
    public static List<LifecycleStage> ReadStages(ParseState state, Cell cell)
    {
        var stages = new List<LifecycleStage>();
        foreach (var item in Vocabulary.SplitList(cell.Text))
        {
            if (Vocabulary.TryParseStage(item, out var stage))
            {
                stages.Add(stage);
            }
            else
            {
                state.Warning(ModelDiagnosticCodes.UnknownVocabulary, cell.Line, cell.Column, $"'{item}' is not a lifecycle stage ({string.Join(", ", Vocabulary.AllStages.Select(Vocabulary.Name))})");
            }
        }

        return stages.Distinct().ToList();
    }
}
