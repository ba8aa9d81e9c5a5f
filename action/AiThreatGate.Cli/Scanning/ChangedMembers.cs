using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Findings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiThreatGate.Cli.Scanning;

/// <summary>
/// Widens a diff to the C# members it edits. A finding can appear on a line the change did not touch: deleting the
/// integrity check above an unchanged <c>new InferenceSession(path)</c> creates the finding on the unchanged line.
/// Counting every line of an edited member (method, constructor, accessor, property, field initializer, or the one
/// top-level statement) as changed closes that gap for edits within the member; a check removed from another member
/// is still only caught where the finding's own member changed.
/// </summary>
public static class ChangedMembers
{
    /// <summary>Adds the line range of every member that holds an added line or a deletion, for the changed .cs files under <paramref name="root"/>.</summary>
    public static void Widen(ChangedLines changes, string root)
    {
        foreach (var (file, ranges, deletedAfter) in changes.Edits.ToList())
        {
            if (!file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var path = Path.Combine(root, file);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // A file the diff names but the working tree lacks has no member to widen to.
            }

            var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview));
            var lines = tree.GetText().Lines;
            var touched = ranges.SelectMany(r => new[] { r.Start, r.End })
                .Concat(deletedAfter.SelectMany(line => new[] { line, line + 1 }))
                .Where(line => line >= 1 && line <= lines.Count)
                .Distinct()
                .ToList();
            foreach (var line in touched)
            {
                var position = lines[line - 1].Start + Math.Min(lines[line - 1].Span.Length, FirstNonBlank(lines[line - 1].ToString()));
                if (EnclosingMember(tree.GetRoot(), position) is { } member)
                {
                    var span = member.GetLocation().GetLineSpan();
                    changes.AddRange(file, span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1);
                }
            }
        }
    }

    private static int FirstNonBlank(string line)
    {
        var index = 0;
        while (index < line.Length && char.IsWhiteSpace(line[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>The innermost member at a position (method, constructor, operator, property, indexer, event, field) or top-level statement.</summary>
    private static SyntaxNode? EnclosingMember(SyntaxNode root, int position) =>
        root.FindToken(position).Parent?.AncestorsAndSelf().FirstOrDefault(node => node is BaseMethodDeclarationSyntax
            or BasePropertyDeclarationSyntax
            or BaseFieldDeclarationSyntax
            or GlobalStatementSyntax);
}
