using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>One column of a table: its canonical name, whether the table needs it, and the headers that name it, best first.</summary>
public sealed record ColumnSpec(string Name, bool Required, IReadOnlyList<string> Headers);

/// <summary>
/// The columns of one kind of table and how a header row is matched to them. Every header is compared by its
/// <see cref="ColumnSynonyms.Key"/>; when several headers name the same column the one listed earlier in the column's
/// headers wins (so "Title" beats "Description" for the threat) and the others stay extra columns. A few words mean
/// different columns in different registers ("Risk" is the risk's text in a risk register, its rating next to a
/// "Threat" column): those are matched last, to the first of their columns that no other header has taken.
/// </summary>
public sealed class TableColumns
{
    private readonly Dictionary<string, List<(ColumnSpec Column, int Rank)>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _ambiguous;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _ambiguousAsWritten;

    public TableColumns(string title, IReadOnlyList<ColumnSpec> columns, IReadOnlyDictionary<string, IReadOnlyList<string>>? ambiguous = null)
    {
        Title = title;
        Columns = columns;
        _ambiguousAsWritten = ambiguous ?? new Dictionary<string, IReadOnlyList<string>>();
        _ambiguous = _ambiguousAsWritten.ToDictionary(p => ColumnSynonyms.Key(p.Key), p => p.Value, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            for (var rank = 0; rank < column.Headers.Count; rank++)
            {
                var key = ColumnSynonyms.Key(column.Headers[rank]);
                if (!_byKey.TryGetValue(key, out var entries))
                {
                    _byKey[key] = entries = new List<(ColumnSpec, int)>();
                }

                entries.Add((column, rank));
            }
        }
    }

    /// <summary>The table's name in messages: Assets, Threats, Risk decisions, Lifecycle coverage.</summary>
    public string Title { get; }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public IEnumerable<ColumnSpec> Required => Columns.Where(c => c.Required);

    /// <summary>
    /// One name per header: the canonical column it was matched to, or for an extra column its own key (made unique,
    /// so that a second "Status" header can never overwrite the first).
    /// </summary>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> headers)
    {
        var keys = headers.Select(ColumnSynonyms.Key).ToList();
        var names = new string?[keys.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);

        var candidates = keys
            .SelectMany((key, index) => _byKey.TryGetValue(key, out var entries) ? entries.Select(e => (Index: index, e.Column, e.Rank)) : Enumerable.Empty<(int Index, ColumnSpec Column, int Rank)>())
            .OrderBy(c => c.Rank)
            .ThenBy(c => c.Index);
        foreach (var (index, column, _) in candidates)
        {
            if (names[index] is null && taken.Add(column.Name))
            {
                names[index] = column.Name;
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (names[i] is null && _ambiguous.TryGetValue(keys[i], out var choices) && choices.FirstOrDefault(c => !taken.Contains(c)) is { } choice)
            {
                taken.Add(choice);
                names[i] = choice;
            }
        }

        var canonical = Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var used = new HashSet<string>(names.OfType<string>(), StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (names[i] is not null)
            {
                continue;
            }

            var name = keys[i];
            for (var n = 2; canonical.Contains(name) || used.Contains(name); n++)
            {
                name = $"{keys[i]} {n}";
            }

            used.Add(name);
            names[i] = name;
        }

        return names.Select(n => n!).ToList();
    }

    /// <summary>Required columns that no header was matched to.</summary>
    public IReadOnlyList<ColumnSpec> MissingRequired(IReadOnlyList<string> resolved) => Required.Where(c => !resolved.Contains(c.Name)).ToList();

    /// <summary>A TM004 message that says which headers would have been accepted, so the fix is a rename, not a guess.</summary>
    public string DescribeMissing(IReadOnlyList<ColumnSpec> missing, IEnumerable<string> found)
    {
        var columns = string.Join("; ", missing.Select(c => $"'{c.Name}' (accepted headers: {string.Join(", ", AcceptedHeaders(c))})"));
        var plural = missing.Count == 1 ? "column" : "columns";
        return $"the {Title} table has no {columns} {plural}; found: {string.Join(", ", found.Select(h => "'" + h + "'"))}";
    }

    /// <summary>The headers a column accepts, for a message: its listed headers, then the shared words that can mean it.</summary>
    public IEnumerable<string> AcceptedHeaders(ColumnSpec column) =>
        column.Headers.Concat(_ambiguousAsWritten.Where(a => a.Value.Contains(column.Name)).Select(a => a.Key)).Distinct(StringComparer.OrdinalIgnoreCase);
}
