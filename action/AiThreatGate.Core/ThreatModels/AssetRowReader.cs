using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Reads one row of the Assets table into an <see cref="Asset"/>.</summary>
internal static class AssetRowReader
{
    public static void Read(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        // Threats refer to assets by ID: a row without one could never be referenced, so it is reported and dropped.
        var id = cells["id"];
        if (id.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, id.Column, "an asset row has no ID");
            return;
        }

        // An unknown kind is only a warning: the asset is still kept, with the kind as written (normalised).
        var kind = TableRowCells.Get(cells, "kind");
        if (!kind.IsEmpty && !Vocabulary.AssetKinds.Contains(Vocabulary.Normalize(kind.Text).ToLowerInvariant()))
        {
            state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, kind.Column, $"asset kind '{kind.Text}' is not one of {string.Join(", ", Vocabulary.AssetKinds)}");
        }

        state.Assets.Add(new Asset(id.Text, cells["asset"].Text, Vocabulary.Normalize(kind.Text).ToLowerInvariant(), TableRowCells.ReadStages(state, TableRowCells.Get(cells, "stage")), TableRowCells.Get(cells, "sensitivity").Text, cells, line));
    }
}
