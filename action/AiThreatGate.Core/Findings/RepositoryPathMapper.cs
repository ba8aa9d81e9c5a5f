using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AiThreatGate.Core.Findings;

/// <summary>A <c>--path-map FROM=TO</c> rule: an absolute prefix written by the build, and the folder it stands for.</summary>
public sealed record PathMapping(string From, string To)
{
    /// <summary>Parses <c>FROM=TO</c>; TO may be relative to the repository root (<c>.</c> for the root itself).</summary>
    public static PathMapping Parse(string text)
    {
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FormatException($"--path-map '{text}' is not FROM=TO (for example /src=. or C:\\agent\\_work\\1\\s=.)");
        }

        var from = text[..separator].Trim();
        if (!(from.StartsWith('/') || from.StartsWith('\\') || Regex.IsMatch(from, @"^[A-Za-z]:[\\/]", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) || from.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            throw new FormatException($"--path-map '{text}': FROM must be an absolute path as the build wrote it (/src, C:\\agent\\_work\\1\\s, //server/share)");
        }

        return new PathMapping(from.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(new Uri(from).LocalPath) : from, text[(separator + 1)..].Trim());
    }
}

/// <summary>Where a result's file is in the repository, or why it could not be placed there.</summary>
public readonly record struct MappedPath(string Path, string? UnmappedReason);

/// <summary>
/// Turns the file locations of analyzer results into repository-relative paths. Builds write whatever root they
/// ran in (<c>file:///src/...</c> in Docker, <c>C:\agent\_work\1\s\...</c> on a Windows agent, UNC shares), so a
/// path outside the checkout is placed by <c>originalUriBaseIds</c>, then by <c>--path-map</c>, then by the
/// longest tracked file that the path ends with. A location that still cannot be placed keeps its original text and
/// a reason: the gate counts such a finding as part of the change, because calling it pre-existing would let a new
/// finding pass unseen.
/// </summary>
public sealed class RepositoryPathMapper
{
    private static readonly Regex WindowsDrive = new(@"^[A-Za-z]:(?:[\\/]|$)", RegexOptions.CultureInvariant);
    private readonly string _rootText;
    private readonly string[] _root;
    private readonly bool _rootIgnoresCase;
    private readonly IReadOnlyList<string>? _tracked;
    private readonly IReadOnlyList<PathMapping> _maps;
    private readonly HashSet<string> _untracked;
    private Dictionary<string, List<string>>? _trackedByName;
    private HashSet<string>? _trackedSet;

    /// <param name="repositoryRoot">The checkout's root on this machine.</param>
    /// <param name="trackedFiles">The repository's files (<c>git ls-files</c>), repository-relative with '/'; null outside git.</param>
    /// <param name="pathMaps">The user's <c>--path-map</c> rules, tried in order.</param>
    /// <param name="untrackedFiles">Files git does not track and does not ignore (new, uncommitted), repository-relative.</param>
    public RepositoryPathMapper(string repositoryRoot, IReadOnlyList<string>? trackedFiles = null, IReadOnlyList<PathMapping>? pathMaps = null, IReadOnlyCollection<string>? untrackedFiles = null)
    {
        _untracked = new HashSet<string>(untrackedFiles ?? Array.Empty<string>(), StringComparer.Ordinal);
        _rootText = System.IO.Path.GetFullPath(repositoryRoot);
        _root = Segments(_rootText);
        _rootIgnoresCase = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() || IsWindowsStyle(_rootText);
        _tracked = trackedFiles;
        _maps = pathMaps ?? Array.Empty<PathMapping>();
    }

    /// <summary>Maps a SARIF artifact URI, resolved against its <c>uriBaseId</c> chain (base ID to URI, and that URI's own base).</summary>
    public MappedPath MapArtifact(string uri, string? uriBaseId, IReadOnlyDictionary<string, (string? Uri, string? BaseId)> baseIds)
    {
        var text = uri;
        var baseId = uriBaseId;
        for (var depth = 0; baseId is not null && !IsAbsolute(FromUri(text)); depth++)
        {
            if (depth > 16 || !baseIds.TryGetValue(baseId, out var entry))
            {
                // An undefined base (SRCROOT with no uri, as many tools write) stands for the checkout root.
                break;
            }

            if (entry.Uri is { Length: > 0 } baseUri)
            {
                text = CombineUri(baseUri, text);
            }

            baseId = entry.BaseId;
        }

        return MapPath(text);
    }

