using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AiThreatGate.Bench.Accuracy;

/// <summary>
/// Scores analyzer findings (SARIF) against the labelled sites of bench/accuracy/manifest.json.
/// A risky site is found when a finding of one of its kind's rules lies in the same file within the manifest's
/// tolerance (±2 lines); a safe site is a false alarm when such a finding lies there.
/// Precision = found risky / (found risky + flagged safe). Findings near no labelled site of their rule's kinds are
/// listed as unlabelled, for later review.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string? manifestPath = null, sarifDir = null, markdownPath = null, workDir = null, kindsPath = null, title = null;
        string filePattern = "*.sarif";
        var includeAudit = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--manifest": manifestPath = Next(); break;
                case "--sarif": sarifDir = Next(); break;
                case "--markdown": markdownPath = Next(); break;
                case "--work": workDir = Next(); break;
                case "--kinds": kindsPath = Next(); break;
                case "--pattern": filePattern = Next(); break;
                case "--title": title = Next(); break;
                case "--audit": includeAudit = true; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    Console.Error.WriteLine("usage: accuracy-scorer --manifest manifest.json --sarif DIR [--work DIR] [--markdown FILE] [--kinds kinds.json] [--pattern '*.sarif'] [--title TEXT] [--audit]");
                    return 2;
            }
        }

        if (manifestPath is null || sarifDir is null)
        {
            Console.Error.WriteLine("usage: accuracy-scorer --manifest manifest.json --sarif DIR [--work DIR] [--markdown FILE] [--kinds kinds.json] [--pattern '*.sarif'] [--title TEXT] [--audit]");
            return 2;
        }

        var manifest = Manifest.Load(manifestPath);
        if (kindsPath is not null)
        {
            // Another tool's rules for the same kinds (peer comparison): { "kind": ["RULE", ...], ... }.
            using var kindsDoc = JsonDocument.Parse(File.ReadAllText(kindsPath));
            // Kinds the peer has no rule for are kept with no rules: their risky sites are misses, their safe sites clean.
            var peerKinds = kindsDoc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToDictionary(
                p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToList(), StringComparer.Ordinal);
            manifest.Kinds = manifest.Kinds.Keys.ToDictionary(
                k => k, k => peerKinds.TryGetValue(k, out var rules) ? rules : new List<string>(), StringComparer.Ordinal);
        }

        var allRules = new HashSet<string>(manifest.Kinds.Values.SelectMany(r => r), StringComparer.OrdinalIgnoreCase);
        var report = new Report(manifest, title ?? "AiThreatGate accuracy");
        foreach (var repo in manifest.Repositories)
        {
            var files = Directory.Exists(sarifDir)
                ? Directory.GetFiles(sarifDir, filePattern).Where(f => Path.GetFileName(f).StartsWith(repo.Mirror + "__", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList()
                : new List<string>();
            var repoRoot = workDir is null ? null : Path.GetFullPath(Path.Combine(workDir, repo.Mirror));
            var findings = new HashSet<Finding>();
            foreach (var file in files)
            {
                foreach (var finding in Sarif.Read(file, repoRoot))
                {
                    // Audit-level findings (the scan runs with aithreatgate.audit_rules = all) count only when asked for.
                    if (allRules.Contains(finding.Rule) && (includeAudit || !finding.Message.Contains("[audit]", StringComparison.Ordinal)))
                    {
                        findings.Add(finding);
                    }
                }
            }

            report.Add(repo, files.Count, findings.ToList());
        }

        var text = report.Render() + Environment.NewLine + "`" + report.SummaryLine() + "`" + Environment.NewLine;
        Console.WriteLine(text); // ends with the one-line summary that later runs can grep
        if (markdownPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
            File.WriteAllText(markdownPath, text);
        }

        return 0;
    }
}

internal sealed record Site(string Path, int Line, string Kind, string Label, string Why);

internal sealed record RepoEntry(string Repository, string Mirror, string Commit, List<string> Projects, List<Site> Sites);

internal sealed record Finding(string Rule, string Path, int Line, string Message);

internal sealed class Manifest
{
    public int Tolerance { get; init; } = 2;

    public Dictionary<string, List<string>> Kinds { get; set; } = new(StringComparer.Ordinal);

    public List<RepoEntry> Repositories { get; init; } = new();

