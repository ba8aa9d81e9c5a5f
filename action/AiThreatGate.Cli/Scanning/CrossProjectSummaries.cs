using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using AiThreatGate.Analyzers;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AiThreatGate.Cli.Scanning;

/// <summary>
/// Flows across the projects of a solution (docs/summaries.md). A Roslyn analyzer sees one compilation; so before the
/// analysis, each project's summaries — methods returning model output, parameters reaching a sink, sanitizing helpers
/// — are computed in dependency order, each project seeing the summaries of the projects it references, and every
/// project is then analyzed with the summaries of the whole solution as an additional file. The same entries written
/// to <c>aithreatgate.summaries</c> let a plain build and the IDE see the flows too.
/// </summary>
public static class CrossProjectSummaries
{
    // An interface declared in one project and implemented in a later one makes a summary about an earlier project's
    // symbol; the projects that can call it are summarized again. Past a few rounds nothing new appears in practice.
    private const int MaxRounds = 3;

    /// <summary>The summaries of every project, computed in dependency order until no project adds one.</summary>
    public static IReadOnlyList<FlowSummary> Compute(IReadOnlyList<(Project Project, Compilation Compilation)> projects, string folder, Action<string> progress, CancellationToken cancellationToken)
    {
        var ordered = DependencyOrder(projects);
        var all = new List<FlowSummary>();
        // What the analyzers look up: the same fact found again through another path (another origin or description)
        // is not new, so it neither repeats in the file nor makes the projects that see it be summarized again.
        var known = new Dictionary<(FlowSummaryVerb, string, string, int?), int>();
        var producedBy = new Dictionary<FlowSummary, int>();
        var lastInput = new int[ordered.Count];
        Array.Fill(lastInput, -1);
        // A multi-targeted project loads once per target framework; its code, and so its summaries (keyed by
        // documentation IDs, which do not name a framework), are the same: the first target in dependency order stands
        // for the others. (Code under `#if` for another framework only is not summarized.)
        var summarized = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stands = ordered.Select(p => p.Project.FilePath is not { } file || summarized.Add(file)).ToArray();
        for (var round = 0; round < MaxRounds; round++)
        {
            var added = false;
            for (var position = 0; position < ordered.Count; position++)
            {
                var (project, compilation) = ordered[position];
                if (!stands[position])
                {
                    continue;
                }

                // Summarized again only when something new names a symbol this project can see.
                if (round > 0 && !all.Skip(lastInput[position]).Any(entry => producedBy[entry] != position && Resolves(entry, compilation)))
                {
                    continue;
                }

                lastInput[position] = all.Count;
                progress($"Summarizing {project.Name}");
                var options = WithSummaries(project.AnalyzerOptions, all, folder);

                // A fresh compilation object: the analyzers cache their per-compilation indexes with the options first seen.
                var entries = SolutionSummaries.Compute(compilation.Clone(), options, path => RelativePath(folder, path), cancellationToken);
                foreach (var entry in entries)
                {
                    var key = (entry.Verb, entry.Category, entry.Symbol, entry.Parameter);
                    if (!known.TryGetValue(key, out var at))
                    {
                        known.Add(key, all.Count);
                        all.Add(entry);
                        producedBy[entry] = position;
                        added = true;
                    }
                    else if (all[at].Members is not null && all[at].Members != entry.Members)
                    {
                        // Another implementation reaches the sink through other members, or the whole parameter: the
                        // fact widens to the whole parameter (keeping the first origin), so no caller is checked too narrowly.
                        var first = all[at];
                        var widened = new FlowSummary(first.Verb, first.Category, first.Symbol, first.Parameter, first.Origin, first.Description);
                        producedBy[widened] = producedBy[first];
                        all[at] = widened;
                        added = true;

                        // Every project that read the narrow fact reads it again.
                        for (var reader = 0; reader < lastInput.Length; reader++)
                        {
                            lastInput[reader] = Math.Min(lastInput[reader], at);
                        }
                    }
                }
            }

            if (!added)
            {
                break;
            }
        }

        return all;
    }

