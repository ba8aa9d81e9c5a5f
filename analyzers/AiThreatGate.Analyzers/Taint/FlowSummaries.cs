using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// The summaries a compilation is given (<see cref="FlowSummaryFile"/>): from additional files named
/// <c>aithreatgate.summaries</c> (the CLI writes one for a solution; the analyzer package adds the nearest one above a
/// project) and from the <c>aithreatgate.summaries</c> global option. They make methods and members of other
/// assemblies sources, sinks and sanitizers, so that a flow across projects is seen where the data is used. The
/// compiler hands the files over; the analyzers read no disk. Lines that cannot be read are skipped here (the CLI's
/// <c>summaries --check</c> and <c>scan</c> report them with file and line).
/// </summary>
internal sealed class FlowSummaries
{
    private static readonly ConditionalWeakTable<AnalyzerOptions, FlowSummaries> PerOptions = new();

    private readonly Dictionary<string, List<(FlowSummary Entry, string? Folder)>> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(FlowSummary Entry, string? Folder)>> _sinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _sanitizers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sourceKinds = new(StringComparer.Ordinal);
    private readonly List<(HttpRoute Route, FlowSummary Entry)> _routes = new();
    private readonly HashSet<string> _sinkRules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ISymbol, string> _ids = new(SymbolEqualityComparer.Default);

    private FlowSummaries(IEnumerable<(FlowSummary Entry, string? Folder)> entries)
    {
        foreach (var (entry, folder) in entries)
        {
            switch (entry.Verb)
            {
                case FlowSummaryVerb.Source:
                    Add(_sources, entry.Symbol, (entry, folder));
                    _sourceKinds.Add(entry.Category);
                    if (HttpRoute.FromSummaryId(entry.Symbol) is { } route)
                    {
                        _routes.Add((route, entry));
                    }

                    break;
                case FlowSummaryVerb.Sink:
                    Add(_sinks, entry.Symbol, (entry, folder));
                    _sinkRules.Add(entry.Category);
                    break;
                default:
                    if (!_sanitizers.TryGetValue(entry.Symbol, out var rules))
                    {
                        _sanitizers[entry.Symbol] = rules = new HashSet<string>(StringComparer.Ordinal);
                    }

                    rules.Add(entry.Category);
                    break;
            }
        }

        IsEmpty = _sources.Count == 0 && _sinks.Count == 0 && _sanitizers.Count == 0;
    }

    public bool IsEmpty { get; }

    /// <summary>The summaries of these options (one parse per options object, shared by every rule).</summary>
    public static FlowSummaries For(AnalyzerOptions options) => PerOptions.GetValue(options, Read);

    /// <summary>Whether any summary names a source of <paramref name="kind"/>: the compilation can then hold such data though it references no SDK.</summary>
    public bool HasSources(string kind) => _sourceKinds.Contains(kind);

    /// <summary>Whether any summary names a sink of <paramref name="ruleId"/>.</summary>
    public bool HasSinks(string ruleId) => _sinkRules.Contains(ruleId);

    /// <summary>Whether a summary names a route of the solution's own HTTP API whose responses carry source data.</summary>
    public bool HasRoutes => _routes.Count > 0;

