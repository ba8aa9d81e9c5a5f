using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnapprovedDangerousToolAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG026 for MCP server tools (ModelContextProtocol 2.4.0): always model-invoked; approved by elicitation or a call-tool filter.</summary>
public sealed partial class UnapprovedDangerousToolAnalyzerTests
{
    public static TheoryData<string> FlaggedMcp => new()
    {
        // An MCP tool that deletes files.
        """
        using System.IO;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            [McpServerTool]
            public static void [|Delete|](string path) => File.Delete(path);
        }
        """,
        // An MCP tool that runs a command through a helper.
        """
        using System.Diagnostics;
        using ModelContextProtocol.Server;
        public static class Shell { public static void Run(string command) => Process.Start("bash", "-c " + command); }
        [McpServerToolType]
        public sealed class ShellTools
        {
            [McpServerTool(Name = "run")]
            public string [|Run|](string command)
            {
                Shell.Run(command);
                return "ok";
            }
        }
        """,
        // An MCP tool that changes data, with a filter for another request kind only.
        """
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.DependencyInjection;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class Tickets
        {
            [McpServerTool]
            public static int [|Close|](SqliteConnection db, string id) => db.Execute("UPDATE Tickets SET Open = 0 WHERE Id = @id", new { id });
        }
        static class Setup
        {
            public static void Configure(IServiceCollection services) =>
                services.AddMcpServer().WithRequestFilters(filters => filters.AddListToolsFilter(next => next)).WithTools(new[] { typeof(Tickets) });
        }
        """,
    };

    public static TheoryData<string> NotFlaggedMcp => new()
    {
        // A read-only MCP tool.
        """
        using System.IO;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            [McpServerTool]
            public static string Read(string name) => File.ReadAllText(Path.Combine("/data", Path.GetFileName(name)));
        }
        """,
        // The tool asks the user through elicitation before deleting.
        """
        using System.IO;
        using System.Threading.Tasks;
        using ModelContextProtocol.Protocol;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            [McpServerTool]
            public static async Task<string> Delete(McpServer server, string path)
            {
                var answer = await server.ElicitAsync(new ElicitRequestParams { Message = "Delete " + path + "?" });
                if (answer.Action != "accept") return "cancelled";
                File.Delete(path);
                return "deleted";
            }
        }
        """,
        // A call-tool filter registered on the server (it sees every call).
        """
        using System.IO;
        using Microsoft.Extensions.DependencyInjection;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            [McpServerTool]
            public static void Delete(string path) => File.Delete(path);
        }
        static class Setup
        {
            public static void Configure(IServiceCollection services) =>
                services.AddMcpServer().WithRequestFilters(filters => filters.AddCallToolFilter(next => next)).WithTools(new[] { typeof(FileTools) });
        }
        """,
        // A method of a tool type that is not itself a tool.
        """
        using System.IO;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            public static void Cleanup(string path) => File.Delete(path);
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedMcp))]
    public Task Flags_mcp_tools_with_side_effects(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedMcp))]
    public Task Ignores_read_only_elicited_or_filtered_mcp_tools(string source) => Verify.VerifyAsync(source);
}
