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

    [Fact]
    public Task Fix_all_gives_each_command_its_own_parameter_variables() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand select, SqliteCommand delete)
            {
                var category = (await chat.GetResponseAsync("category?")).Text;
                select.CommandText = [|$"SELECT * FROM Tickets WHERE Category = {category}"|];
                delete.CommandText = [|$"DELETE FROM Tickets WHERE Category = {category}"|];
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand select, SqliteCommand delete)
            {
                var category = (await chat.GetResponseAsync("category?")).Text;
                select.CommandText = "SELECT * FROM Tickets WHERE Category = @p0";
                var parameter0 = select.CreateParameter();
                parameter0.ParameterName = "@p0";
                parameter0.Value = (object?)category ?? System.DBNull.Value;
                select.Parameters.Add(parameter0);
                delete.CommandText = "DELETE FROM Tickets WHERE Category = @p0";
                var parameter1 = delete.CreateParameter();
                parameter1.ParameterName = "@p0";
                parameter1.Value = (object?)category ?? System.DBNull.Value;
                delete.Parameters.Add(parameter1);
            }
        }
        """,
        fixAll: true);

    [Fact]
    public Task Parameter_variables_do_not_repeat_a_name_the_member_declares() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command, int parameter0)
            {
                var category = (await chat.GetResponseAsync("category?")).Text;
                command.CommandText = [|$"SELECT * FROM Tickets WHERE Category = {category} LIMIT {parameter0}"|];
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command, int parameter0)
            {
                var category = (await chat.GetResponseAsync("category?")).Text;
                command.CommandText = "SELECT * FROM Tickets WHERE Category = @p0 LIMIT @p1";
                var parameter1 = command.CreateParameter();
                parameter1.ParameterName = "@p0";
                parameter1.Value = (object?)category ?? System.DBNull.Value;
                command.Parameters.Add(parameter1);
                var parameter2 = command.CreateParameter();
                parameter2.ParameterName = "@p1";
                parameter2.Value = (object?)parameter0 ?? System.DBNull.Value;
                command.Parameters.Add(parameter2);
            }
        }
        """);
}
