using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Reads one row of the Lifecycle coverage table: a stage the model does not cover, and why.</summary>
internal static class StageExclusionRowReader
{
    public static void Read(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        var stage = cells["stage"];
        if (!Vocabulary.TryParseStage(stage.Text, out var parsed))
        {
            state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, stage.Column, $"'{stage.Text}' is not a lifecycle stage ({string.Join(", ", Vocabulary.AllStages.Select(Vocabulary.Name))})");
            return;
        }

        state.StageExclusions.Add(new StageExclusion(parsed, cells["reason"].Text, line));
    }
}
