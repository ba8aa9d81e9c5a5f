using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace AiThreatGate.Core.Findings;

/// <summary>The lines a change adds or modifies, per repository-relative file, read from <c>git diff --unified=0</c>.</summary>
public sealed class ChangedLines
{
    private static readonly Regex HunkHeader = new(@"^@@ -\d+(?:,\d+)? \+(?<start>\d+)(?:,(?<count>\d+))? @@", RegexOptions.CultureInvariant);
    private readonly Dictionary<string, List<(int Start, int End)>> _ranges = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Files => _ranges.Keys;

    public static ChangedLines ParseUnifiedDiff(string diff)
    {
        var changed = new ChangedLines();
        string? file = null;
        foreach (var rawLine in diff.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var target = line[4..].Trim();
                file = target == "/dev/null" ? null : target.StartsWith("b/", StringComparison.Ordinal) ? target[2..] : target;
                if (file is not null && !changed._ranges.ContainsKey(file))
                {
                    changed._ranges[file] = new List<(int, int)>();
                }

                continue;
            }

            var match = HunkHeader.Match(line);
            if (match.Success && file is not null)
            {
                var start = int.Parse(match.Groups["start"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var count = match.Groups["count"].Success ? int.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
                if (count > 0)
                {
                    changed._ranges[file].Add((start, start + count - 1));
                }
            }
        }

        return changed;
    }

    /// <summary>True when the finding's line was added or modified by the change. A finding with no file counts as changed (fail closed).</summary>
    public bool Contains(string? path, int line)
    {
        if (path is null)
        {
            return true;
        }

        if (!_ranges.TryGetValue(path, out var ranges))
        {
            return false;
        }

        foreach (var (start, end) in ranges)
        {
            if (line >= start && line <= end)
            {
                return true;
            }
        }

        return false;
    }
}
