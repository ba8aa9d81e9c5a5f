using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AiThreatGate.Core.Findings;

/// <summary>
/// The lines a change adds or modifies, per repository-relative file, read from <c>git diff --unified=0</c>.
/// Every path git can print is understood: C-quoted names (<c>"b/Donn\303\251es.cs"</c>, <c>"b/tab\tname.cs"</c>),
/// the tab git appends to a name with a space, and names with quotes or backslashes. A file the parser cannot
/// place would let its findings pass as pre-existing, so unreadable headers are an error, never a skip.
/// </summary>
public sealed class ChangedLines
{
    private static readonly Regex HunkHeader = new(@"^@@ -\d+(?:,(?<oldCount>\d+))? \+(?<start>\d+)(?:,(?<count>\d+))? @@", RegexOptions.CultureInvariant);
    private readonly Dictionary<string, List<(int Start, int End)>> _ranges = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wholeFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _deletions = new(StringComparer.Ordinal);

    /// <summary>Every file the change touches (added, modified, or new and not yet committed).</summary>
    public IReadOnlyCollection<string> Files
    {
        get
        {
            var all = new SortedSet<string>(_ranges.Keys, StringComparer.Ordinal);
            all.UnionWith(_wholeFiles);
            return all;
        }
    }

    /// <summary>Reads a unified diff written with the <c>a/</c> and <c>b/</c> prefixes (the gate passes them explicitly).</summary>
    public static ChangedLines ParseUnifiedDiff(string diff)
    {
        var changed = new ChangedLines();
        string? file = null;
        var lineNumber = 0;
        var oldLeft = 0;
        var newLeft = 0;
        foreach (var rawLine in diff.Split('\n'))
        {
            lineNumber++;

            // Inside a hunk every line is content, whatever it starts with: an added "++ i;" shows as "+++ i;".
            // The hunk header's counts say exactly how many lines belong to it.
            if (oldLeft > 0 || newLeft > 0)
            {
                switch (rawLine.Length > 0 ? rawLine[0] : ' ')
                {
                    case '+':
                        newLeft--;
                        break;
                    case '-':
                        oldLeft--;
                        break;
                    case '\\':
                        break; // "\ No newline at end of file"
                    default:
                        oldLeft--;
                        newLeft--;
                        break;
                }

                continue;
            }

            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                file = null;
                continue;
            }

            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                file = ParseTargetPath(line[4..], lineNumber);
                if (file is not null && !changed._ranges.ContainsKey(file))
                {
                    changed._ranges[file] = new List<(int, int)>();
                }

                continue;
            }

            var match = HunkHeader.Match(line);
            if (!match.Success)
            {
                continue;
            }