    /// <summary>
    /// <paramref name="options"/> with <paramref name="entries"/> as the additional file <c>aithreatgate.summaries</c> in
    /// <paramref name="folder"/>, in place of a summaries file the CLI wrote earlier (it may be stale); a hand-written
    /// summaries file (without the generated header) stays.
    /// </summary>
    public static AnalyzerOptions WithSummaries(AnalyzerOptions options, IReadOnlyList<FlowSummary> entries, string folder)
    {
        var files = options.AdditionalFiles.Where(file => !IsGenerated(file)).ToList();
        if (entries.Count > 0)
        {
            files.Add(new InMemoryText(Path.Combine(folder, FlowSummaryFile.FileName), FlowSummaryFile.Write(entries)));
        }

        return new AnalyzerOptions(files.ToImmutableArray(), options.AnalyzerConfigOptionsProvider);
    }

    /// <summary>
    /// The summaries given by hand (a summaries file without the generated header, the <c>aithreatgate.summaries</c>
    /// option) that cannot be read, as <c>file:line: message</c>: a flow the team declared must not be dropped silently.
    /// </summary>
    public static IReadOnlyList<string> HandWrittenErrors(IEnumerable<Project> projects)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            foreach (var file in project.AnalyzerOptions.AdditionalFiles.Where(f => IsSummaries(f) && !IsGenerated(f)))
            {
                if (seen.Add(file.Path) && file.GetText() is { } text)
                {
                    errors.AddRange(FlowSummaryFile.Parse(text.ToString()).Errors.Select(error => $"{file.Path}:{error.Line}: {error.Message}"));
                }
            }

            if (project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(FlowSummaryFile.OptionName, out var inline)
                && seen.Add(project.FilePath + "#option"))
            {
                errors.AddRange(FlowSummaryFile.ParseOption(inline).Errors.Select(error =>
                    $"{project.FilePath}: option {FlowSummaryFile.OptionName}, entry {error.Line}: {error.Message}"));
            }
        }

        return errors;
    }

    private static bool IsSummaries(AdditionalText file) => string.Equals(Path.GetFileName(file.Path), FlowSummaryFile.FileName, StringComparison.OrdinalIgnoreCase);

    private static bool IsGenerated(AdditionalText file) =>
        IsSummaries(file) && file.GetText()?.ToString().StartsWith(FlowSummaryFile.Header, StringComparison.Ordinal) == true;

    // Whether a project can use what an entry says: a symbol it sees, or a route (R:POST:/api/chat) whose first constant
    // segment its code mentions (a client calling that API).
    private static bool Resolves(FlowSummary entry, Compilation compilation)
    {
        if (!entry.Symbol.StartsWith("R:", StringComparison.Ordinal))
        {
            return DocumentationCommentId.GetFirstSymbolForDeclarationId(entry.Symbol, compilation) is not null;
        }

        var path = entry.Symbol.Substring(entry.Symbol.IndexOf(":/", StringComparison.Ordinal) + 2);
        var segment = path.Split('/').FirstOrDefault(part => part.Length > 0 && !part.Contains('{', StringComparison.Ordinal));
        return segment is not null && compilation.SyntaxTrees.Any(tree => tree.GetText().ToString().Contains(segment, StringComparison.OrdinalIgnoreCase));
    }

    private static string? RelativePath(string folder, string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return null;
        }

        var relative = Path.GetRelativePath(folder, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : relative).Replace('\\', '/');
    }

    // Referenced projects first; among the projects ready at one step, the first by file and name. Deterministic, so
    // that the same solution always writes the same file (a fact found on two paths keeps the first one's origin).
    private static List<(Project Project, Compilation Compilation)> DependencyOrder(IReadOnlyList<(Project Project, Compilation Compilation)> projects)
    {
        var byId = new Dictionary<ProjectId, (Project Project, Compilation Compilation)>();
        foreach (var entry in projects)
        {
            byId.TryAdd(entry.Project.Id, entry);
        }

        var pending = byId.Values.OrderBy(p => p.Project.FilePath, StringComparer.Ordinal).ThenBy(p => p.Project.Name, StringComparer.Ordinal).ToList();
        var done = new HashSet<ProjectId>();
        var ordered = new List<(Project Project, Compilation Compilation)>(pending.Count);
        while (pending.Count > 0)
        {
            // A reference cycle cannot build; should one come from a broken load, the first pending project breaks it.
            var next = pending.FirstOrDefault(p => p.Project.ProjectReferences.All(r => done.Contains(r.ProjectId) || !byId.ContainsKey(r.ProjectId)));
            if (next.Project is null)
            {
                next = pending[0];
            }

            pending.Remove(next);
            done.Add(next.Project.Id);
            ordered.Add(next);
        }

        return ordered;
    }

    private sealed class InMemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
