using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// One entry of a threat's Detects cell: an analyzer rule ID with optional <c>*</c>/<c>?</c> wildcards
/// (<c>AITG01*</c>) or a taxonomy tag (<c>LLM05</c>, <c>CWE-89</c>, <c>AML.T0051</c>, <c>stage:inference</c>),
/// optionally scoped to paths by a glob after <c>@</c> (<c>AITG010 @ src/Reports/**</c>).
/// </summary>
public sealed record DetectsEntry(string Pattern, string? PathGlob, int Line, int Column)
{
    private Regex? _patternRegex;
    private (string Prefix, Regex Regex)? _scope;

    private Regex PatternRegex => _patternRegex ??= Wildcard(Pattern);

    public static IReadOnlyList<DetectsEntry> ParseCell(Cell cell)
    {
        var entries = new List<DetectsEntry>();
        var offset = 0;
        foreach (var raw in cell.Text.Replace("<br>", ",", StringComparison.OrdinalIgnoreCase).Split(new[] { ',', ';' }))
        {
            var start = offset;
            offset += raw.Length + 1;
            var text = raw.Trim().Trim('`');
            if (text.Length == 0 || text == "-")
            {
                continue;
            }

            var at = text.IndexOf('@', StringComparison.Ordinal);
            var pattern = (at < 0 ? text : text[..at]).Trim().Trim('`');
            var glob = at < 0 ? null : text[(at + 1)..].Trim().Trim('`');
            var column = cell.Column + start + (raw.Length - raw.TrimStart().Length);
            entries.Add(new DetectsEntry(pattern, string.IsNullOrEmpty(glob) ? null : glob, cell.Line, column));
        }

        return entries;
    }

    /// <summary>Whether this entry names the rule or one of its tags (a tag also covers its sub-IDs: <c>AML.T0051</c> covers <c>AML.T0051.000</c>).</summary>
    public bool MatchesRule(string ruleId, IEnumerable<string> tags)
    {
        if (PatternRegex.IsMatch(ruleId))
        {
            return true;
        }

        foreach (var tag in tags)
        {
            if (string.Equals(tag, Pattern, StringComparison.OrdinalIgnoreCase)
                || tag.StartsWith(Pattern + ".", StringComparison.OrdinalIgnoreCase)
                || Pattern.Contains('*', StringComparison.Ordinal) && PatternRegex.IsMatch(tag))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a repository-relative path (forward slashes) is in scope.</summary>
    public bool InScope(string? path) => InNormalizedScope(path is null ? null : Glob.NormalizePath(path));

    /// <summary><see cref="InScope"/> for a path already passed through <see cref="Glob.NormalizePath"/> (the gate normalises once per finding).</summary>
    public bool InNormalizedScope(string? normalizedPath)
    {
        if (PathGlob is null)
        {
            return true;
        }

        if (normalizedPath is null)
        {
            return false;
        }

        var (prefix, regex) = _scope ??= Glob.Compiled(PathGlob);
        return normalizedPath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && regex.IsMatch(normalizedPath);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> WildcardCache = new(StringComparer.Ordinal);

    // Models repeat the same patterns on many rows: one compiled expression per distinct pattern.
    private static Regex Wildcard(string pattern) => WildcardCache.GetOrAdd(pattern, p =>
        new Regex("^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}
