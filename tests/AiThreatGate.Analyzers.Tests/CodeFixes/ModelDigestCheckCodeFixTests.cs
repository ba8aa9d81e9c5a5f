using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.CodeFixVerifier<AiThreatGate.Analyzers.Rules.UnverifiedModelLoadAnalyzer, AiThreatGate.CodeFixes.ModelDigestCheckCodeFix>;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

public sealed class ModelDigestCheckCodeFixTests
{
    [Fact]
    public Task Inserts_a_file_digest_check_before_a_path_load() => Verify.VerifyAsync(
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path)
            {
                var session = [|new InferenceSession(path)|];
                return session;
            }
        }
        """,
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path)
            {
                if (!System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path))).Equals("TODO: expected SHA-256 of the trusted model, as hex", System.StringComparison.OrdinalIgnoreCase))
                {
                    throw new System.IO.InvalidDataException("The model failed its SHA-256 integrity check.");
                }
                var session = new InferenceSession(path);
                return session;
            }
        }
        """);

    [Fact]
    public Task Inserts_a_bytes_digest_check_before_a_buffer_load() => Verify.VerifyAsync(
        """
        using System;
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(byte[] model)
            {
                return [|new InferenceSession(model)|];
            }
        }
        """,
        """
        using System;
        using System.IO;
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(byte[] model)
            {
                if (!Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(model)).Equals("TODO: expected SHA-256 of the trusted model, as hex", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException("The model failed its SHA-256 integrity check.");
                }
                return new InferenceSession(model);
            }
        }
        """);

    [Fact]
    public Task Fix_all_checks_every_load_including_two_in_one_statement() => Verify.VerifyAsync(
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            (InferenceSession, InferenceSession) Open(string encoder, string decoder)
            {
                var pair = ([|new InferenceSession(encoder)|], [|new InferenceSession(decoder)|]);
                return pair;
            }

            InferenceSession Reopen(string path)
            {
                return [|new InferenceSession(path)|];
            }
        }
        """,
        """
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            (InferenceSession, InferenceSession) Open(string encoder, string decoder)
            {
                if (!System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(encoder))).Equals("TODO: expected SHA-256 of the trusted model, as hex", System.StringComparison.OrdinalIgnoreCase))
                {
                    throw new System.IO.InvalidDataException("The model failed its SHA-256 integrity check.");
                }
                if (!System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(decoder))).Equals("TODO: expected SHA-256 of the trusted model, as hex", System.StringComparison.OrdinalIgnoreCase))
                {
                    throw new System.IO.InvalidDataException("The model failed its SHA-256 integrity check.");
                }
                var pair = (new InferenceSession(encoder), new InferenceSession(decoder));
                return pair;
            }

            InferenceSession Reopen(string path)
            {
                if (!System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path))).Equals("TODO: expected SHA-256 of the trusted model, as hex", System.StringComparison.OrdinalIgnoreCase))
                {
                    throw new System.IO.InvalidDataException("The model failed its SHA-256 integrity check.");
                }
                return new InferenceSession(path);
            }
        }
        """,
        fixAll: true);
}
