using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.CodeFixVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToSqlAnalyzer, AiThreatGate.CodeFixes.ParameterizeSqlCodeFix>;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

public sealed class ParameterizeSqlCodeFixTests
{
    [Fact]
    public Task Interpolated_command_text_becomes_parameters() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command, int limit)
            {
                var category = (await chat.GetResponseAsync("category?")).Text;
                command.CommandText = [|$"SELECT * FROM Tickets WHERE Category = {category} LIMIT {limit}"|];
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command, int limit)
            {
                var category = (await chat.GetResponseAsync("category?")).Text;
                command.CommandText = "SELECT * FROM Tickets WHERE Category = @p0 LIMIT @p1";
                var parameter0 = command.CreateParameter();
                parameter0.ParameterName = "@p0";
                parameter0.Value = (object?)category ?? System.DBNull.Value;
                command.Parameters.Add(parameter0);
                var parameter1 = command.CreateParameter();
                parameter1.ParameterName = "@p1";
                parameter1.Value = (object?)limit ?? System.DBNull.Value;
                command.Parameters.Add(parameter1);
            }
        }
        """);
}