    /// <summary>
    /// Maps a path or file URI as a build or compiler wrote it. <paramref name="fromAnotherMachine"/> allows placing
    /// a path outside the checkout by its tracked suffix (SARIF from a build elsewhere); a local scan's paths are
    /// real files of this machine, and one outside the checkout is not a repository file whatever its name.
    /// </summary>
    public MappedPath MapPath(string pathOrUri, bool fromAnotherMachine = true)
    {
        var path = FromUri(pathOrUri);
        if (!IsAbsolute(path))
        {
            return MapRelative(path);
        }

        var parts = Segments(path);
        var windows = IsWindowsStyle(path);
        foreach (var map in _maps)
        {
            var from = Segments(map.From);
            if (IsAbsolute(map.From) && StartsWith(parts, from, windows || IsWindowsStyle(map.From)))
            {
                var to = map.To.Split('/', '\\').Where(s => s.Length > 0 && s != ".").ToArray();
                var mapped = to.Concat(parts.Skip(from.Length)).ToArray();
                return IsAbsolute(map.To)
                    ? MapAbsolute(string.Join('/', (map.To.StartsWith('/') ? new[] { string.Empty } : Array.Empty<string>()).Concat(mapped)), mapped, IsWindowsStyle(map.To), fromAnotherMachine)
                    : MapSegments(mapped, string.Join('/', mapped));
            }
        }

        return MapAbsolute(path, parts, windows, fromAnotherMachine);
    }

    private MappedPath MapAbsolute(string path, string[] parts, bool windows, bool bySuffix)
    {
        if (StartsWith(parts, _root, windows || _rootIgnoresCase))
        {
            return MapSegments(parts[_root.Length..], path);
        }

        if (!bySuffix)
        {
            return new MappedPath(path, $"outside the checkout ({_rootText}): not a file of this repository (a linked file, a package's content file, another repository)");
        }

        if (_tracked is null)
        {
            return new MappedPath(path, $"outside the checkout ({_rootText}) and no git file list to place it; use --path-map FROM=TO");
        }

        if (parts.Length == 0)
        {
            return new MappedPath(path, "the path names no file");
        }

        var comparison = windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string? best = null;
        var bestLength = 0;
        var tie = false;
        string? closest = null;
        var closestLength = 0;
        foreach (var candidate in CandidatesNamed(parts[^1], windows))
        {
            var candidateParts = candidate.Split('/');
            var matched = 0;
            while (matched < candidateParts.Length && matched < parts.Length
                && string.Equals(candidateParts[^(matched + 1)], parts[^(matched + 1)], comparison))
            {
                matched++;
            }

            if (matched == candidateParts.Length)
            {
                // The whole tracked path is a suffix of the build's path: the build root is the rest.
                if (matched > bestLength)
                {
                    (best, bestLength, tie) = (candidate, matched, false);
                }
                else if (matched == bestLength)
                {
                    tie = true;
                }
            }
            else if (matched > closestLength)
            {
                (closest, closestLength) = (candidate, matched);
            }
        }

        if (best is not null && !tie)
        {
            return new MappedPath(best, null);
        }

        if (best is not null)
        {
            return new MappedPath(path, $"outside the checkout and ambiguous: several tracked files end with {string.Join('/', parts[^bestLength..])}; use --path-map FROM=TO");
        }

        var hint = "no tracked file has this name";
        if (closest is not null)
        {
            var from = string.Join('/', parts[..^closestLength]);
            from = (path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) ? "/" : path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith(@"\\", StringComparison.Ordinal) ? "//" : string.Empty) + from;
            hint = $"the closest tracked file is {closest}; use --path-map {(from.Length == 0 ? "/" : from)}={ParentOf(closest, closestLength)}";
        }