    public static Manifest Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var manifest = new Manifest
        {
            Tolerance = root.TryGetProperty("tolerance_lines", out var t) ? t.GetInt32() : 2,
            Kinds = root.GetProperty("kinds").EnumerateObject().ToDictionary(
                p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToList(), StringComparer.Ordinal),
        };
        foreach (var r in root.GetProperty("repositories").EnumerateArray())
        {
            var sites = r.GetProperty("sites").EnumerateArray().Select(s => new Site(
                s.GetProperty("path").GetString()!,
                s.GetProperty("line").GetInt32(),
                s.GetProperty("kind").GetString()!,
                s.GetProperty("label").GetString()!,
                s.GetProperty("why").GetString()!)).ToList();
            foreach (var site in sites)
            {
                if (site.Label is not ("risky" or "safe"))
                {
                    throw new InvalidDataException($"{r.GetProperty("repository").GetString()} {site.Path}:{site.Line}: label must be risky or safe");
                }

                if (!manifest.Kinds.ContainsKey(site.Kind))
                {
                    throw new InvalidDataException($"{r.GetProperty("repository").GetString()} {site.Path}:{site.Line}: unknown kind {site.Kind}");
                }
            }

            manifest.Repositories.Add(new RepoEntry(
                r.GetProperty("repository").GetString()!,
                r.GetProperty("mirror").GetString()!,
                r.GetProperty("commit").GetString()!,
                r.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!).ToList(),
                sites));
        }

        return manifest;
    }
}

internal static class Sarif
{
    /// <summary>Results of every run, with paths made relative to the scanned repository's root.</summary>
    public static IEnumerable<Finding> Read(string file, string? repoRoot)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException)
        {
            yield break;
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("runs", out var runs))
            {
                yield break;
            }

            foreach (var run in runs.EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var results))
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var rule = result.TryGetProperty("ruleId", out var id) ? id.GetString() ?? string.Empty : string.Empty;
                    var message = result.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var mt) ? mt.GetString() ?? string.Empty : string.Empty;
                    if (!result.TryGetProperty("locations", out var locations))
                    {
                        continue;
                    }

                    foreach (var location in locations.EnumerateArray())
                    {
                        if (!location.TryGetProperty("physicalLocation", out var physical)
                            || !physical.TryGetProperty("artifactLocation", out var artifact)
                            || !artifact.TryGetProperty("uri", out var uri))
                        {
                            continue;
                        }

                        var line = physical.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var sl) ? sl.GetInt32() : 0;
                        yield return new Finding(rule, Relative(uri.GetString() ?? string.Empty, repoRoot), line, message);
                        break; // the primary location only
                    }
                }
            }
        }
    }

    private static string Relative(string uri, string? repoRoot)
    {
        var path = uri;
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile)
        {
            path = absolute.LocalPath;
        }
        else
        {
            path = Uri.UnescapeDataString(uri);
        }

        path = path.Replace('\\', '/');
        if (repoRoot is not null)
        {
            var root = repoRoot.Replace('\\', '/').TrimEnd('/') + "/";
            if (path.StartsWith(root, StringComparison.Ordinal))
            {
                path = path.Substring(root.Length);
            }
        }

        return path.TrimStart('/');
    }
}

internal sealed class Report
{
    private readonly Manifest _manifest;
    private readonly string _title;
    private readonly List<(RepoEntry Repo, Site Site, bool Hit, List<Finding> Near)> _outcomes = new();
    private readonly List<(RepoEntry Repo, Finding Finding)> _unlabelled = new();
    private readonly List<(RepoEntry Repo, int SarifFiles, int Findings)> _repos = new();

    public Report(Manifest manifest, string title)
    {
        _manifest = manifest;
        _title = title;
    }

    public void Add(RepoEntry repo, int sarifFiles, List<Finding> findings)
    {
        _repos.Add((repo, sarifFiles, findings.Count));
        var used = new HashSet<Finding>();
        foreach (var site in repo.Sites)
        {
            var rules = _manifest.Kinds[site.Kind];
            var near = findings.Where(f => Near(f, site) && rules.Contains(f.Rule, StringComparer.OrdinalIgnoreCase) && !NearerSite(f, site, repo.Sites)).ToList();
            _outcomes.Add((repo, site, near.Count > 0, near));
        }

        foreach (var finding in findings)
        {
            var labelled = repo.Sites.Any(s => Near(finding, s) && _manifest.Kinds[s.Kind].Contains(finding.Rule, StringComparer.OrdinalIgnoreCase));
            if (!labelled)
            {
                _unlabelled.Add((repo, finding));
            }
        }
    }

