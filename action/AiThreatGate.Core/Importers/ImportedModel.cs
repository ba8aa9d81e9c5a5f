using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AiThreatGate.Core.Importers;

/// <summary>
/// A threat from another tool, before it is written in this format. <see cref="Status"/> is already in this format's
/// words: each importer maps its own tool's vocabulary, so the writer never guesses.
/// </summary>
internal sealed record ImportedThreat(string Id, string Title, string Category, string Assets, string Priority, string Status, string Controls, string Owner, string Notes)
{
    public string Ticket { get; init; } = string.Empty;

    public string Date { get; init; } = string.Empty;
}

internal sealed record ImportedAsset(string Id, string Name, string Kind);

/// <summary>A data flow of the source; flows are not assets in this format, so they are kept in a free section.</summary>
internal sealed record ImportedFlow(string Name, string From, string To, string Details);

/// <summary>What an importer read: the writer turns it into Markdown, the CLI reports its counts and notes.</summary>
internal sealed class ImportedModel
{
    public ImportedModel(ImportFormat format, string tool)
    {
        Format = format;
        Tool = tool;
    }

    public ImportFormat Format { get; }

    public string Tool { get; }

    public string System { get; set; } = string.Empty;

    public List<ImportedAsset> Assets { get; } = new();

    public List<ImportedThreat> Threats { get; } = new();

    public List<ImportedFlow> Flows { get; } = new();

    /// <summary>Free sections (title, Markdown body) kept so context of the source is not lost.</summary>
    public List<(string Title, string Body)> Sections { get; } = new();

    public List<ImportNote> Skipped { get; } = new();

    public List<ImportNote> Adjusted { get; } = new();

    /// <summary>An ID not used yet: duplicate IDs are a lint error (TM006), so a clash gets a numbered suffix and a note.</summary>
    public string UniqueAssetId(string wanted) => Unique(wanted, Assets.Select(a => a.Id));

    public string UniqueThreatId(string wanted) => Unique(wanted, Threats.Select(t => t.Id));

    private static string Unique(string wanted, IEnumerable<string> used)
    {
        var taken = used.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!taken.Contains(wanted))
        {
            return wanted;
        }

        for (var n = 2; ; n++)
        {
            var candidate = wanted + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
