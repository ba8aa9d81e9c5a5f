using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>An expected diagnostic: a rule ID (null = the analyzer's only rule) and the span it covers.</summary>
public sealed record ExpectedDiagnostic(string? Id, TextSpan Span);

/// <summary>Parses <c>[|...|]</c> and <c>{|AITG001:...|}</c> markup out of test source.</summary>
public static class TestMarkup
{
    public static (string Source, List<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string? Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (Matches(markup, i, "[|"))
            {
                open.Push((null, source.Length));
                i += 1;
            }
            else if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|' && TryReadId(markup, i + 2, out var id, out var end))
            {
                open.Push((id, source.Length));
                i = end;
            }
            else if (Matches(markup, i, "|]") || Matches(markup, i, "|}"))
            {
                if (open.Count == 0)
                {
                    throw new FormatException($"Unbalanced markup close at offset {i}.");
                }

                var (openId, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(openId, TextSpan.FromBounds(start, source.Length)));
                i += 1;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException("Unclosed markup span.");
        }

        return (source.ToString(), expected);
    }

    private static bool Matches(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static bool TryReadId(string text, int start, out string id, out int colon)
    {
        id = string.Empty;
        colon = text.IndexOf(':', start);
        if (colon < 0 || colon - start > 12)
        {
            return false;
        }

        id = text.Substring(start, colon - start);
        foreach (var c in id)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return id.Length > 0;
    }
}
