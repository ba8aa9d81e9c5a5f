using System.Collections.Generic;
using System.Text;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Splits a GFM pipe-table row into cells with their exact 1-based columns (Markdig finds the rows; positions come from the source line).</summary>
internal static class TableText
{
    public static List<Cell> SplitRow(string line, int lineNumber)
    {
        var cells = new List<Cell>();
        var i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        if (i < line.Length && line[i] == '|')
        {
            i++;
        }

        var start = i;
        var inCode = false;
        var text = new StringBuilder();
        for (; i <= line.Length; i++)
        {
            var atEnd = i == line.Length;
            var c = atEnd ? '\0' : line[i];
            if (!atEnd && c == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                text.Append('|');
                i++;
                continue;
            }

            if (!atEnd && c == '`')
            {
                inCode = !inCode;
            }

            if (atEnd || c == '|' && !inCode)
            {
                var raw = text.ToString();
                var leading = raw.Length - raw.TrimStart().Length;
                var isTrailingEmpty = atEnd && raw.Trim().Length == 0 && cells.Count > 0;
                if (!isTrailingEmpty)
                {
                    cells.Add(new Cell(raw.Trim(), lineNumber, start + leading + 1));
                }

                text.Clear();
                start = i + 1;
                continue;
            }

            text.Append(c);
        }

        return cells;
    }
}
