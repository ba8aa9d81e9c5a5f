using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>Which members a rule looks into, decided from syntax (<see cref="SyntaxIndex"/>) before anything is bound.</summary>
internal sealed class BodyFilter
{
    private readonly HashSet<string> _names;

    private BodyFilter(AiRelationSeeds seeds, IEnumerable<string> names)
    {
        Seeds = seeds;
        _names = new HashSet<string>(names, StringComparer.Ordinal);
    }

    /// <summary>What makes a member AI-related for the <see cref="SyntaxIndex"/> this filter asks.</summary>
    public AiRelationSeeds Seeds { get; }

    /// <summary>Members that can take part in an AI flow: what every rule about model output, prompts or models needs.</summary>
    public static BodyFilter AiRelated(AiRelationSeeds seeds) => new(seeds, Array.Empty<string>());

    /// <summary>AI-related members, and any member that mentions one of <paramref name="names"/> (APIs a rule flags anywhere).</summary>
    public static BodyFilter AiRelatedOrMentioning(AiRelationSeeds seeds, params string[] names) => new(seeds, names);

    public bool Accepts(SyntaxIndex index, IndexedMember member) =>
        _names.Count > 0 && member.MentionsAny(_names) || index.IsAiRelated(member);

    /// <summary>The members of the compilation this filter accepts (what summaries of the compilation for other projects look into).</summary>
    public IEnumerable<IndexedMember> AcceptedMembers(Compilation compilation, AnalyzerOptions options)
    {
        var index = SyntaxIndex.For(compilation, options, Seeds);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var member in index.Members(tree))
            {
                if (Accepts(index, member))
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>
    /// Whether this filter accepts a declaration of <paramref name="symbol"/> in <paramref name="compilation"/>: false
    /// for a symbol declared elsewhere (another project, a package) or in members no rule here looks into.
    /// </summary>
    public bool AcceptsDeclarationOf(ISymbol symbol, Compilation compilation, AnalyzerOptions options)
    {
        var index = SyntaxIndex.For(compilation, options, Seeds);
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

            foreach (var member in index.Members(reference.SyntaxTree))
            {
                if (member.Node.FullSpan.Contains(reference.Span) && Accepts(index, member))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The members of the compilation this filter accepts that mention <paramref name="name"/>: where a summary looks
    /// for the assignments or calls of one symbol. The syntax index answers first, so nothing else is bound.
    /// </summary>
    public IEnumerable<IndexedMember> AcceptedMembersMentioning(string name, Compilation compilation, AnalyzerOptions options)
    {
        var index = SyntaxIndex.For(compilation, options, Seeds);
        foreach (var member in index.MembersMentioning(name))
        {
            if (Accepts(index, member))
            {
                yield return member;
            }
        }
    }
}