            var start = int.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture);
            var count = match.Groups["count"].Success ? int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture) : 1;
            oldLeft = match.Groups["oldCount"].Success ? int.Parse(match.Groups["oldCount"].Value, CultureInfo.InvariantCulture) : 1;
            newLeft = count;
            if (file is null)
            {
                continue; // a deleted file's hunks
            }

            if (count > 0)
            {
                changed._ranges[file].Add((start, start + count - 1));
            }
            else
            {
                // Lines were removed after new line 'start': nothing is added, but the code around it changed
                // (a deleted integrity check makes the unchanged load below it a new finding).
                if (!changed._deletions.TryGetValue(file, out var points))
                {
                    changed._deletions[file] = points = new List<int>();
                }

                points.Add(start);
            }
        }

        return changed;
    }

    /// <summary>
    /// The change seen from a folder of the repository (git prints paths from the top level; findings are relative
    /// to the gate's root): paths under <paramref name="folder"/> lose that prefix, others are left out.
    /// </summary>
    public ChangedLines WithinFolder(string folder)
    {
        folder = folder.Replace('\\', '/').Trim('/');
        if (folder.Length == 0)
        {
            return this;
        }

        var prefix = folder + "/";
        var rebased = new ChangedLines();
        foreach (var (file, ranges) in _ranges)
        {
            if (file.StartsWith(prefix, StringComparison.Ordinal))
            {
                rebased._ranges[file[prefix.Length..]] = ranges;
            }
        }

        foreach (var file in _wholeFiles)
        {
            if (file.StartsWith(prefix, StringComparison.Ordinal))
            {
                rebased._wholeFiles.Add(file[prefix.Length..]);
            }
        }

        foreach (var (file, points) in _deletions)
        {
            if (file.StartsWith(prefix, StringComparison.Ordinal))
            {
                rebased._deletions[file[prefix.Length..]] = points;
            }
        }

        return rebased;
    }

    /// <summary>The changed files with their added line ranges and the lines after which lines were deleted (copies: safe to widen while reading).</summary>
    public IEnumerable<(string File, IReadOnlyList<(int Start, int End)> Ranges, IReadOnlyList<int> DeletedAfter)> Edits =>
        _ranges.Keys.Union(_deletions.Keys, StringComparer.Ordinal).Select(file => (
            file,
            (IReadOnlyList<(int, int)>)(_ranges.TryGetValue(file, out var r) ? r.ToArray() : Array.Empty<(int, int)>()),
            (IReadOnlyList<int>)(_deletions.TryGetValue(file, out var d) ? d.ToArray() : Array.Empty<int>())));

    /// <summary>Counts lines <paramref name="start"/> to <paramref name="end"/> of a file as changed (a member the change edits).</summary>
    public void AddRange(string path, int start, int end)
    {
        if (!_ranges.TryGetValue(path, out var ranges))
        {
            _ranges[path] = ranges = new List<(int, int)>();
        }

        ranges.Add((start, end));
    }

    /// <summary>
    /// Marks every file git names as changed (<c>git diff --name-only</c>) that the patch showed no lines of as
    /// changed in full: binary files, files git was told not to diff, mode changes, submodules (folders).
    /// </summary>
    public void AddFilesWithoutLines(IEnumerable<string> changedFiles)
    {
        foreach (var file in changedFiles)
        {
            if (!_ranges.TryGetValue(file, out var ranges) || ranges.Count == 0 && !_deletions.ContainsKey(file))
            {
                _wholeFiles.Add(file);
            }
        }
    }

    /// <summary>Marks every line of a file as changed: a file the change adds without committing it (untracked).</summary>
    public void AddWholeFile(string path) => _wholeFiles.Add(path);

    /// <summary>
    /// True when the finding's line was added or modified by the change. A finding with no file counts as changed
    /// (fail closed); so does a path that differs from a changed file only in letter case, as it does when a build
    /// on a case-insensitive file system reports it.
    /// </summary>
    public bool Contains(string? path, int line)
    {
        if (path is null)
        {
            return true;
        }

        // Git writes '/' and keeps a backslash as part of a name; a Windows build writes '\\' between folders.
        return ContainsExactly(path, line) || (path.Contains('\\', StringComparison.Ordinal) && ContainsExactly(path.Replace('\\', '/'), line));
    }

    private bool ContainsExactly(string path, int line)
    {
        if (_wholeFiles.Contains(path) || _wholeFiles.Any(whole => path.StartsWith(whole + "/", StringComparison.Ordinal)))
        {
            // A whole entry may be a folder: a submodule the change moves to another commit.
            return true;
        }

        if (_ranges.TryGetValue(path, out var ranges))
        {
            // A result about the whole file (no line) in a file the change touches is part of the change.
            return line < 1 || InRanges(ranges, line);
        }

        foreach (var whole in _wholeFiles)
        {
            if (string.Equals(whole, path, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var (file, fileRanges) in _ranges)
        {
            if (string.Equals(file, path, StringComparison.OrdinalIgnoreCase) && (line < 1 || InRanges(fileRanges, line)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRanges(List<(int Start, int End)> ranges, int line)
    {
        foreach (var (start, end) in ranges)
        {
            if (line >= start && line <= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The path of a <c>+++</c> header without its <c>b/</c> prefix, or null for <c>/dev/null</c> (a deleted file).</summary>
    private static string? ParseTargetPath(string text, int lineNumber)
    {
        string path;
        if (text.StartsWith('"'))
        {
            path = GitPathQuoting.Unquote(text, out var end)
                ?? throw new FindingsInputException($"git diff line {lineNumber}: cannot read the quoted path {text}");
            if (end < text.Length && text[end..].Trim('\t', ' ').Length > 0)
            {
                throw new FindingsInputException($"git diff line {lineNumber}: unexpected text after the quoted path {text}");
            }
        }
        else
        {
            // Git ends the name with a tab when it contains a space (so that patch can find its end); nothing else.
            path = text.EndsWith('\t') ? text[..^1] : text;
        }

        if (path == "/dev/null")
        {
            return null;
        }

        return path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
    }
}
