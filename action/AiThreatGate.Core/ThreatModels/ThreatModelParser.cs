using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Reads a threat-model Markdown file: YAML front matter, the Assets, Threats, Risk decisions and Lifecycle
/// coverage tables (found by their heading, or by their columns), and free sections. Structural problems become
/// positioned diagnostics; it never throws on bad content. Semantic checks are <see cref="ThreatModelLinter"/>'s.
/// </summary>
public static class ThreatModelParser
{
    // Markdig finds the blocks (front matter, headings, paragraphs, code, lists); a GFM pipe table is a paragraph
    // whose second line is a delimiter row, and its rows are read here, with exact positions. Markdig's own table
    // extension is not used: it nests one inline level per row and refuses tables of a few thousand rows.
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    /// <summary>Blocks only: inline Markdown (emphasis, links) is never interpreted, and skipping it keeps huge tables parseable.</summary>
    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseYamlFrontMatter();
        builder.InlineParsers.Clear();
        return builder.Build();
    }

    private static readonly System.Text.RegularExpressions.Regex DelimiterRow = new(
        @"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private enum Section
    {
        None,
        Assets,
        Threats,
        Decisions,
        Stages,
    }

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
        var markdownStart = ParseFrontMatter(state);

        MarkdownDocument markdown;
        try
        {
            markdown = Markdown.Parse(BlockSkeleton(state.Lines), Pipeline);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            state.Error(ModelDiagnosticCodes.MalformedTable, 1, 1, "the Markdown could not be read: " + exception.Message);
            return state.Build();
        }

        var section = Section.None;
        var freeTitle = (string?)null;
        var freeLine = 0;
        var freeStart = 0;
        foreach (var block in markdown)
        {
            if (block.Line < markdownStart)
            {
                continue;
            }

            switch (block)
            {
                case HeadingBlock heading:
                    CloseFreeSection(state, freeTitle, freeLine, freeStart, heading.Line);
                    var title = HeadingText(state.Lines[heading.Line]);
                    section = heading.Level == 1 ? Section.None : SectionFor(title);
                    freeTitle = heading.Level > 1 && section == Section.None ? title : null;
                    freeLine = heading.Line + 1;
                    freeStart = heading.Line + 1;
                    break;
                case ParagraphBlock paragraph when IsTable(state, paragraph):
                    ParseTable(state, paragraph.Line, TableLineCount(state, paragraph.Line), section);
                    break;
                case ParagraphBlock paragraph when section != Section.None && state.Lines[paragraph.Line].TrimStart().StartsWith('|'):
                    state.Error(ModelDiagnosticCodes.MalformedTable, paragraph.Line + 1, 1, $"this looks like a table under the {section} heading but is not a valid pipe table (is the '| --- |' delimiter row missing?)");
                    break;
            }
        }

        CloseFreeSection(state, freeTitle, freeLine, freeStart, state.Lines.Length);
        if (!state.SawThreatsTable)
        {
            state.Error(ModelDiagnosticCodes.MissingThreatsTable, Math.Min(markdownStart + 1, state.Lines.Length), 1, "no threats table: add a '## Threats' section with a table that has at least the columns ID, Threat and Status");
        }

        return state.Build();
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
        var skeleton = new System.Text.StringBuilder();
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

    private static ThreatModelDocument Failed(string path, ModelDiagnostic diagnostic) =>
        new(path, FrontMatter.Empty, Array.Empty<Asset>(), Array.Empty<Threat>(), Array.Empty<RiskDecision>(), Array.Empty<StageExclusion>(), Array.Empty<FreeSection>(), new[] { diagnostic });

    // ---- front matter -------------------------------------------------------------------------

    /// <summary>Returns the 0-based line where the Markdown body starts.</summary>
    private static int ParseFrontMatter(ParseState state)
    {
        var lines = state.Lines;
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            state.Error(ModelDiagnosticCodes.MissingFrontMatter, 1, 1, "missing YAML front matter: the file must start with '---', 'threat-model: 1' and the system's name, closed by '---'");
            return 0;
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() is "---" or "...");
        if (end < 0)
        {
            state.Error(ModelDiagnosticCodes.MalformedFrontMatter, 1, 1, "the front matter opened on line 1 is never closed with '---'");
            return 0;
        }

        var yaml = string.Join('\n', lines, 1, end - 1);
        YamlMappingNode? root = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0)
            {
                root = stream.Documents[0].RootNode as YamlMappingNode;
                if (root is null)
                {
                    state.Error(ModelDiagnosticCodes.MalformedFrontMatter, 2, 1, "the front matter must be a YAML mapping of keys to values");
                }
            }
        }
        catch (YamlException exception)
        {
            state.Error(ModelDiagnosticCodes.MalformedFrontMatter, (int)exception.Start.Line + 1, (int)exception.Start.Column, "invalid YAML in the front matter: " + FirstLine(exception.Message));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these (without a position) on some malformed input; found by the fuzz test.
            state.Error(ModelDiagnosticCodes.MalformedFrontMatter, 2, 1, "invalid YAML in the front matter: " + FirstLine(exception.Message));
        }

        state.FrontMatter = ReadFrontMatter(state, root);
        return end + 1;
    }

    private static FrontMatter ReadFrontMatter(ParseState state, YamlMappingNode? root)
    {
        if (root is null)
        {
            return FrontMatter.Empty;
        }

        int? version = null;
        string? system = null;
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        DateOnly? lastReviewed = null;
        int? reviewEvery = null;
        var signOffs = new List<SignOff>();
        var gate = new GateDefaults();
        var signOffLine = 0;

        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value?.Trim().ToLowerInvariant() ?? string.Empty;
            switch (key)
            {
                case "threat-model":
                    version = ReadInt(state, value, key);
                    break;
                case "system":
                    system = ReadScalar(state, value, key);
                    break;
                case "owners":
                    ReadOwners(state, value, owners);
                    break;
                case "last-reviewed":
                    lastReviewed = ReadDate(state, value, key);
                    break;
                case "review-every-days":
                    reviewEvery = ReadInt(state, value, key);
                    if (reviewEvery is <= 0)
                    {
                        state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(value), Column(value), "'review-every-days' must be a positive number of days");
                        reviewEvery = null;
                    }

                    break;
                case "sign-off":
                case "signoff":
                case "sign-offs":
                    signOffLine = Line(keyNode);
                    ReadSignOffs(state, value, signOffs);
                    break;
                case "gate":
                    gate = ReadGate(state, value);
                    break;
            }
        }

        var line = 2;
        if (version is null)
        {
            state.Error(ModelDiagnosticCodes.MissingFrontMatter, line, 1, "the front matter has no 'threat-model: 1' format version");
        }
        else if (version != 1)
        {
            state.Error(ModelDiagnosticCodes.MissingFrontMatter, line, 1, $"format version {version} is not supported; this version of AiThreatGate reads 'threat-model: 1'");
        }

        return new FrontMatter(version, system, owners, lastReviewed, reviewEvery, signOffs, gate, line) { SignOffLine = signOffLine };
    }

    private static void ReadOwners(ParseState state, YamlNode value, Dictionary<string, string> owners)
    {
        switch (value)
        {
            case YamlMappingNode mapping:
                foreach (var (role, name) in mapping.Children)
                {
                    owners[((YamlScalarNode)role).Value ?? string.Empty] = (name as YamlScalarNode)?.Value ?? string.Empty;
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children.OfType<YamlScalarNode>())
                {
                    owners[item.Value ?? string.Empty] = string.Empty;
                }

                break;
            default:
                state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(value), Column(value), "'owners' must map roles to names (for example 'ml: Dana Ito')");
                break;
        }
    }

    private static void ReadSignOffs(ParseState state, YamlNode value, List<SignOff> signOffs)
    {
        if (value is not YamlSequenceNode sequence)
        {
            state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(value), Column(value), "'sign-off' must be a list of entries with role, name and date");
            return;
        }

        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode entry)
            {
                state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(item), Column(item), "each sign-off needs role, name and date");
                continue;
            }

            string Get(string name) => entry.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == name).Value is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;
            var dateNode = entry.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "date").Value;
            var date = dateNode is null ? null : ReadDate(state, dateNode, "sign-off date");
            if (Get("role").Length == 0 || Get("name").Length == 0)
            {
                state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(item), Column(item), "each sign-off needs a role and a name");
            }

            signOffs.Add(new SignOff(Get("role"), Get("name"), date, Line(item)));
        }
    }

    private static GateDefaults ReadGate(ParseState state, YamlNode value)
    {
        var gate = new GateDefaults();
        if (value is not YamlMappingNode mapping)
        {
            state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(value), Column(value), "'gate' must be a mapping (block-priority, unmodeled, stale)");
            return gate;
        }

        foreach (var (keyNode, node) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var text = ReadScalar(state, node, key) ?? string.Empty;
            switch (key)
            {
                case "block-priority":
                    if (Vocabulary.TryParsePriority(text, out var priority))
                    {
                        gate = gate with { BlockPriority = priority };
                    }
                    else
                    {
                        state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(node), Column(node), $"'block-priority' must be low, medium, high or critical, not '{text}'");
                    }

                    break;
                case "unmodeled" when BlockOrWarn(state, node, key, text) is { } blocks:
                    gate = gate with { UnmodeledBlocks = blocks };
                    break;
                case "stale" when BlockOrWarn(state, node, key, text) is { } blocks:
                    gate = gate with { StaleBlocks = blocks };
                    break;
            }
        }

        return gate;
    }

    /// <summary>true for block, false for warn; anything else is reported and ignored (null).</summary>
    private static bool? BlockOrWarn(ParseState state, YamlNode node, string key, string text)
    {
        if (text is "block" or "warn")
        {
            return text == "block";
        }

        state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(node), Column(node), $"'{key}' must be block or warn, not '{text}'");
        return null;
    }

    private static string? ReadScalar(ParseState state, YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(node), Column(node), $"'{key}' must be a single value");
        return null;
    }

    private static int? ReadInt(ParseState state, YamlNode node, string key)
    {
        var text = ReadScalar(state, node, key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        state.Error(ModelDiagnosticCodes.MalformedFrontMatter, Line(node), Column(node), $"'{key}' must be a whole number, not '{text}'");
        return null;
    }

    private static DateOnly? ReadDate(ParseState state, YamlNode node, string key)
    {
        var text = ReadScalar(state, node, key);
        if (text is null)
        {
            return null;
        }

        if (TryParseDate(text, out var date))
        {
            return date;
        }

        state.Error(ModelDiagnosticCodes.InvalidDate, Line(node), Column(node), $"'{key}' must be a date like 2026-11-22, not '{text}'");
        return null;
    }

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(Vocabulary.Normalize(text), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    // YAML marks are 1-based within the front matter, which starts on file line 2.
    private static int Line(YamlNode node) => (int)node.Start.Line + 1;

    private static int Column(YamlNode node) => (int)node.Start.Column;

    // ---- tables ------------------------------------------------------------------------------

    private static bool IsTable(ParseState state, ParagraphBlock paragraph) =>
        state.Lines[paragraph.Line].Contains('|', StringComparison.Ordinal)
        && paragraph.Line + 1 < state.Lines.Length
        && DelimiterRow.IsMatch(state.Lines[paragraph.Line + 1]);

    /// <summary>Rows run until a blank line or a line without a pipe (Markdig has released the paragraph's lines by now).</summary>
    private static int TableLineCount(ParseState state, int firstLine)
    {
        var end = firstLine + 2;
        while (end < state.Lines.Length && !string.IsNullOrWhiteSpace(state.Lines[end]) && state.Lines[end].Contains('|', StringComparison.Ordinal))
        {
            end++;
        }

        return end - firstLine;
    }

    /// <summary>A table of <paramref name="lineCount"/> lines from 0-based <paramref name="firstLine"/>: header, delimiter row, then rows.</summary>
    private static void ParseTable(ParseState state, int firstLine, int lineCount, Section section)
    {
        var rows = Enumerable.Range(firstLine, lineCount).Where(l => l != firstLine + 1).Select(l => new RowLine(l)).ToList();
        var header = TableText.SplitRow(state.Lines[rows[0].Line], rows[0].Line + 1);
        if (section == Section.None)
        {
            section = SectionByColumns(header);
            if (section == Section.None)
            {
                return;
            }
        }

        var table = ColumnsOf(section);
        var columns = table.Resolve(header.Select(h => h.Text).ToList());
        var missing = table.MissingRequired(columns);
        if (missing.Count > 0)
        {
            state.Error(ModelDiagnosticCodes.MissingRequiredColumn, rows[0].Line + 1, header.Count > 0 ? header[0].Column : 1, table.DescribeMissing(missing, header.Select(h => h.Text)));
            if (section == Section.Threats)
            {
                state.SawThreatsTable = true;
            }

            return;
        }

        if (section == Section.Threats)
        {
            state.SawThreatsTable = true;
            state.ThreatsTableLine = state.ThreatsTableLine == 0 ? rows[0].Line + 1 : state.ThreatsTableLine;
        }
        else if (section == Section.Stages)
        {
            state.StagesTableLine = state.StagesTableLine == 0 ? rows[0].Line + 1 : state.StagesTableLine;
        }

        foreach (var row in rows.Skip(1))
        {
            var lineNumber = row.Line + 1;
            var cells = TableText.SplitRow(state.Lines[row.Line], lineNumber);
            if (cells.Count != header.Count)
            {
                state.Warning(ModelDiagnosticCodes.MalformedTable, lineNumber, 1, $"this row has {cells.Count} cells but the header has {header.Count}; missing cells are read as empty, extra cells are ignored");
            }

            var byName = new Dictionary<string, Cell>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < columns.Count; i++)
            {
                byName[columns[i]] = i < cells.Count ? cells[i] : Cell.Missing(lineNumber);
            }

            switch (section)
            {
                case Section.Assets:
                    ReadAsset(state, byName, lineNumber);
                    break;
                case Section.Threats:
                    ReadThreat(state, byName, lineNumber);
                    break;
                case Section.Decisions:
                    ReadDecision(state, byName, lineNumber);
                    break;
                case Section.Stages:
                    ReadStageExclusion(state, byName, lineNumber);
                    break;
            }
        }
    }

    private static void ReadAsset(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        var id = cells["id"];
        if (id.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, id.Column, "an asset row has no ID");
            return;
        }

        var kind = Get(cells, "kind");
        if (!kind.IsEmpty && !Vocabulary.AssetKinds.Contains(Vocabulary.Normalize(kind.Text).ToLowerInvariant()))
        {
            state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, kind.Column, $"asset kind '{kind.Text}' is not one of {string.Join(", ", Vocabulary.AssetKinds)}");
        }

        state.Assets.Add(new Asset(id.Text, cells["asset"].Text, Vocabulary.Normalize(kind.Text).ToLowerInvariant(), ReadStages(state, Get(cells, "stage")), Get(cells, "sensitivity").Text, cells, line));
    }

    private static void ReadThreat(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        var id = cells[ThreatColumns.Id];
        if (id.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, id.Column, "a threat row has no ID");
            return;
        }

        var statusCell = cells[ThreatColumns.Status];
        ThreatStatus status;
        if (statusCell.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, statusCell.Column, $"threat {id.Text} has no status (open, in-progress, mitigated, planned, accepted, eliminated, transferred, not-applicable); it is treated as open");
            status = ThreatStatus.Open;
        }
        else if (!Vocabulary.TryParseStatus(statusCell.Text, out status))
        {
            state.Error(ModelDiagnosticCodes.UnknownStatus, line, statusCell.Column, $"threat {id.Text} has the unknown status '{statusCell.Text}' (use open, in-progress, mitigated, planned, accepted, eliminated, transferred or not-applicable); it is treated as open");
            status = ThreatStatus.Open;
        }

        var categories = new List<string>();
        var categoryCell = Get(cells, ThreatColumns.Category);
        foreach (var category in Vocabulary.SplitList(categoryCell.Text))
        {
            var normalized = NormalizeCategory(category);
            if (normalized is null)
            {
                state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, categoryCell.Column, $"category '{category}' is neither a STRIDE letter nor one of {string.Join(", ", Vocabulary.AiCategories)}");
            }
            else
            {
                categories.AddRange(normalized);
            }
        }

        var adversaryCell = Get(cells, ThreatColumns.Adversary);
        var adversaries = Vocabulary.SplitList(adversaryCell.Text).Select(a => Vocabulary.Normalize(a).ToLowerInvariant()).ToList();
        foreach (var adversary in adversaries.Where(a => !Vocabulary.Adversaries.Contains(a)))
        {
            state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, adversaryCell.Column, $"adversary '{adversary}' is not one of {string.Join(", ", Vocabulary.Adversaries)}");
        }

        var (priority, determined) = ReadPriority(state, cells, id.Text, line);
        var detectsCell = Get(cells, ThreatColumns.Detects);
        state.Threats.Add(new Threat(
            id.Text,
            cells[ThreatColumns.Threat].Text,
            ReadStages(state, Get(cells, ThreatColumns.Stage)),
            categories.Distinct().ToList(),
            Vocabulary.SplitList(Get(cells, ThreatColumns.Assets).Text),
            adversaries,
            status,
            statusCell.Text,
            priority,
            determined,
            Get(cells, ThreatColumns.Controls).Text,
            Get(cells, ThreatColumns.Owner).Text,
            DetectsEntry.ParseCell(detectsCell),
            cells,
            line));
    }

    private static (Priority Priority, bool Determined) ReadPriority(ParseState state, Dictionary<string, Cell> cells, string id, int line)
    {
        var explicitCell = Get(cells, ThreatColumns.Priority);
        if (!explicitCell.IsEmpty)
        {
            if (Vocabulary.TryParsePriority(explicitCell.Text, out var explicitPriority))
            {
                return (explicitPriority, true);
            }

            state.Warning(ModelDiagnosticCodes.UnknownRating, line, explicitCell.Column, $"priority '{explicitCell.Text}' of {id} is not low, medium, high or critical");
        }

        var likelihoodCell = Get(cells, ThreatColumns.Likelihood);
        var impactCell = Get(cells, ThreatColumns.Impact);
        var likelihood = PriorityMatrix.ParseLikelihood(likelihoodCell.Text);
        var impact = PriorityMatrix.ParseImpact(impactCell.Text);
        if (!likelihoodCell.IsEmpty && likelihood == 0)
        {
            state.Warning(ModelDiagnosticCodes.UnknownRating, line, likelihoodCell.Column, $"likelihood '{likelihoodCell.Text}' of {id} is not low, medium, high, very high or 1-5");
        }

        if (!impactCell.IsEmpty && impact == 0)
        {
            state.Warning(ModelDiagnosticCodes.UnknownRating, line, impactCell.Column, $"impact '{impactCell.Text}' of {id} is not low, medium, high, critical or 1-5");
        }

        if (likelihood > 0 && impact > 0)
        {
            return (PriorityMatrix.FromLevels(likelihood, impact), true);
        }

        var dreadCell = Get(cells, ThreatColumns.Dread);
        if (!dreadCell.IsEmpty)
        {
            if (PriorityMatrix.TryFromDread(dreadCell.Text, out var fromDread))
            {
                return (fromDread, true);
            }

            state.Warning(ModelDiagnosticCodes.UnknownRating, line, dreadCell.Column, $"DREAD '{dreadCell.Text}' of {id} is neither five 0-10 scores ('8/6/7/5/4') nor their average");
        }

        state.Warning(ModelDiagnosticCodes.UndeterminedPriority, line, 1, $"{id} has no usable Priority, Likelihood and Impact, or DREAD; it is treated as high priority");
        return (Priority.High, false);
    }

    private static void ReadDecision(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        var threat = cells["threat"];
        var decision = cells["decision"];
        if (threat.IsEmpty)
        {
            state.Error(ModelDiagnosticCodes.EmptyRequiredCell, line, threat.Column, "a risk decision row names no threat");
            return;
        }

        if (!Vocabulary.TryParseDecision(decision.Text, out var kind))
        {
            state.Error(ModelDiagnosticCodes.InvalidDecision, line, decision.Column, $"decision '{decision.Text}' for {threat.Text} is not accepted, planned or transferred");
            return;
        }

        var dueCell = Get(cells, "due");
        DateOnly? due = null;
        if (!dueCell.IsEmpty)
        {
            if (TryParseDate(dueCell.Text, out var parsed))
            {
                due = parsed;
            }
            else
            {
                state.Error(ModelDiagnosticCodes.InvalidDate, line, dueCell.Column, $"'{dueCell.Text}' is not a date like 2026-11-22");
            }
        }

        state.Decisions.Add(new RiskDecision(threat.Text, kind, Get(cells, "justification").Text, Get(cells, "approved by").Text, Get(cells, "ticket").Text, due, line));
    }

    private static void ReadStageExclusion(ParseState state, Dictionary<string, Cell> cells, int line)
    {
        var stage = cells["stage"];
        if (!Vocabulary.TryParseStage(stage.Text, out var parsed))
        {
            state.Warning(ModelDiagnosticCodes.UnknownVocabulary, line, stage.Column, $"'{stage.Text}' is not a lifecycle stage ({string.Join(", ", Vocabulary.AllStages.Select(Vocabulary.Name))})");
            return;
        }

        state.StageExclusions.Add(new StageExclusion(parsed, cells["reason"].Text, line));
    }

    private static List<LifecycleStage> ReadStages(ParseState state, Cell cell)
    {
        var stages = new List<LifecycleStage>();
        foreach (var item in Vocabulary.SplitList(cell.Text))
        {
            if (Vocabulary.TryParseStage(item, out var stage))
            {
                stages.Add(stage);
            }
            else
            {
                state.Warning(ModelDiagnosticCodes.UnknownVocabulary, cell.Line, cell.Column, $"'{item}' is not a lifecycle stage ({string.Join(", ", Vocabulary.AllStages.Select(Vocabulary.Name))})");
            }
        }

        return stages.Distinct().ToList();
    }

    /// <summary>STRIDE letters or words become <c>stride:X</c>; AI categories stay as they are; null when unknown.</summary>
    private static IReadOnlyList<string>? NormalizeCategory(string text)
    {
        var word = Vocabulary.Normalize(text).ToLowerInvariant().Replace(' ', '-');
        if (Vocabulary.AiCategories.Contains(word))
        {
            return new[] { word };
        }

        var stride = word switch
        {
            "s" or "spoofing" => "S",
            "t" or "tampering" => "T",
            "r" or "repudiation" => "R",
            "i" or "information-disclosure" or "disclosure" => "I",
            "d" or "denial-of-service" or "dos" => "D",
            "e" or "elevation-of-privilege" or "eop" => "E",
            _ => null,
        };
        if (stride is not null)
        {
            return new[] { "stride:" + stride };
        }

        // A run of STRIDE letters such as "TI" or "STRIDE".
        if (word.Length is > 1 and <= 6 && word.All(c => "stride".Contains(c, StringComparison.Ordinal)))
        {
            return word.Select(c => "stride:" + char.ToUpperInvariant(c)).ToList();
        }

        return null;
    }

    // ---- sections ----------------------------------------------------------------------------

    private static void CloseFreeSection(ParseState state, string? title, int line, int start, int end)
    {
        if (title is null)
        {
            return;
        }

        var body = string.Join('\n', state.Lines.Skip(start).Take(Math.Max(0, end - start))).Trim();
        state.FreeSections.Add(new FreeSection(title, body, line));
    }

    private static string HeadingText(string line)
    {
        var text = line.Trim().TrimStart('#').Trim().TrimEnd('#').Trim();
        return text;
    }

    private static Section SectionFor(string title)
    {
        var key = Key(title);
        if (key.StartsWith("asset", StringComparison.Ordinal))
        {
            return Section.Assets;
        }

        if ((key.StartsWith("threat", StringComparison.Ordinal) && !key.StartsWith("threat model", StringComparison.Ordinal)) || key is "threat register" or "risks" or "risk register")
        {
            return Section.Threats;
        }

        if (key.Contains("decision", StringComparison.Ordinal) || key.StartsWith("risk acceptance", StringComparison.Ordinal) || key == "exceptions")
        {
            return Section.Decisions;
        }

        if (key.Contains("lifecycle", StringComparison.Ordinal) || key.Contains("stage", StringComparison.Ordinal) || key.StartsWith("out of scope", StringComparison.Ordinal))
        {
            return Section.Stages;
        }

        return Section.None;
    }

    private static Section SectionByColumns(List<Cell> header)
    {
        var texts = header.Select(h => h.Text).ToList();
        bool Has(TableColumns table, params string[] names) => names.All(table.Resolve(texts).Contains);
        if (Has(ColumnSynonyms.Decisions, "decision", "threat"))
        {
            return Section.Decisions;
        }

        return Has(ColumnSynonyms.Threats, ThreatColumns.Id, ThreatColumns.Status, ThreatColumns.Threat) ? Section.Threats : Section.None;
    }

    private static TableColumns ColumnsOf(Section section) => section switch
    {
        Section.Assets => ColumnSynonyms.Assets,
        Section.Threats => ColumnSynonyms.Threats,
        Section.Decisions => ColumnSynonyms.Decisions,
        _ => ColumnSynonyms.Stages,
    };

    private static string Key(string text) => ColumnSynonyms.Key(text);

    private static Cell Get(Dictionary<string, Cell> cells, string name) => cells.TryGetValue(name, out var cell) ? cell : Cell.Missing(0);

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    private readonly record struct RowLine(int Line);

    private sealed class ParseState
    {
        private readonly List<ModelDiagnostic> _diagnostics = new();

        public ParseState(string filePath, string[] lines)
        {
            FilePath = filePath;
            Lines = lines;
        }

        public string FilePath { get; }

        public string[] Lines { get; }

        public FrontMatter FrontMatter { get; set; } = FrontMatter.Empty;

        public bool SawThreatsTable { get; set; }

        public int ThreatsTableLine { get; set; }

        public int StagesTableLine { get; set; }

        public List<Asset> Assets { get; } = new();

        public List<Threat> Threats { get; } = new();

        public List<RiskDecision> Decisions { get; } = new();

        public List<StageExclusion> StageExclusions { get; } = new();

        public List<FreeSection> FreeSections { get; } = new();

        public void Error(string code, int line, int column, string message) =>
            _diagnostics.Add(new ModelDiagnostic(code, DiagnosticLevel.Error, FilePath, Math.Max(1, line), Math.Max(1, column), message));

        public void Warning(string code, int line, int column, string message) =>
            _diagnostics.Add(new ModelDiagnostic(code, DiagnosticLevel.Warning, FilePath, Math.Max(1, line), Math.Max(1, column), message));

        public ThreatModelDocument Build() => new(FilePath, FrontMatter, Assets, Threats, Decisions, StageExclusions, FreeSections, _diagnostics)
        {
            ThreatsTableLine = ThreatsTableLine,
            StagesTableLine = StagesTableLine,
        };
    }
}
