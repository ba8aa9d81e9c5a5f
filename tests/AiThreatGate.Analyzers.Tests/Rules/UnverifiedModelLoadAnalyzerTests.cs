using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnverifiedModelLoadAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class UnverifiedModelLoadAnalyzerTests
{
    [Fact]
    public Task OnnxSessionFromPath_IsFlagged() => Verify.VerifyAsync("""
        using Microsoft.ML.OnnxRuntime;
        class C
        {
            InferenceSession Open(string path) => [|new InferenceSession(path)|];
        }
        """);
}
