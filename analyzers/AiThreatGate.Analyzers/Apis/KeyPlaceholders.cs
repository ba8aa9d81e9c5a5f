using System;
using System.Collections.Generic;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Strings that stand in for a key rather than being one. Samples and local model servers (Ollama, LM Studio, llama.cpp)
/// need some non-empty key, so code passes "your-api-key", "&lt;key&gt;", "sk-xxx", "ollama" or "none". A real key is one
/// random token (mixed letters and digits, often after a vendor prefix such as <c>sk-</c> or <c>hf_</c>); a placeholder is
/// one of three shapes, none of which a generated key has:
/// <list type="bullet">
/// <item>a template marker: <c>&lt;...&gt;</c>, <c>{...}</c>, <c>${...}</c>, <c>[...]</c> or <c>%...%</c>;</item>
/// <item>filler: after an optional vendor prefix, at most two distinct characters (<c>sk-xxxx</c>, <c>sk-****</c>, <c>hf_...</c>, <c>0000</c>);</item>
/// <item>words only: every word (split at separators and camel case) is one of <see cref="PlaceholderWords"/>
/// (<c>your-api-key</c>, <c>YOUR_OPENAI_API_KEY</c>, <c>apikey</c>, <c>ollama</c>, <c>not-needed</c>, <c>dummy</c>).</item>
/// </list>
/// One word outside the list ("my-team-key", "abc123") keeps the literal a credential.
/// </summary>
internal static class KeyPlaceholders
{
    // Vendor prefixes a placeholder keeps in front of its filler (longest first).
    private static readonly string[] VendorPrefixes = { "sk-proj-", "sk-ant-", "sk-svcacct-", "sk-", "hf_", "AIza", "Bearer " };

    // Words of placeholder phrases: instructions, the key's own name, vendors and local servers, and "no key" words.
    private static readonly HashSet<string> PlaceholderWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "your", "my", "the", "a", "an", "insert", "enter", "put", "paste", "replace", "add", "set", "here", "with", "own", "goes",
        "api", "key", "keys", "apikey", "token", "secret", "credential", "access", "auth", "bearer", "sk", "subscription",
        "openai", "azure", "anthropic", "claude", "gemini", "google", "hf", "huggingface", "mistral", "groq", "deepseek", "cohere",
        "ai", "open", "ollama", "lm", "studio", "lmstudio", "llama", "cpp", "llamacpp", "vllm", "localai", "local", "localhost",
        "none", "null", "nil", "empty", "n", "na", "no", "not", "needed", "required", "used", "unused", "any", "anything", "ignored",
        "dummy", "test", "fake", "mock", "sample", "example", "demo", "placeholder", "change", "me", "changeme", "todo", "tbd", "fixme",
        "redacted", "password", "foo", "bar",
    };

    /// <summary>Whether <paramref name="text"/> stands in for a key (see <see cref="KeyPlaceholders"/>).</summary>
    public static bool IsPlaceholder(string text)
    {
        var value = text.Trim();
        if (value.Length == 0 || IsTemplateMarker(value))
        {
            return true;
        }

        var body = WithoutVendorPrefix(value);
        return IsFiller(body) || IsPlaceholderPhrase(body);
    }

    private static bool IsTemplateMarker(string value) =>
        value.IndexOf('<') >= 0 || value.IndexOf('{') >= 0
        || (value[0] == '[' && value[value.Length - 1] == ']')
        || (value.Length > 1 && value[0] == '%' && value[value.Length - 1] == '%');

    private static string WithoutVendorPrefix(string value)
    {
        foreach (var prefix in VendorPrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return value.Substring(prefix.Length).Trim();
            }
        }

        return value;
    }

    // "xxxx", "****", "...", "0000", "x-x-x": a random key of any useful length has many distinct characters.
    private static bool IsFiller(string body)
    {
        var distinct = new HashSet<char>();
        foreach (var c in body)
        {
            distinct.Add(char.ToLowerInvariant(c));
            if (distinct.Count > 2)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlaceholderPhrase(string body)
    {
        var words = Words(body);
        if (words.Count == 0)
        {
            return false;
        }

        foreach (var word in words)
        {
            // "xxx" in "your-key-xxx"; a short word of two letters is not filler here ("Ab" of a camel-split random key).
            if (!PlaceholderWords.Contains(word) && !IsXs(word))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsXs(string word)
    {
        foreach (var c in word)
        {
            if (c is not ('x' or 'X'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The words of <paramref name="text"/>: runs of letters or digits, split at any other character and at camel-case humps ("AzureOpenAIKey": Azure, Open, AI, Key).</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var boundary = i == text.Length
                || !char.IsLetterOrDigit(text[i])
                || (i > 0 && char.IsLower(text[i - 1]) && char.IsUpper(text[i]))
                || (i > 0 && i + 1 < text.Length && char.IsUpper(text[i - 1]) && char.IsUpper(text[i]) && char.IsLower(text[i + 1]));
            if (boundary && start >= 0)
            {
                words.Add(text.Substring(start, i - start));
                start = -1;
            }

            if (i < text.Length && char.IsLetterOrDigit(text[i]) && start < 0)
            {
                start = i;
            }
        }

        return words;
    }
}
