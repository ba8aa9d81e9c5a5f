using System;
using System.IO;
using System.Linq;
using System.Text;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;
using Xunit;
using static AiThreatGate.Core.Tests.ThreatModels.ModelText;

namespace AiThreatGate.Core.Tests.ThreatModels;

/// <summary>Issue #13 item 9: a threat model's bytes are decoded strictly, never with silent U+FFFD replacement.</summary>
public sealed class ThreatModelEncodingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aitg-encoding-" + Guid.NewGuid().ToString("N"));

    public ThreatModelEncodingTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Model => Header + """

        ## Threats

        | ID | Threat | Status | Priority |
        |---|---|---|---|
        | T1 | Café prompt leak | open | high |
        """ + AllStagesExplained;

    private string Write(byte[] bytes, string name = "THREATMODEL.md")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static ThreatModelDocument LoadFile(string path) => ThreatModelLoader.Load(path, RuleTaxonomy.Default, Today);

    /// <summary>The model's UTF-8 bytes with <paramref name="bad"/> put in place of the first byte of <paramref name="marker"/>.</summary>
    private static byte[] WithBadBytes(string text, string marker, params byte[] bad)
    {
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        var before = Encoding.UTF8.GetBytes(text[..index]);
        var after = Encoding.UTF8.GetBytes(text[(index + 1)..]);
        return before.Concat(bad).Concat(after).ToArray();
    }

    [Fact]
    public void Invalid_utf8_is_an_error_at_the_line_and_column_of_the_first_bad_byte()
    {
        // Line 18 is the T1 row; "prompt" starts at column 13 (after the 12 characters "| T1 | Café "), counted in characters.
        var path = Write(WithBadBytes(Model, "prompt leak", 0xFF));
        var model = LoadFile(path);

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal(ModelDiagnosticCodes.InvalidEncoding, diagnostic.Code);
        Assert.Equal(DiagnosticLevel.Error, diagnostic.Level);
        Assert.Equal((18, 13), (diagnostic.Line, diagnostic.Column));
        Assert.StartsWith(path + ":18:13: error TM026: invalid UTF-8 (byte 0xFF", diagnostic.ToString(), StringComparison.Ordinal);
        Assert.True(model.HasErrors);
        Assert.Empty(model.Threats);
    }

    [Fact]
    public void A_truncated_multibyte_sequence_and_crlf_lines_are_located_too()
    {
        var text = Model.Replace("\n", "\r\n", StringComparison.Ordinal);
        // 0xC3 starts a two-byte sequence; the space after it is not a continuation byte.
        var model = LoadFile(Write(WithBadBytes(text, "Café", 0x43, 0x61, 0x66, 0xC3)));

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("TM026!@18:11", Codes(model).Single());
        Assert.Contains("0xC3", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_refuses_a_model_with_an_encoding_error()
    {
        var model = LoadFile(Write(WithBadBytes(Model, "prompt leak", 0xFE)));
        Assert.Throws<InvalidOperationException>(() => GateEngine.Evaluate(model, Array.Empty<Finding>(), GateOptions.FromModel(model, GateMode.PullRequest, Today)));
    }

    [Fact]
    public void Utf8_with_and_without_bom_reads_the_same_model()
    {
        var plain = LoadFile(Write(Encoding.UTF8.GetBytes(Model), "plain.md"));
        var withBom = LoadFile(Write(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Model)).ToArray(), "bom.md"));

        Assert.False(withBom.HasErrors, Dump(withBom));
        Assert.Equal(Codes(plain), Codes(withBom));
        Assert.Equal("Café prompt leak", Assert.Single(withBom.Threats).Title);
    }

    [Fact]
    public void Utf16_with_bom_is_accepted_and_an_unpaired_surrogate_in_it_is_located()
    {
        var utf16 = LoadFile(Write(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Model)).ToArray(), "le.md"));
        Assert.False(utf16.HasErrors, Dump(utf16));
        Assert.Equal("Café prompt leak", Assert.Single(utf16.Threats).Title);

        var bigEndian = LoadFile(Write(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Model)).ToArray(), "be.md"));
        Assert.Equal("Café prompt leak", Assert.Single(bigEndian.Threats).Title);

        var index = Model.IndexOf("prompt", StringComparison.Ordinal);
        var broken = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Model[..index])).Concat(new byte[] { 0x00, 0xD8 }).Concat(Encoding.Unicode.GetBytes(Model[(index + 1)..])).ToArray();
        Assert.Equal("TM026!@18:13", Codes(LoadFile(Write(broken, "broken.md"))).Single());
    }

    [Fact]
    public void An_imported_model_with_invalid_utf8_is_refused_the_same_way()
    {
        var model = LoadFile(Write(new byte[] { (byte)'t', (byte)'i', (byte)'t', (byte)'l', (byte)'e', (byte)':', (byte)' ', 0x80, (byte)'\n' }, "threagile.yaml"));
        Assert.Equal("TM026!@1:8", Codes(model).Single());
    }
}
