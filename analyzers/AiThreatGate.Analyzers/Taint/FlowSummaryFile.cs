using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>A line of a summaries file that could not be read, with its 1-based line number.</summary>
public sealed class FlowSummaryError
{
    public FlowSummaryError(int line, string message)
    {
        Line = line;
        Message = message;
    }

    public int Line { get; }

    public string Message { get; }

    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>
/// The summaries file format ("models as data", docs/summaries.md): one fact per line,
/// <c>verb category symbol [#parameter] [at path:line] [-- description]</c>; <c>#</c> starts a comment line.
/// <code>
/// source llm-output M:Contoso.Ai.ChatService.AskAsync(System.String) at src/Contoso.Ai/ChatService.cs:42 -- ChatClient.CompleteChatAsync
/// sink AITG010 M:Contoso.Data.Reports.Run(System.String) #0 at src/Contoso.Data/Reports.cs:17 -- SqlCommand.CommandText
/// sink AITG011 M:Contoso.Files.Store.Save(Contoso.Files.Message) #0.FileName -- Path.Combine
/// sanitizer all M:Contoso.Ai.Columns.Allowed(System.String)
/// </code>
/// The same entries can be given in the <c>aithreatgate.summaries</c> option of a <c>.globalconfig</c>, separated by <c>;</c>.
/// Reading never throws: lines that cannot be read come back as errors with their line numbers.
/// </summary>
public static class FlowSummaryFile
{
    /// <summary>The file name the analyzers read among a project's additional files.</summary>
    public const string FileName = "aithreatgate.summaries";

    /// <summary>The option holding entries inline (a <c>.globalconfig</c>), separated by <c>;</c>.</summary>
    public const string OptionName = "aithreatgate.summaries";

    /// <summary>The first line the CLI writes; a file without it is read all the same.</summary>
    public const string Header = "# AiThreatGate summaries v1";

    /// <summary>The source kinds a <c>source</c> line may name.</summary>
    public static IReadOnlyList<string> SourceKinds { get; } = new[] { "llm-output", "untrusted-input", "external-content" };

    public static (IReadOnlyList<FlowSummary> Entries, IReadOnlyList<FlowSummaryError> Errors) Parse(string text)
    {
        var entries = new List<FlowSummary>();
        var errors = new List<FlowSummaryError>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParseEntry(line, out var entry, out var error))
            {
                entries.Add(entry!);
            }
            else
            {
                errors.Add(new FlowSummaryError(i + 1, error!));
            }
        }