    // A finding counts for the nearest of the labels its rule serves, not for every label within the tolerance: a finding
    // on a risky line does not also flag the safe label on the line above it.
    private bool NearerSite(Finding f, Site site, IEnumerable<Site> sites) =>
        sites.Any(other => !ReferenceEquals(other, site) && Near(f, other) && Math.Abs(f.Line - other.Line) < Math.Abs(f.Line - site.Line)
            && _manifest.Kinds[other.Kind].Contains(f.Rule, StringComparer.OrdinalIgnoreCase));

    private bool Near(Finding f, Site s) =>
        string.Equals(f.Path, s.Path, StringComparison.Ordinal) && Math.Abs(f.Line - s.Line) <= _manifest.Tolerance;

    private static string Pct(int num, int den) => den == 0 ? "n/a" : (100.0 * num / den).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>`accuracy: recall=… precision=… safe-clean=… sites=…`, plus recall on the kinds that have rules.</summary>
    public string SummaryLine()
    {
        var risky = _outcomes.Where(o => o.Site.Label == "risky").ToList();
        var safe = _outcomes.Where(o => o.Site.Label == "safe").ToList();
        int found = risky.Count(o => o.Hit), flagged = safe.Count(o => o.Hit);
        var covered = risky.Where(o => _manifest.Kinds[o.Site.Kind].Count > 0).ToList();
        static string F(int n, int d) => d == 0 ? "n/a" : ((double)n / d).ToString("0.000", CultureInfo.InvariantCulture);
        return $"accuracy: recall={F(found, risky.Count)} precision={F(found, found + flagged)} safe-clean={F(safe.Count - flagged, safe.Count)} " +
               $"sites={_outcomes.Count} risky={risky.Count} safe={safe.Count} found={found} flagged={flagged} " +
               $"covered-recall={F(covered.Count(o => o.Hit), covered.Count)} covered-risky={covered.Count} title=\"{_title}\"";
    }