    /// <summary>The simple names of the methods and members summarized as sources: what makes a member that calls them AI-related.</summary>
    public IEnumerable<string> SourceNames => _sources.Keys.Where(id => !id.StartsWith("R:", StringComparison.Ordinal)).Select(SimpleName).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>The summary of a server route that a client's request reaches, for <paramref name="kind"/>; null when none.</summary>
    public FlowSummary? RouteSourceOf(HttpRoute request, string kind)
    {
        foreach (var (route, entry) in _routes)
        {
            if (entry.Category == kind && request.Reaches(route))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The summary making a call of <paramref name="symbol"/> (a method, field or property) a source of <paramref name="kind"/>, or null.</summary>
    public FlowSummary? SourceOf(ISymbol symbol, string kind) =>
        IsEmpty || _sources.Count == 0 || !_sources.TryGetValue(IdOf(symbol), out var entries) ? null : entries.FirstOrDefault(e => e.Entry.Category == kind).Entry;

    /// <summary>The summary saying that parameter <paramref name="ordinal"/> of <paramref name="method"/> reaches a sink of <paramref name="ruleId"/>, or null.</summary>
    public FlowSummary? SinkOf(IMethodSymbol method, int ordinal, string ruleId) =>
        _sinks.Count == 0 || !_sinkRules.Contains(ruleId) || !_sinks.TryGetValue(IdOf(method), out var entries)
            ? null
            : entries.FirstOrDefault(e => e.Entry.Category == ruleId && e.Entry.Parameter == ordinal).Entry;

    /// <summary>Whether some parameter of <paramref name="method"/> reaches a sink of <paramref name="ruleId"/>.</summary>
    public bool HasSink(IMethodSymbol method, string ruleId) =>
        _sinks.Count > 0 && _sinkRules.Contains(ruleId) && _sinks.TryGetValue(IdOf(method), out var entries) && entries.Any(e => e.Entry.Category == ruleId);

    /// <summary>Whether the result of <paramref name="method"/> carries none of its arguments' data, for every rule or for <paramref name="ruleId"/>.</summary>
    public bool IsSanitizer(IMethodSymbol method, string? ruleId) =>
        _sanitizers.Count > 0 && _sanitizers.TryGetValue(IdOf(method), out var rules) && (rules.Contains("all") || ruleId is not null && rules.Contains(ruleId));

    /// <summary>Where a summarized source or sink is (the model call in another project), as a location a finding can point at; null when not given.</summary>
    public Location? OriginOf(FlowSummary entry)
    {
        if (entry.Origin is not { } origin || !FlowSummaryFile.TrySplitOrigin(origin, out var path, out var line))
        {
            return null;
        }

        var folder = FolderOf(entry);
        if (folder is not null && !System.IO.Path.IsPathRooted(path))
        {
            path = System.IO.Path.Combine(folder, path);
        }

        var position = new LinePosition(line - 1, 0);
        return Location.Create(path, default, new LinePositionSpan(position, position));
    }

    private string? FolderOf(FlowSummary entry)
    {
        var table = entry.Verb == FlowSummaryVerb.Sink ? _sinks : _sources;
        return table.TryGetValue(entry.Symbol, out var entries) ? entries.FirstOrDefault(e => ReferenceEquals(e.Entry, entry)).Folder : null;
    }

    private string IdOf(ISymbol symbol)
    {
        if (symbol is IMethodSymbol method)
        {
            symbol = method.ReducedFrom ?? method;
        }

        symbol = symbol.OriginalDefinition;
        return _ids.GetOrAdd(symbol, s => s.GetDocumentationCommentId() ?? string.Empty);
    }

    // M:Ns.Type.AskAsync(System.String) -> AskAsync; P:Ns.Type.Answer -> Answer.
    private static string SimpleName(string id)
    {
        var name = id.Substring(2);
        var parenthesis = name.IndexOf('(');
        if (parenthesis >= 0)
        {
            name = name.Substring(0, parenthesis);
        }

        var backtick = name.IndexOf('`');
        if (backtick >= 0)
        {
            name = name.Substring(0, backtick);
        }

        name = name.Substring(name.LastIndexOf('.') + 1);
        return name.StartsWith("#", StringComparison.Ordinal) ? string.Empty : name;
    }

    private static void Add(Dictionary<string, List<(FlowSummary, string?)>> table, string key, (FlowSummary, string?) value)
    {
        if (!table.TryGetValue(key, out var list))
        {
            table[key] = list = new List<(FlowSummary, string?)>();
        }

        list.Add(value);
    }

    private static FlowSummaries Read(AnalyzerOptions options)
    {
        var entries = new List<(FlowSummary, string?)>();
        foreach (var file in options.AdditionalFiles)
        {
            if (string.Equals(System.IO.Path.GetFileName(file.Path), FlowSummaryFile.FileName, StringComparison.OrdinalIgnoreCase)
                && file.GetText() is { } text)
            {
                var folder = System.IO.Path.GetDirectoryName(file.Path);
                entries.AddRange(FlowSummaryFile.Parse(text.ToString()).Entries.Select(entry => (entry, (string?)folder)));
            }
        }

        if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(FlowSummaryFile.OptionName, out var inline))
        {
            entries.AddRange(FlowSummaryFile.ParseOption(inline).Entries.Select(entry => (entry, (string?)null)));
        }

        return new FlowSummaries(entries);
    }
}
