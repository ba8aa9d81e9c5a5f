using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// Matches sign-off roles as people write them ("ML lead", "Security Lead", "security-lead", "Head of Security") to the
/// role keys the format uses (<c>ml</c>, <c>security</c>). The linter and the gate both ask here, so a sign-off that one
/// accepts the other accepts too.
/// </summary>
public static class SignOffRoles
{
    /// <summary>Words that say how senior someone is or what they do with a role, not which role it is.</summary>
    private static readonly HashSet<string> TitleWords = new(StringComparer.Ordinal)
    {
        "lead", "leads", "owner", "owners", "team", "teams", "head", "of", "the", "for", "and", "manager", "director",
        "officer", "chief", "principal", "senior", "sr", "staff", "approver", "reviewer", "sign", "off", "signoff", "representative", "rep",
    };

    /// <summary>Longer names of the expected roles; compared after title words are dropped.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["machine learning"] = "ml",
        ["ml engineering"] = "ml",
        ["ai"] = "ml",
        ["ai ml"] = "ml",
        ["ml ai"] = "ml",
        ["data science"] = "ml",
        ["appsec"] = "security",
        ["application security"] = "security",
        ["product security"] = "security",
        ["information security"] = "security",
        ["infosec"] = "security",
        ["cyber security"] = "security",
        ["cybersecurity"] = "security",
        ["sec"] = "security",
        ["ciso"] = "security",
        ["cso"] = "security",
    };

    /// <summary>
    /// The role's comparable form: lower case, punctuation as spaces, title words dropped, known long names folded.
    /// A role made only of title words (a bare "Lead") keeps them, so it never collapses into the empty role.
    /// </summary>
    public static string Canonical(string? role)
    {
        var words = Words(role);
        var kept = words.Where(w => !TitleWords.Contains(w)).ToList();
        var key = string.Join(' ', kept.Count > 0 ? kept : words);
        return Aliases.TryGetValue(key, out var alias) ? alias : key;
    }

    /// <summary>Whether a sign-off's written role is <paramref name="requiredRole"/> (a required role or an owners key).</summary>
    public static bool Matches(string? writtenRole, string requiredRole)
    {
        var written = Canonical(writtenRole);
        return written.Length > 0 && written == Canonical(requiredRole);
    }

    /// <summary>
    /// Whether a sign-off's role is <paramref name="requiredRole"/>, directly or through one of the model's
    /// <c>owners</c> keys that names the role: with <c>owners: { ml-platform: Dana }</c>, a sign-off by
    /// "ML Platform Lead" counts for <c>ml</c>, because the owners key says that team is the ML role. Without such a
    /// key, "ML platform" is not taken for <c>ml</c>: a role that merely mentions another is too loose a match.
    /// </summary>
    public static bool Matches(string? writtenRole, string requiredRole, IEnumerable<string> ownerKeys) =>
        Matches(writtenRole, requiredRole)
        || ownerKeys.Any(key => Names(key, requiredRole) && Matches(writtenRole, key));

    /// <summary>Whether an owners key's words include the required role's (<c>ml-platform</c> names <c>ml</c>).</summary>
    private static bool Names(string ownerKey, string requiredRole)
    {
        var required = Canonical(requiredRole);
        return required.Length > 0 && (" " + Canonical(ownerKey) + " ").Contains(" " + required + " ", StringComparison.Ordinal);
    }

    private static List<string> Words(string? text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in (text ?? string.Empty).ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
