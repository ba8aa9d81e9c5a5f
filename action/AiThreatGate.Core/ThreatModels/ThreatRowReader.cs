using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Reads one row of the Threats table into a <see cref="Threat"/>: status, categories (STRIDE or the AI categories),
/// adversaries, priority (explicit, from likelihood and impact, or from DREAD) and Detects entries. Unknown words are
/// warnings and the row is kept; only a row without an ID is dropped.
/// </summary>
internal static class ThreatRowReader
{
    public static void Read(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        var id = cells[ThreatColumns.Id];
        if (id.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, id.Column, "a threat row has no ID");
            return;
        }

        // A missing or unknown status is an error but reads as open: the gate then treats the threat as unresolved
        // rather than letting a typo resolve it.
        var statusCell = cells[ThreatColumns.Status];
        ThreatStatus status;
        if (statusCell.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, statusCell.Column, $"threat {id.Text} has no status (open, in-progress, mitigated, planned, accepted, eliminated, transferred, not-applicable); it is treated as open");
            status = ThreatStatus.Open;
        }
        else if (!Vocabulary.TryParseStatus(statusCell.Text, out status))
        {
            state.Error(ModelDiagnosticCodes.UnknownStatus, line, statusCell.Column, $"threat {id.Text} has the unknown status '{statusCell.Text}' (use open, in-progress, mitigated, planned, accepted, eliminated, transferred or not-applicable); it is treated as open");
            status = ThreatStatus.Open;
        }

        var categories = new List<string>();
        var categoryCell = TableRowCells.Get(cells, ThreatColumns.Category);
        foreach (var category in Vocabulary.SplitList(categoryCell.Text))
        {
            var normalized = NormalizeCategory(category);
            if (normalized is null)
            {
                state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, categoryCell.Column, $"category '{category}' is neither a STRIDE letter nor one of {string.Join(", ", Vocabulary.AiCategories)}");
            }
            else
            {
                categories.AddRange(normalized);
            }
        }

        var adversaryCell = TableRowCells.Get(cells, ThreatColumns.Adversary);
        var adversaries = Vocabulary.SplitList(adversaryCell.Text).Select(a => Vocabulary.Normalize(a).ToLowerInvariant()).ToList();
        foreach (var adversary in adversaries.Where(a => !Vocabulary.Adversaries.Contains(a)))
        {
            state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, adversaryCell.Column, $"adversary '{adversary}' is not one of {string.Join(", ", Vocabulary.Adversaries)}");
        }

        var (priority, determined) = ReadPriority(state, cells, id.Text, line);
        var detectsCell = TableRowCells.Get(cells, ThreatColumns.Detects);
        state.Threats.Add(new Threat(
            id.Text,
            cells[ThreatColumns.Threat].Text,
            TableRowCells.ReadStages(state, TableRowCells.Get(cells, ThreatColumns.Stage)),
            categories.Distinct().ToList(),
            Vocabulary.SplitList(TableRowCells.Get(cells, ThreatColumns.Assets).Text),
            adversaries,
            status,
            statusCell.Text,
            priority,
            determined,
            TableRowCells.Get(cells, ThreatColumns.Controls).Text,
            TableRowCells.Get(cells, ThreatColumns.Owner).Text,
            DetectsEntry.ParseCell(detectsCell),
            cells,
            line));
    }

    /// <summary>
    /// The first usable rating wins: an explicit Priority, then Likelihood × Impact, then DREAD. With none the threat
    /// is high priority and not <c>Determined</c>: an unrated threat must not slip under the gate's block level.
    /// </summary>
    private static (Priority Priority, bool Determined) ReadPriority(ParseState state, Dictionary<string, Cell> cells, string id, int line)
    {
        var explicitCell = TableRowCells.Get(cells, ThreatColumns.Priority);
        if (!explicitCell.IsEmpty)
        {
            if (Vocabulary.TryParsePriority(explicitCell.Text, out var explicitPriority))
            {
                return (explicitPriority, true);
            }

            state.Warning(ModelDiagnosticCodes.UnknownRating, line, explicitCell.Column, $"priority '{explicitCell.Text}' of {id} is not low, medium, high or critical");
        }

        var likelihoodCell = TableRowCells.Get(cells, ThreatColumns.Likelihood);
        var impactCell = TableRowCells.Get(cells, ThreatColumns.Impact);
        var likelihood = PriorityMatrix.ParseLikelihood(likelihoodCell.Text);
        var impact = PriorityMatrix.ParseImpact(impactCell.Text);
        if (!likelihoodCell.IsEmpty && likelihood == 0)
        {
            state.Warning(ModelDiagnosticCodes.UnknownRating, line, likelihoodCell.Column, $"likelihood '{likelihoodCell.Text}' of {id} is not low, medium, high, very high or 1-5");
        }

        if (!impactCell.IsEmpty && impact == 0)
        {
            state.Warning(ModelDiagnosticCodes.UnknownRating, line, impactCell.Column, $"impact '{impactCell.Text}' of {id} is not low, medium, high, critical or 1-5");
        }

        if (likelihood > 0 && impact > 0)
        {
            return (PriorityMatrix.FromLevels(likelihood, impact), true);
        }

        var dreadCell = TableRowCells.Get(cells, ThreatColumns.Dread);
        if (!dreadCell.IsEmpty)
        {
            if (PriorityMatrix.TryFromDread(dreadCell.Text, out var fromDread))
            {
                return (fromDread, true);
            }

            state.Warning(ModelDiagnosticCodes.UnknownRating, line, dreadCell.Column, $"DREAD '{dreadCell.Text}' of {id} is neither five 0-10 scores ('8/6/7/5/4') nor their average");
        }

        state.Warning(ModelDiagnosticCodes.UndeterminedPriority, line, 1, $"{id} has no usable Priority, Likelihood and Impact, or DREAD; it is treated as high priority");
        return (Priority.High, false);
    }

    /// <summary>STRIDE letters or words become <c>stride:X</c>; AI categories stay as they are; null when unknown.</summary>
    private static IReadOnlyList<string>? NormalizeCategory(string text)
    {
        var word = Vocabulary.Normalize(text).ToLowerInvariant().Replace(' ', '-');
        if (Vocabulary.AiCategories.Contains(word))
        {
            return new[] { word };
        }

        var stride = word switch
        {
            "s" or "spoofing" => "S",
            "t" or "tampering" => "T",
            "r" or "repudiation" => "R",
            "i" or "information-disclosure" or "disclosure" => "I",
            "d" or "denial-of-service" or "dos" => "D",
            "e" or "elevation-of-privilege" or "eop" => "E",
            _ => null,
        };
        if (stride is not null)
        {
            return new[] { "stride:" + stride };
        }

        // A run of STRIDE letters such as "TI" or "STRIDE".
        if (word.Length is > 1 and <= 6 && word.All(c => "stride".Contains(c, StringComparison.Ordinal)))
        {
            return word.Select(c => "stride:" + char.ToUpperInvariant(c)).ToList();
        }

        return null;
    }
}