        return (entries, errors);
    }

    /// <summary>Entries of the inline option, separated by <c>;</c>; errors are numbered by entry.</summary>
    public static (IReadOnlyList<FlowSummary> Entries, IReadOnlyList<FlowSummaryError> Errors) ParseOption(string value) =>
        Parse(value.Replace(';', '\n'));

    public static bool TryParseEntry(string line, out FlowSummary? entry, out string? error)
    {
        entry = null;
        var description = default(string);
        var separator = line.IndexOf(" -- ", StringComparison.Ordinal);
        if (separator >= 0)
        {
            description = line.Substring(separator + 4).Trim();
            line = line.Substring(0, separator).TrimEnd();
        }

        var origin = default(string);
        var at = line.IndexOf(" at ", StringComparison.Ordinal);
        if (at >= 0)
        {
            origin = line.Substring(at + 4).Trim();
            line = line.Substring(0, at).TrimEnd();
            if (!TrySplitOrigin(origin, out _, out _))
            {
                error = $"'at {origin}' is not a path:line";
                return false;
            }
        }

        var parts = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            error = "expected 'source <kind> <symbol>', 'sink <rule> <symbol> #<parameter>' or 'sanitizer <rule|all> <symbol>'";
            return false;
        }

        var (verbText, category, symbol) = (parts[0], parts[1], parts[2]);
        int? parameter = null;
        string? members = null;
        FlowSummaryVerb verb;
        switch (verbText)
        {
            case "source":
                verb = FlowSummaryVerb.Source;
                if (!SourceKinds.Contains(category))
                {
                    error = $"unknown source kind '{category}' (expected one of {string.Join(", ", SourceKinds)})";
                    return false;
                }

                if (!HasPrefix(symbol, "M:", "P:", "F:", "R:") || symbol.StartsWith("R:", StringComparison.Ordinal) && symbol.IndexOf(":/", StringComparison.Ordinal) < 0)
                {
                    error = $"'{symbol}' is not the documentation ID of a method, property or field (M:, P:, F:) or a route (R:POST:/api/chat)";
                    return false;
                }

                break;
            case "sink":
                verb = FlowSummaryVerb.Sink;
                if (!IsRuleId(category))
                {
                    error = $"'{category}' is not a rule ID (AITG0xx)";
                    return false;
                }

                // `#0`, or `#0.FileName` (`#0.Instruction,Knowledges`) when only those members of the parameter reach the sink.
                var dot = parts.Length < 4 ? -1 : parts[3].IndexOf('.');
                var ordinalText = parts.Length < 4 ? string.Empty : dot < 0 ? parts[3] : parts[3].Substring(0, dot);
                if (!ordinalText.StartsWith("#", StringComparison.Ordinal)
                    || !int.TryParse(ordinalText.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
                {
                    error = "a sink names the parameter that reaches it by ordinal: '#0' for the first, '#0.Name' or '#0.Name,Other' for members of it";
                    return false;
                }

                if (dot >= 0)
                {
                    members = parts[3].Substring(dot + 1);
                    if (!members.Split(',').All(IsIdentifier))
                    {
                        error = $"'{members}' is not a list of member names (expected '#{ordinal}.Name' or '#{ordinal}.Name,Other')";
                        return false;
                    }
                }

                parameter = ordinal;
                break;
            case "sanitizer":
                verb = FlowSummaryVerb.Sanitizer;
                if (category != "all" && !IsRuleId(category))
                {
                    error = $"'{category}' is not a rule ID (AITG0xx) or 'all'";
                    return false;
                }

                break;
            default:
                error = $"unknown entry '{verbText}' (expected source, sink or sanitizer)";
                return false;
        }

        if (verb != FlowSummaryVerb.Source && !HasPrefix(symbol, "M:"))
        {
            error = $"'{symbol}' is not the documentation ID of a method (M:)";
            return false;
        }

        if (parts.Length > (verb == FlowSummaryVerb.Sink ? 4 : 3))
        {
            error = $"unexpected '{parts[parts.Length - 1]}' (a description goes after ' -- ')";
            return false;
        }

        entry = new FlowSummary(verb, category, symbol, parameter, origin, description, members);
        error = null;
        return true;
    }

    /// <summary>One entry as a line of the file.</summary>
    public static string Format(FlowSummary entry)
    {
        var text = new StringBuilder();
        text.Append(entry.Verb switch
        {
            FlowSummaryVerb.Source => "source",
            FlowSummaryVerb.Sink => "sink",
            _ => "sanitizer",
        }).Append(' ').Append(entry.Category).Append(' ').Append(entry.Symbol);
        if (entry.Parameter is { } parameter)
        {
            text.Append(" #").Append(parameter.ToString(CultureInfo.InvariantCulture));
            if (entry.Members is { } members)
            {
                text.Append('.').Append(members);
            }
        }

        if (entry.Origin is { } origin)
        {
            text.Append(" at ").Append(origin);
        }

        if (!string.IsNullOrEmpty(entry.Description))
        {
            text.Append(" -- ").Append(entry.Description!.Replace('\n', ' ').Replace('\r', ' '));
        }

        return text.ToString();
    }

    /// <summary>
    /// The whole file: the header, then the entries sorted so that the file changes only where a fact changes (a CI
    /// step can compare it with a fresh run).
    /// </summary>
    public static string Write(IEnumerable<FlowSummary> entries)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("# Written by `aithreatgate summaries`: facts about methods and members that other projects of the solution use.\n");
        text.Append("# Format: docs/summaries.md. Regenerate instead of editing; list your own wrappers in a separate file or in .globalconfig.\n");
        foreach (var line in entries.Select(Format).Distinct(StringComparer.Ordinal).OrderBy(line => line, StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Splits <c>path:line</c> at its last colon (a Windows path has one more).</summary>
    public static bool TrySplitOrigin(string origin, out string path, out int line)
    {
        var colon = origin.LastIndexOf(':');
        path = colon > 0 ? origin.Substring(0, colon) : string.Empty;
        line = 0;
        return colon > 0 && int.TryParse(origin.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out line) && line > 0;
    }

    private static bool IsRuleId(string text) =>
        text.Length == 7 && text.StartsWith("AITG", StringComparison.Ordinal) && text.Substring(4).All(c => c is >= '0' and <= '9');

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static bool HasPrefix(string symbol, params string[] prefixes) =>
        prefixes.Any(prefix => symbol.Length > prefix.Length && symbol.StartsWith(prefix, StringComparison.Ordinal));
}
