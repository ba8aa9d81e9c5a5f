using System;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Syntax;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Walks the Markdown body block by block: a heading opens a section (one of the four tables' or a free one), a pipe
/// table goes to <see cref="PipeTableReader"/> with the section it is under, and a free section's text is kept as it
/// is written.
/// </summary>
internal static class MarkdownBodyWalker
{
    // Markdig finds the blocks (front matter, headings, paragraphs, code, lists); a GFM pipe table is a paragraph
    // whose second line is a delimiter row, and its rows are read by PipeTableReader, with exact positions. Markdig's
    // own table extension is not used: it nests one inline level per row and refuses tables of a few thousand rows.
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    /// <summary>
    /// Reads the body from 0-based line <paramref name="markdownStart"/> into <paramref name="state"/>. False when
    /// Markdig could not read the document at all (reported as one error, and nothing else is said about the body).
    /// </summary>
    public static bool Walk(ParseState state, int markdownStart)
    {
        MarkdownDocument markdown;
        try
        {
            markdown = Markdown.Parse(BlockSkeleton(state.Lines), Pipeline);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            state.Error(ModelDiagnosticCodes.MalformedTable, 1, 1, "the Markdown could not be read: " + exception.Message);
            return false;
        }

        var section = ModelSection.None;
        var freeTitle = (string?)null;
        var freeLine = 0;
        var freeStart = 0;
        foreach (var block in markdown)
        {
            // Markdig also sees the front matter's lines; they were read by FrontMatterReader.
            if (block.Line < markdownStart)
            {
                continue;
            }

            switch (block)
            {
                case HeadingBlock heading:
                    CloseFreeSection(state, freeTitle, freeLine, freeStart, heading.Line);
                    var title = HeadingText(state.Lines[heading.Line]);

                    // The level-1 heading is the document's title: it ends the previous section but opens none.
                    section = heading.Level == 1 ? ModelSection.None : SectionRecognizer.ForHeading(title);
                    freeTitle = heading.Level > 1 && section == ModelSection.None ? title : null;
                    freeLine = heading.Line + 1;
                    freeStart = heading.Line + 1;
                    break;
                case ParagraphBlock paragraph when PipeTableReader.IsTable(state, paragraph.Line):
                    PipeTableReader.Read(state, paragraph.Line, PipeTableReader.LineCount(state, paragraph.Line), section);
                    break;
                case ParagraphBlock paragraph when section != ModelSection.None && state.Lines[paragraph.Line].TrimStart().StartsWith('|'):
                    // Under a table heading, a pipe line that is not a table is almost always a table with a broken
                    // delimiter row: silently skipping it would drop every threat in it.
                    state.Error(ModelDiagnosticCodes.MalformedTable, paragraph.Line + 1, 1, $"this looks like a table under the {section} heading but is not a valid pipe table (is the '| --- |' delimiter row missing?)");
                    break;
            }
        }

        CloseFreeSection(state, freeTitle, freeLine, freeStart, state.Lines.Length);
        return true;
    }

    /// <summary>Blocks only: inline Markdown (emphasis, links) is never interpreted, and skipping it keeps huge tables parseable.</summary>
    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseYamlFrontMatter();
        builder.InlineParsers.Clear();
        return builder.Build();
    }

    /// <summary>
    /// The document with long lines cut to their first characters. Block structure (headings, fences, lists, tables,
    /// paragraphs) is decided by how a line starts, and cells are read from the full lines, so Markdig sees the same
    /// blocks on the same lines while a 50 MB model stays cheap to parse. A cut that would leave only punctuation
    /// (which could turn into a thematic break) keeps the whole line.
    /// </summary>
    private static string BlockSkeleton(string[] lines)
    {
        const int Keep = 40;
        var skeleton = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Length > Keep && line.AsSpan(0, Keep).IndexOfAnyExcept(" -=*_\t".AsSpan()) >= 0 && line.AsSpan(0, Keep).ContainsAnyExcept("-=*_ \t#>".AsSpan()))
            {
                skeleton.Append(line, 0, Keep);
            }
            else
            {
                skeleton.Append(line);
            }

            skeleton.Append('\n');
        }

        return skeleton.ToString();
    }

    /// <summary>Keeps a free section's text (from the line after its heading up to <paramref name="end"/>); nothing when no free section is open.</summary>
    private static void CloseFreeSection(ParseState state, string? title, int line, int start, int end)
    {
        if (title is null)
        {
            return;
        }

        var body = string.Join('\n', state.Lines.Skip(start).Take(Math.Max(0, end - start))).Trim();
        state.FreeSections.Add(new FreeSection(title, body, line));
    }

    /// <summary>The heading's words, read from the full line (the skeleton may have cut it), without ATX <c>#</c> marks.</summary>
    private static string HeadingText(string line) => line.Trim().TrimStart('#').Trim().TrimEnd('#').Trim();
}
