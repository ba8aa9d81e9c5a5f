using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AiThreatGate.Core.ThreatModels;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Core.Tests.ThreatModels;

/// <summary>
/// 10,000 mutated documents (seeded, so a failure reproduces): character edits, line duplication, deletion and
/// swaps, and injected Markdown/YAML syntax. Parsing and linting must never throw: every problem is a diagnostic
/// with a position inside the file.
/// </summary>
public sealed class ThreatModelFuzzTests
{
    private static readonly string[] Fragments =
    {
        "|", "||", "\\|", "---", "...", "`", "```", "#", "## Threats", "## Risk decisions", "## Assets", "## Lifecycle coverage",
        "| --- |", ":", "- ", "  - role: ", "[", "]", "{", "}", "&a", "*a", "!!binary", "\t", "\u00a0", "\u200b", "é", "🙂",
        "\r", "\n", "\0", "<br>", "@", "**", "threat-model: 2", "gate: 3", "last-reviewed: 2026-02-30", "999999999999999999999",
    };

    [Fact]
    public void Ten_thousand_mutated_documents_never_throw()
    {
        var seeds = new[]
        {
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "threat-model-format.md")),
            Regex.Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "threat-model-format.md")), "````markdown\\n(?<b>.*?)\\n````", RegexOptions.Singleline).Groups["b"].Value,
        };
        var random = new Random(20261122);
        for (var i = 0; i < 10_000; i++)
        {
            var text = Mutate(seeds[i % seeds.Length], random, 1 + random.Next(8));
            ThreatModelDocument model;
            try
            {
                model = ModelText.Load(text);
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException($"Mutation {i} threw {exception.GetType().Name}: {exception.Message}\n--- document ---\n{text}");
            }

            // Lines as the parser counts them: CRLF and a lone CR both end a line.
            var lineCount = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Length;
            foreach (var diagnostic in model.Diagnostics)
            {
                Assert.True(diagnostic.Line >= 1 && diagnostic.Line <= Math.Max(1, lineCount), $"Mutation {i}: {diagnostic} is outside the document's {lineCount} lines");
                Assert.True(diagnostic.Column >= 1);
                Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            }
        }
    }

    private static string Mutate(string text, Random random, int edits)
    {
        var lines = text.Split('\n').ToList();
        for (var e = 0; e < edits; e++)
        {
            var index = random.Next(lines.Count);
            switch (random.Next(7))
            {
                case 0:
                    lines.RemoveAt(index);
                    if (lines.Count == 0)
                    {
                        lines.Add(string.Empty);
                    }

                    break;
                case 1:
                    lines.Insert(index, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    var other = random.Next(lines.Count);
                    (lines[index], lines[other]) = (lines[other], lines[index]);
                    break;
                case 3:
                    lines[index] = Insert(lines[index], Fragments[random.Next(Fragments.Length)], random);
                    break;
                case 4:
                    if (lines[index].Length > 0)
                    {
                        var start = random.Next(lines[index].Length);
                        lines[index] = lines[index].Remove(start, random.Next(1, Math.Min(8, lines[index].Length - start) + 1));
                    }

                    break;
                case 5:
                    var builder = new StringBuilder(lines[index]);
                    if (builder.Length > 0)
                    {
                        builder[random.Next(builder.Length)] = (char)random.Next(32, 127);
                    }

                    lines[index] = builder.ToString();
                    break;
                default:
                    lines.Insert(index, Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    private static string Insert(string line, string fragment, Random random) => line.Insert(random.Next(line.Length + 1), fragment);
}
