using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Reads the YAML front matter between the opening <c>---</c> and its closing <c>---</c> (or <c>...</c>): format
/// version, system, owners, review dates, sign-offs and the <c>gate:</c> defaults. Every bad value is a positioned
/// diagnostic and is left out; YamlDotNet's exceptions never escape.
/// </summary>
internal static class FrontMatterReader
{
    /// <summary>Reads the front matter into <see cref="ParseState.FrontMatter"/>; returns the 0-based line where the Markdown body starts.</summary>
    public static int Read(ParseState state)
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
            // Keys that are not the format's are ignored, so that teams can keep their own metadata here.
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

        if (ThreatModelParser.TryParseDate(text, out var date))
        {
            return date;
        }

        state.Error(ModelDiagnosticCodes.InvalidDate, Line(node), Column(node), $"'{key}' must be a date like 2026-11-22, not '{text}'");
        return null;
    }

    // YAML marks are 1-based within the front matter, which starts on file line 2.
    private static int Line(YamlNode node) => (int)node.Start.Line + 1;

    private static int Column(YamlNode node) => (int)node.Start.Column;

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }
}
