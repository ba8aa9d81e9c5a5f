using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToPathAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG013 for MCP server tools (ModelContextProtocol 2.4.0): the connected model chooses the path.</summary>
public sealed partial class LlmOutputToPathAnalyzerTests
{
    [Fact]
    public Task Mcp_tool_argument_used_as_a_path() => Verify.VerifyAsync("""
        using System.IO;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class Notes
        {
            [McpServerTool]
            public static string Read(string name) => File.ReadAllText([|Path.Combine("/notes", name)|]);

            [McpServerTool]
            public static string ReadSafe(string name) => File.ReadAllText(Path.Combine("/notes", Path.GetFileName(name)));

            public static string NotATool(string name) => File.ReadAllText(Path.Combine("/notes", name));
        }
        """);
}