    public string Render()
    {
        var sb = new StringBuilder();
        var risky = _outcomes.Where(o => o.Site.Label == "risky").ToList();
        var safe = _outcomes.Where(o => o.Site.Label == "safe").ToList();
        int found = risky.Count(o => o.Hit), flagged = safe.Count(o => o.Hit);
        sb.AppendLine($"# {_title}");
        sb.AppendLine();
        sb.AppendLine($"Corpus: {_manifest.Repositories.Count} repositories, {_outcomes.Count} labelled sites ({risky.Count} risky, {safe.Count} safe); tolerance ±{_manifest.Tolerance} lines.");
        var missing = _repos.Where(r => r.SarifFiles == 0).Select(r => r.Repo.Repository).ToList();
        if (missing.Count > 0)
        {
            sb.AppendLine($"Repositories without a SARIF file (not scanned): {string.Join(", ", missing)}.");
        }

        sb.AppendLine();
        sb.AppendLine("## Overall");
        sb.AppendLine();
        sb.AppendLine("| risky found | recall | safe flagged | precision | safe look-alikes clean |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine($"| {found}/{risky.Count} | {Pct(found, risky.Count)} | {flagged}/{safe.Count} | {Pct(found, found + flagged)} | {safe.Count - flagged}/{safe.Count} ({Pct(safe.Count - flagged, safe.Count)}) |");
        sb.AppendLine();

        sb.AppendLine("## Per kind");
        sb.AppendLine();
        sb.AppendLine("| kind | rules | risky | found | recall | safe | flagged | precision | safe clean |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in _manifest.Kinds.Keys)
        {
            var r = risky.Where(o => o.Site.Kind == kind).ToList();
            var s = safe.Where(o => o.Site.Kind == kind).ToList();
            int f = r.Count(o => o.Hit), fl = s.Count(o => o.Hit);
            if (r.Count + s.Count == 0)
            {
                sb.AppendLine($"| {kind} | {string.Join(", ", _manifest.Kinds[kind])} | 0 | | | 0 | | | |");
                continue;
            }

            sb.AppendLine($"| {kind} | {string.Join(", ", _manifest.Kinds[kind])} | {r.Count} | {f} | {Pct(f, r.Count)} | {s.Count} | {fl} | {Pct(f, f + fl)} | {Pct(s.Count - fl, s.Count)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Per rule");
        sb.AppendLine();
        sb.AppendLine("A rule's sites are those of the kinds it serves; found/flagged count only that rule's findings.");
        sb.AppendLine();
        sb.AppendLine("| rule | risky | found | recall | safe | flagged | precision | unlabelled findings |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var rule in _manifest.Kinds.Values.SelectMany(v => v).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(v => v, StringComparer.Ordinal))
        {
            var kinds = _manifest.Kinds.Where(k => k.Value.Contains(rule, StringComparer.OrdinalIgnoreCase)).Select(k => k.Key).ToHashSet();
            var r = risky.Where(o => kinds.Contains(o.Site.Kind)).ToList();
            var s = safe.Where(o => kinds.Contains(o.Site.Kind)).ToList();
            int f = r.Count(o => o.Near.Any(n => n.Rule.Equals(rule, StringComparison.OrdinalIgnoreCase)));
            int fl = s.Count(o => o.Near.Any(n => n.Rule.Equals(rule, StringComparison.OrdinalIgnoreCase)));
            int un = _unlabelled.Count(u => u.Finding.Rule.Equals(rule, StringComparison.OrdinalIgnoreCase));
            sb.AppendLine($"| {rule} | {r.Count} | {f} | {Pct(f, r.Count)} | {s.Count} | {fl} | {Pct(f, f + fl)} | {un} |");
        }

        sb.AppendLine();
        sb.AppendLine($"## Misses ({risky.Count - found})");
        sb.AppendLine();
        foreach (var o in risky.Where(o => !o.Hit).OrderBy(o => o.Site.Kind, StringComparer.Ordinal).ThenBy(o => o.Repo.Repository, StringComparer.Ordinal))
        {
            sb.AppendLine($"- {o.Site.Kind}: {o.Repo.Repository} `{o.Site.Path}:{o.Site.Line}`: {o.Site.Why}");
        }

        sb.AppendLine();
        sb.AppendLine($"## False alarms ({flagged})");
        sb.AppendLine();
        foreach (var o in safe.Where(o => o.Hit).OrderBy(o => o.Site.Kind, StringComparer.Ordinal).ThenBy(o => o.Repo.Repository, StringComparer.Ordinal))
        {
            var rules = string.Join(", ", o.Near.Select(n => $"{n.Rule}@{n.Line}").Distinct());
            sb.AppendLine($"- {o.Site.Kind}: {o.Repo.Repository} `{o.Site.Path}:{o.Site.Line}` ({rules}): labelled safe because {o.Site.Why}");
        }

        sb.AppendLine();
        sb.AppendLine($"## Unlabelled findings ({_unlabelled.Count})");
        sb.AppendLine();
        sb.AppendLine("Findings near no labelled site of their rule's kinds: not counted above; to review and label.");
        sb.AppendLine();
        foreach (var u in _unlabelled.OrderBy(u => u.Repo.Repository, StringComparer.Ordinal).ThenBy(u => u.Finding.Path, StringComparer.Ordinal).ThenBy(u => u.Finding.Line))
        {
            var msg = u.Finding.Message.Length > 160 ? u.Finding.Message.Substring(0, 160) + "…" : u.Finding.Message;
            sb.AppendLine($"- {u.Finding.Rule} {u.Repo.Repository} `{u.Finding.Path}:{u.Finding.Line}`: {msg.Replace('\n', ' ')}");
        }

        sb.AppendLine();
        sb.AppendLine("## Per repository");
        sb.AppendLine();
        sb.AppendLine("| repository | commit | SARIF files | findings (scored rules) | sites | found/risky | flagged/safe |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (repo, files, count) in _repos)
        {
            var o = _outcomes.Where(x => x.Repo == repo).ToList();
            var rr = o.Where(x => x.Site.Label == "risky").ToList();
            var ss = o.Where(x => x.Site.Label == "safe").ToList();
            sb.AppendLine($"| {repo.Repository} | {repo.Commit.Substring(0, 12)} | {files} | {count} | {o.Count} | {rr.Count(x => x.Hit)}/{rr.Count} | {ss.Count(x => x.Hit)}/{ss.Count} |");
        }

        return sb.ToString();
    }
}
