using System;
using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Where a file's bytes stop being text: 1-based line and column (in characters) and the 0-based byte offset.</summary>
public sealed record EncodingError(int Line, int Column, long ByteOffset, string Message);

/// <summary>
/// Decodes a threat-model file strictly. A lenient decoder turns a bad byte into U+FFFD, and a threat ID, a status or a
/// Detects entry can then silently stop matching; the gate must refuse such a file instead, and say where the bad byte is.
/// UTF-8 (with or without BOM) is the format's encoding; UTF-16 with a BOM (what Windows PowerShell 5's Out-File writes)
/// is accepted too, since its BOM leaves no doubt about how to read it.
/// </summary>
public static class ThreatModelText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text, or null and the position of the first byte that is not valid in the file's encoding.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out EncodingError? error)
    {
        error = null;
        if (bytes.StartsWith(new byte[] { 0xFF, 0xFE, 0x00, 0x00 }) || bytes.StartsWith(new byte[] { 0x00, 0x00, 0xFE, 0xFF }))
        {
            error = new EncodingError(1, 1, 0, "the file is UTF-32; save the threat model as UTF-8");
            return null;
        }

        if (bytes.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return DecodeUtf16(bytes[2..], bigEndian: false, out error);
        }

        if (bytes.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return DecodeUtf16(bytes[2..], bigEndian: true, out error);
        }

        var bom = bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0;
        var body = bytes[bom..];
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            // The exception's index is relative to the decoder's internal chunk; find the first bad byte ourselves.
            var valid = FirstInvalidUtf8(body);
            error = Locate(StrictUtf8.GetString(body[..valid]), bom + valid,
                $"invalid UTF-8 (byte 0x{body[valid]:X2} at byte offset {bom + valid}); save the threat model as UTF-8");
            return null;
        }
    }

    /// <summary>UTF-16 after its BOM: code units are paired by hand, so the first unpaired surrogate or odd byte can be located.</summary>
    private static string? DecodeUtf16(ReadOnlySpan<byte> body, bool bigEndian, out EncodingError? error)
    {
        const int Bom = 2;
        error = null;
        var text = new char[body.Length / 2];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = bigEndian ? (char)(body[2 * i] << 8 | body[2 * i + 1]) : (char)(body[2 * i + 1] << 8 | body[2 * i]);
        }

        var at = 0;
        while (at < text.Length)
        {
            if (char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
            {
                at += 2;
            }
            else if (char.IsSurrogate(text[at]))
            {
                error = Locate(new string(text, 0, at), Bom + 2L * at, $"invalid UTF-16 (unpaired surrogate at byte offset {Bom + 2L * at}); save the threat model as UTF-8");
                return null;
            }
            else
            {
                at++;
            }
        }

        if (body.Length % 2 != 0)
        {
            error = Locate(new string(text), Bom + body.Length - 1, "the UTF-16 file ends with half a character; save the threat model as UTF-8");
            return null;
        }

        return new string(text);
    }

    /// <summary>Length of the longest valid UTF-8 prefix: the 0-based offset of the first bad byte.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        var buffer = new char[4096];
        while (offset < bytes.Length)
        {
            var status = Utf8.ToUtf16(bytes[offset..], buffer, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                break;
            }
        }

        return Math.Min(offset, bytes.Length - 1);
    }

    /// <summary>Line and column just after <paramref name="before"/>, counting lines the way the parser does (LF, CRLF or a lone CR).</summary>
    private static EncodingError Locate(string before, long byteOffset, string message)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == '\n' || before[i] == '\r' && (i + 1 >= before.Length || before[i + 1] != '\n'))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new EncodingError(line, before.Length - lineStart + 1, byteOffset, message);
    }
}
