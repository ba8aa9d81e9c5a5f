using System;
using System.Text.RegularExpressions;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Path globs: <c>**</c> any folders, <c>*</c> any characters but <c>/</c>, <c>?</c> one character.</summary>
public static class Glob
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Prefix, Regex Regex)> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string path, string glob) => IsMatchNormalized(NormalizePath(path), glob);

    public static string NormalizePath(string path) => path.Replace('\\', '/').TrimStart('.', '/');

    /// <summary>The compiled glob, shared by every entry that uses the same glob text.</summary>
    public static (string Prefix, Regex Regex) Compiled(string glob) => Cache.GetOrAdd(glob, Compile);

    public static bool IsMatchNormalized(string path, string glob)
    {
        var (prefix, regex) = Compiled(glob);

        // The literal part before the first wildcard rules out most paths without running the regex.
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && regex.IsMatch(path);
    }

    /// <summary>The glob's literal prefix (before the first wildcard) and its regular expression.</summary>
    private static (string Prefix, Regex Regex) Compile(string glob)
    {
        glob = glob.Replace('\\', '/').TrimStart('.', '/');
        var wildcard = glob.IndexOfAny(new[] { '*', '?' });
        var prefix = wildcard < 0 ? glob : glob[..wildcard];
        var regex = "^" + Regex.Escape(glob)
            .Replace("\\*\\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace("\\*\\*", ".*", StringComparison.Ordinal)
            .Replace("\\*", "[^/]*", StringComparison.Ordinal)
            .Replace("\\?", "[^/]", StringComparison.Ordinal) + "$";
        return (prefix, new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }
}
