using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Reads one GFM pipe table from the file's full lines: recognises it, resolves its header to canonical column names
/// (<see cref="TableColumns"/>), reports missing required columns and ragged rows, and hands each row, keyed by
/// canonical column, to the row reader of its section.
/// </summary>
internal static class PipeTableReader
{
    private static readonly Regex DelimiterRow = new(
        @"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>A paragraph is a table when its first line has a pipe and its second is a delimiter row (<c>| --- |</c>).</summary>
    public static bool IsTable(ParseState state, int firstLine) =>
        state.Lines[firstLine].Contains('|', StringComparison.Ordinal)
        && firstLine + 1 < state.Lines.Length
        && DelimiterRow.IsMatch(state.Lines[firstLine + 1]);

    /// <summary>Rows run until a blank line or a line without a pipe (Markdig has released the paragraph's lines by now).</summary>
    public static int LineCount(ParseState state, int firstLine)
    {
        var end = firstLine + 2;
        while (end < state.Lines.Length && !string.IsNullOrWhiteSpace(state.Lines[end]) && state.Lines[end].Contains('|', StringComparison.Ordinal))
        {
            end++;
        }

        return end - firstLine;
    }

    /// <summary>
    /// A table of <paramref name="lineCount"/> lines from 0-based <paramref name="firstLine"/>: header, delimiter row,
    /// then rows. Under no recognised heading (<see cref="ModelSection.None"/>) the columns decide what it is, and a
    /// table they do not identify is left alone.
    /// </summary>
    public static void Read(ParseState state, int firstLine, int lineCount, ModelSection section)
    {
        var rows = Enumerable.Range(firstLine, lineCount).Where(l => l != firstLine + 1).Select(l => new RowLine(l)).ToList();
        var header = TableText.SplitRow(state.Lines[rows[0].Line], rows[0].Line + 1);
        if (section == ModelSection.None)
        {
            section = SectionRecognizer.ForHeader(header);
            if (section == ModelSection.None)
            {
                return;
            }
        }

        var table = SectionRecognizer.ColumnsOf(section);
        var columns = table.Resolve(header.Select(h => h.Text).ToList());
        var missing = table.MissingRequired(columns);
        if (missing.Count > 0)
        {
            // The rows are not read (a threat without its ID or Status column cannot be judged), but the table was
            // there: "no threats table" would send the author looking for the wrong problem.
            state.Error(ModelDiagnosticCodes.MissingRequiredColumn, rows[0].Line + 1, header.Count > 0 ? header[0].Column : 1, table.DescribeMissing(missing, header.Select(h => h.Text)));
            if (section == ModelSection.Threats)
            {
                state.SawThreatsTable = true;
            }

            return;
        }

        // The first table of each kind is where the linter points at an uncovered lifecycle stage that has no row to blame.
        if (section == ModelSection.Threats)
        {
            state.SawThreatsTable = true;
            state.ThreatsTableLine = state.ThreatsTableLine == 0 ? rows[0].Line + 1 : state.ThreatsTableLine;
        }
        else if (section == ModelSection.Stages)
        {
            state.StagesTableLine = state.StagesTableLine == 0 ? rows[0].Line + 1 : state.StagesTableLine;
        }

        foreach (var row in rows.Skip(1))
        {
            var lineNumber = row.Line + 1;
            var cells = TableText.SplitRow(state.Lines[row.Line], lineNumber);
            if (cells.Count != header.Count)
            {
                state.Warning(ModelDiagnosticCodes.MalformedTable, lineNumber, 1, $"this row has {cells.Count} cells but the header has {header.Count}; missing cells are read as empty, extra cells are ignored");
            }

            var byName = new Dictionary<string, Cell>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < columns.Count; i++)
            {
                byName[columns[i]] = i < cells.Count ? cells[i] : Cell.Missing(lineNumber);
            }

            switch (section)
            {
                case ModelSection.Assets:
                    AssetRowReader.Read(state, byName, lineNumber);
                    break;
                case ModelSection.Threats:
                    ThreatRowReader.Read(state, byName, lineNumber);
                    break;
                case ModelSection.Decisions:
                    RiskDecisionRowReader.Read(state, byName, lineNumber);
                    break;
                case ModelSection.Stages:
                    StageExclusionRowReader.Read(state, byName, lineNumber);
                    break;
            }
        }
    }

    /// <summary>A 0-based line of the table other than its delimiter row.</summary>
    private readonly record struct RowLine(int Line);
}
