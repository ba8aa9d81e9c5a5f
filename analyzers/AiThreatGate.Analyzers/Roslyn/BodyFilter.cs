using System;
using System.Collections.Generic;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>Which members a rule looks into, decided from syntax (<see cref="SyntaxIndex"/>) before anything is bound.</summary>
internal sealed class BodyFilter
{
    private readonly HashSet<string> _names;

    private BodyFilter(IEnumerable<string> names) => _names = new HashSet<string>(names, StringComparer.Ordinal);

    /// <summary>Members that can take part in an AI flow: what every rule about model output, prompts or models needs.</summary>
    public static BodyFilter AiRelated { get; } = new(Array.Empty<string>());

    /// <summary>AI-related members, and any member that mentions one of <paramref name="names"/> (APIs a rule flags anywhere).</summary>
    public static BodyFilter AiRelatedOrMentioning(params string[] names) => new(names);

    public bool Accepts(SyntaxIndex index, IndexedMember member) =>
        _names.Count > 0 && member.MentionsAny(_names) || index.IsAiRelated(member);
}
