using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Importers;

/// <summary>Other tools' words (statuses, severities, STRIDE types) in this format's words, and table-cell escaping.</summary>
internal static class ImportText
{
    /// <summary>
    /// Maps a tool's status word to this format's status name. The tool's own words come first (Threat Dragon's
    /// <c>NotApplicable</c> is one word), then the format's vocabulary. Null when the word is not understood: the
    /// caller then imports the threat as open and reports it, so the gate fails closed and the user is told.
    /// </summary>
    public static string? Status(string word, IReadOnlyDictionary<string, string>? toolWords = null)
    {
        var normalized = Vocabulary.Normalize(word);
        if (toolWords is not null && toolWords.TryGetValue(normalized, out var mapped))
        {
            return mapped;
        }

        return Vocabulary.TryParseStatus(normalized.ToLowerInvariant(), out var parsed) ? Vocabulary.Name(parsed) : null;
    }

    /// <summary>Severity or risk level as a priority; empty when not understood (the linter then treats it as high, TM023).</summary>
    public static string Priority(string severity) => Vocabulary.Normalize(severity).ToLowerInvariant().Replace('_', ' ').Replace('-', ' ') switch
    {
        "critical" or "very high" => "critical",
        "high" or "elevated" => "high",
        "medium" or "moderate" => "medium",
        "low" or "very low" or "none" => "low",
        _ => string.Empty,
    };

    /// <summary>The STRIDE letter of a threat type; empty for other methods' types (LINDDUN, CIA, ...), which the caller keeps in the notes.</summary>
    public static string Category(string type) => Vocabulary.Normalize(type).ToLowerInvariant().Replace('_', ' ').Replace('-', ' ') switch
    {
        "spoofing" => "S",
        "tampering" => "T",
        "repudiation" => "R",
        "information disclosure" => "I",
        "denial of service" => "D",
        "elevation of privilege" => "E",
        _ => string.Empty,
    };

    /// <summary>The most severe of several priorities (a TM-BOM threat can factor into several risks).</summary>
    public static string Highest(IEnumerable<string> priorities)
    {
        var order = new[] { "low", "medium", "high", "critical" };
        return priorities.Where(p => p.Length > 0).OrderByDescending(p => Array.IndexOf(order, p)).FirstOrDefault() ?? string.Empty;
    }

    /// <summary>Notes joined into one cell: non-empty parts separated so each stays readable.</summary>
    public static string Join(IEnumerable<string> parts) => string.Join(" — ", parts.Select(p => p.Trim()).Where(p => p.Length > 0));

    public static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Trim();

    /// <summary>A one-line name: Threat Dragon and TM-BOM names carry the line breaks of the diagram label.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
