using System;
using System.Globalization;
using System.IO;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Reads a threat-model Markdown file: YAML front matter, the Assets, Threats, Risk decisions and Lifecycle
/// coverage tables (found by their heading, or by their columns), and free sections. Structural problems become
/// positioned diagnostics; it never throws on bad content. Semantic checks are <see cref="ThreatModelLinter"/>'s.
/// </summary>
/// <remarks>
/// The entry point only: the parts are <see cref="FrontMatterReader"/> (the YAML block), <see cref="MarkdownBodyWalker"/>
/// (headings, free sections, which table is which), <see cref="PipeTableReader"/> (a table's header and cells) and the
/// row readers (<see cref="ThreatRowReader"/>, <see cref="AssetRowReader"/>, <see cref="RiskDecisionRowReader"/>,
/// <see cref="StageExclusionRowReader"/>). They share one <see cref="ParseState"/>, which collects what was read and the
/// diagnostics in file order.
/// </remarks>
public static class ThreatModelParser
{
    public static ThreatModelDocument ParseFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Failed(path, new ModelDiagnostic(ModelDiagnosticCodes.MissingFrontMatter, DiagnosticLevel.Error, path, 1, 1, "cannot read the threat model: " + exception.Message));
        }

        var text = ThreatModelText.Decode(bytes, out var error);
        return text is null || error is not null
            ? Failed(path, new ModelDiagnostic(ModelDiagnosticCodes.InvalidEncoding, DiagnosticLevel.Error, path, error?.Line ?? 1, error?.Column ?? 1, error?.Message ?? "the file is not text"))
            : Parse(text, path);
    }

    public static ThreatModelDocument Parse(string text, string filePath)
    {
        // One line model for Markdig and for positions: CRLF and lone CR both end a line, as in editors.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var state = new ParseState(filePath, text.Split('\n'));
        var markdownStart = FrontMatterReader.Read(state);

        // When Markdig itself fails, that error is the only thing said about the body: a missing threats table
        // would be a consequence, not a second problem.
        if (!MarkdownBodyWalker.Walk(state, markdownStart))
        {
            return state.Build();
        }

        if (!state.SawThreatsTable)
        {
            state.Error(ModelDiagnosticCodes.MissingThreatsTable, Math.Min(markdownStart + 1, state.Lines.Length), 1, "no threats table: add a '## Threats' section with a table that has at least the columns ID, Threat and Status");
        }

        return state.Build();
    }

    /// <summary>The format's one date shape (front matter dates and the Due column alike): ISO <c>yyyy-MM-dd</c>, nothing else.</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(Vocabulary.Normalize(text), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static ThreatModelDocument Failed(string path, ModelDiagnostic diagnostic) =>
        new(path, FrontMatter.Empty, Array.Empty<Asset>(), Array.Empty<Threat>(), Array.Empty<RiskDecision>(), Array.Empty<StageExclusion>(), Array.Empty<FreeSection>(), new[] { diagnostic });
}