        return new MappedPath(path, $"outside the checkout ({_rootText}) and no tracked file matches it: {hint}");
    }

    /// <summary>A relative path: written with '/', or with a backslash by a tool on Windows (tried second: on Linux a backslash can be part of a name).</summary>
    private MappedPath MapRelative(string relative)
    {
        var verbatim = MapSegments(relative.Split('/'), relative);
        if (verbatim.UnmappedReason is null || !relative.Contains('\\', StringComparison.Ordinal))
        {
            return verbatim;
        }

        var split = MapSegments(relative.Split('/', '\\'), relative);
        return split.UnmappedReason is null ? split : verbatim;
    }

    private MappedPath MapSegments(IEnumerable<string> relativeSegments, string original)
    {
        var segments = new List<string>();
        foreach (var segment in relativeSegments)
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return new MappedPath(original, "the relative path leaves the checkout");
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        var path = string.Join('/', segments);
        if (_tracked is null || TrackedSet.Contains(path))
        {
            return new MappedPath(path, null);
        }

        // A build on a case-insensitive file system may report a tracked file in another letter case.
        var name = segments.Count > 0 ? segments[^1] : string.Empty;
        var sameIgnoringCase = CandidatesNamed(name, ignoreCase: true).Where(c => string.Equals(c, path, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sameIgnoringCase.Count == 1)
        {
            return new MappedPath(sameIgnoringCase[0], null);
        }

        if (_untracked.Contains(path))
        {
            return new MappedPath(path, null); // new and not committed yet: the change has all its lines
        }

        // Ignored or generated files exist here but never appear in a diff: nothing proves a finding there old.
        return File.Exists(System.IO.Path.Combine(new[] { _rootText }.Concat(segments).ToArray()))
            ? new MappedPath(path, "not tracked by git (an ignored or generated file): a diff cannot show its changes")
            : new MappedPath(path, "no such file in the checkout (was the SARIF written from another checkout or commit?)");
    }

    private HashSet<string> TrackedSet => _trackedSet ??= new HashSet<string>(_tracked!, StringComparer.Ordinal);

    private IEnumerable<string> CandidatesNamed(string name, bool ignoreCase)
    {
        _trackedByName ??= _tracked!
            .GroupBy(FileName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        return _trackedByName.TryGetValue(name, out var files)
            ? files.Where(f => ignoreCase || string.Equals(FileName(f), name, StringComparison.Ordinal))
            : Enumerable.Empty<string>();
    }

    private static string FileName(string trackedPath) => trackedPath[(trackedPath.LastIndexOf('/') + 1)..];

    private static string ParentOf(string trackedPath, int matchedSegments)
    {
        var parts = trackedPath.Split('/');
        var parent = string.Join('/', parts[..^matchedSegments]);
        return parent.Length == 0 ? "." : parent;
    }

    /// <summary>A file URI as a path (UNC host kept as <c>//host/</c>, drive letters without the leading slash); other text unescaped.</summary>
    private static string FromUri(string text)
    {
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[5..];
            string path;
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var hostEnd = rest.IndexOf('/', 2);
                var host = hostEnd < 0 ? rest[2..] : rest[2..hostEnd];
                var local = hostEnd < 0 ? "/" : rest[hostEnd..];
                path = host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? local : "//" + host + local;
            }
            else
            {
                path = rest;
            }

            path = Uri.UnescapeDataString(path);
            if (path.Length >= 3 && path[0] == '/' && WindowsDrive.IsMatch(path[1..]))
            {
                path = path[1..];
            }

            return path;
        }

        return text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;
    }

    private static string CombineUri(string baseUri, string relative)
    {
        var separator = baseUri.EndsWith('/') || baseUri.EndsWith('\\') ? string.Empty : "/";
        return baseUri + separator + relative.TrimStart('/');
    }

    /// <summary>Folders of a path: Windows paths split at both slashes, POSIX paths at '/' only (a POSIX name may hold a backslash).</summary>
    private static string[] Segments(string path) =>
        IsWindowsStyle(path) || OperatingSystem.IsWindows()
            ? path.Split('/', '\\').Where(s => s.Length > 0).ToArray()
            : path.Split('/').Where(s => s.Length > 0).ToArray();

    private static bool IsAbsolute(string path) => path.StartsWith('/') || path.StartsWith(@"\\", StringComparison.Ordinal) || WindowsDrive.IsMatch(path);

    private static bool IsWindowsStyle(string path) => WindowsDrive.IsMatch(path) || path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith(@"\\", StringComparison.Ordinal);

    private static bool StartsWith(string[] path, string[] prefix, bool ignoreCase)
    {
        if (prefix.Length == 0 || prefix.Length > path.Length)
        {
            return false;
        }

        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(path[i], prefix[i], comparison))
            {
                return false;
            }
        }

        return true;
    }
}
