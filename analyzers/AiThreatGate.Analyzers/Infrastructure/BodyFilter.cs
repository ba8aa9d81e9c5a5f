using System;
using System.Collections.Generic;

namespace AiThreatGate.Analyzers.Infrastructure;

/// <summary>Which members a rule looks into, decided from syntax (<see cref="SyntaxIndex"/>) before anything is bound.</summary>
internal sealed class BodyFilter
{
    private readonly bool _aiRelated;
    private readonly HashSet<string> _names;
    private readonly string[] _prefixes;

    private BodyFilter(bool aiRelated, IEnumerable<string> names, string[] prefixes)
    {
        _aiRelated = aiRelated;
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        _prefixes = prefixes;
    }

    /// <summary>Members that can take part in an AI flow: what every rule about model output, prompts or models needs.</summary>
    public static BodyFilter AiRelated { get; } = new(aiRelated: true, Array.Empty<string>(), Array.Empty<string>());

    /// <summary>AI-related members, and any member that mentions one of <paramref name="names"/> (APIs a rule flags anywhere).</summary>
    public static BodyFilter AiRelatedOrMentioning(params string[] names) => new(aiRelated: true, names, Array.Empty<string>());

    /// <summary>Members that mention one of <paramref name="names"/>, or a name starting with one of <paramref name="prefixes"/>.</summary>
    public static BodyFilter Mentioning(IEnumerable<string> names, params string[] prefixes) => new(aiRelated: false, names, prefixes);

    public bool Accepts(SyntaxIndex index, IndexedMember member)
    {
        if (_names.Count > 0 && member.MentionsAny(_names))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (member.MentionsPrefix(prefix))
            {
                return true;
            }
        }

        return _aiRelated && index.IsAiRelated(member);
    }
}
