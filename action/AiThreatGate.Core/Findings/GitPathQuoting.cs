using System;
using System.Collections.Generic;
using System.Text;

namespace AiThreatGate.Core.Findings;

/// <summary>Git's C-style quoting of paths (<c>core.quotePath</c>): backslash escapes and octal bytes of UTF-8.</summary>
public static class GitPathQuoting
{
    /// <summary>The unquoted path of a string that starts with a double quote, or null when it is not well formed.</summary>
    public static string? Unquote(string text, out int end)
    {
        end = 0;
        if (text.Length == 0 || text[0] != '"')
        {
            return null;
        }

        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                end = i + 1;
                return new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes.ToArray());
            }

            if (c != '\\')
            {
                var count = new Rune(char.IsSurrogate(c) && i + 1 < text.Length ? char.ConvertToUtf32(c, text[i + 1]) : c).EncodeToUtf8(utf8);
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }

                for (var b = 0; b < count; b++)
                {
                    bytes.Add(utf8[b]);
                }

                continue;
            }

            if (++i >= text.Length)
            {
                return null;
            }

            var escaped = text[i];
            if (escaped is >= '0' and <= '7')
            {
                if (i + 2 >= text.Length || !IsOctal(text[i + 1]) || !IsOctal(text[i + 2]))
                {
                    return null;
                }

                bytes.Add((byte)(((escaped - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
                i += 2;
                continue;
            }

            byte? simple = escaped switch
            {
                'a' => 0x07,
                'b' => 0x08,
                't' => 0x09,
                'n' => 0x0A,
                'v' => 0x0B,
                'f' => 0x0C,
                'r' => 0x0D,
                '"' => (byte)'"',
                '\\' => (byte)'\\',
                _ => null,
            };
            if (simple is null)
            {
                return null;
            }

            bytes.Add(simple.Value);
        }

        return null;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
