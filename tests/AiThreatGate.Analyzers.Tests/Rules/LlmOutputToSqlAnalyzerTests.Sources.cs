using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToSqlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>
/// AITG010 with the model-output sources the analyzers learned from real code: MCP server tools and MCP tool results
/// (ModelContextProtocol 2.4.0), Agent Framework responses (Microsoft.Agents.AI 1.28.0), and model output held by a
/// parameter, field or property of a response type, or assigned to an application property elsewhere.
/// </summary>
public sealed partial class LlmOutputToSqlAnalyzerTests
{
    public static TheoryData<string> FlaggedSources => new()
    {
        // An MCP server tool: the connected model chooses the argument.
        """
        using System.ComponentModel;
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public sealed class DbTools
        {
            private readonly SqliteConnection _db = new("Data Source=app.db");
            [McpServerTool, Description("Runs a query")]
            public object? Query(string sql)
            {
                using var command = _db.CreateCommand();
                command.CommandText = [|sql|];
                return command.ExecuteScalar();
            }
        }
        """,
        // An MCP tool's DTO argument.
        """
        using Dapper;
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Server;
        public sealed record Filter(string Column, string Value);
        [McpServerToolType]
        public static class Search
        {
            [McpServerTool]
            public static int Count(SqliteConnection db, Filter filter) => db.ExecuteScalar<int>([|$"SELECT COUNT(*) FROM T WHERE {filter.Column} = '{filter.Value}'"|]);
        }
        """,
        // An Agent Framework agent's answer.
        """
        using System.Threading.Tasks;
        using Microsoft.Agents.AI;
        using Microsoft.Data.Sqlite;
        class C
        {
            async Task Run(AIAgent agent, SqliteCommand command, string question)
            {
                AgentResponse response = await agent.RunAsync(question);
                command.CommandText = [|"SELECT * FROM T WHERE " + response.Text|];
            }
        }
        """,
        // Agent Framework streaming updates.
        """
        using System.Text;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Agents.AI;
        using Microsoft.Data.Sqlite;
        class C
        {
            async Task Run(AIAgent agent, SqliteConnection db)
            {
                var sql = new StringBuilder();
                await foreach (var update in agent.RunStreamingAsync("Write the cleanup statement"))
                {
                    sql.Append(update.Text);
                }

                db.Execute([|sql.ToString()|]);
            }
        }
        """,
        // An MCP client's tool result.
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Client;
        using ModelContextProtocol.Protocol;
        class C
        {
            async Task Run(McpClient client, SqliteCommand command)
            {
                CallToolResult result = await client.CallToolAsync("suggest_filter");
                var filter = result.Content.OfType<TextContentBlock>().First().Text;
                command.CommandText = [|"SELECT * FROM T WHERE " + filter|];
            }
        }
        """,
        // A ChatResponse handed in as a parameter.
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Store
        {
            public static void Apply(ChatResponse response, SqliteCommand command) => command.CommandText = [|response.Text|];
        }
        """,
        // A ChatCompletion held by a property (a view model, a component parameter).
        """
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        sealed class Result
        {
            public ChatCompletion? Completion { get; set; }
            public void Save(SqliteCommand command) => command.CommandText = [|"INSERT INTO Log VALUES ('" + Completion!.Content[0].Text + "')"|];
        }
        """,
        // A Semantic Kernel FunctionResult parameter read with GetValue<string>().
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        static class Store
        {
            public static void Apply(FunctionResult result, SqliteCommand command) => command.CommandText = [|result.GetValue<string>()|];
        }
        """,
        // A list of ChatMessageContent answers.
        """
        using System.Collections.Generic;
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        static class Store
        {
            public static void Apply(IReadOnlyList<ChatMessageContent> answers, SqliteCommand command) => command.CommandText = [|answers[0].Content|];
        }
        """,
        // A ChatMessage whose name says it is the model's reply.
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Store
        {
            public static void Apply(ChatMessage assistantReply, SqliteCommand command) => command.CommandText = [|assistantReply.Text|];
        }
        """,
        // A message read from a response.
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Store
        {
            public static void Apply(ChatResponse response, SqliteCommand command)
            {
                ChatMessage message = response.Messages[^1];
                command.CommandText = [|message.Text|];
            }
        }
        """,
        // Model output deserialized into a DTO.
        """
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        public sealed class Plan { public string Where { get; set; } = ""; public int Limit { get; set; } }
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var response = await chat.GetResponseAsync("plan the query as JSON");
                var plan = JsonSerializer.Deserialize<Plan>(response.Text)!;
                command.CommandText = [|"SELECT * FROM T WHERE " + plan.Where|];
            }
        }
        """,
    };

    public static TheoryData<string> NotFlaggedSources => new()
    {
        // A user turn built from input and read back: a ChatMessage not named as an answer.
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Store
        {
            public static void Apply(ChatMessage userMessage, SqliteCommand command)
            {
                command.CommandText = "INSERT INTO Log (Text) VALUES ($text)";
                command.Parameters.AddWithValue("$text", userMessage.Text);
            }

            public static void Echo(string input, SqliteCommand command)
            {
                var message = new ChatMessage(ChatRole.User, "constant");
                command.CommandText = "SELECT * FROM T WHERE Name = '" + message.Text + "'";
            }
        }
        """,
        // A number from a response (token usage) is not text.
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Store
        {
            public static void Apply(ChatResponse response, SqliteCommand command) => command.CommandText = "SELECT * FROM T LIMIT " + (response.Usage?.TotalTokenCount ?? 10);
        }
        """,
        // An MCP tool's injected services are not chosen by the model; its argument only reaches a parameter.
        """
        using Dapper;
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Server;
        public sealed class Repository
        {
            public string Table() => "Tickets";
        }
        [McpServerToolType]
        public static class Tools
        {
            [McpServerTool]
            public static int Count(SqliteConnection db, Repository repository, McpServer server, string status) =>
                db.ExecuteScalar<int>("SELECT COUNT(*) FROM " + repository.Table() + " WHERE Status = @status", new { status });
        }
        """,
        // A method that is not an MCP tool.
        """
        using Microsoft.Data.Sqlite;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public sealed class DbTools
        {
            public void Internal(SqliteCommand command, string sql) => command.CommandText = sql;
        }
        """,
        // Agent session metadata and counts are not the answer.
        """
        using System.Threading.Tasks;
        using Microsoft.Agents.AI;
        using Microsoft.Data.Sqlite;
        class C
        {
            async Task Run(AIAgent agent, SqliteCommand command)
            {
                var response = await agent.RunAsync("hi");
                command.CommandText = "SELECT * FROM T LIMIT " + response.Messages.Count;
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedSources))]
    public Task Flags_mcp_agent_and_response_typed_sources(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedSources))]
    public Task Ignores_user_messages_numbers_services_and_non_tools(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Property_assigned_model_output_in_another_type() => Verify.VerifyAsync(new[]
    {
        ("Service.cs", """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public sealed class ReportView { public string Summary { get; set; } = ""; public string Title { get; set; } = ""; }
            public sealed class Reporter
            {
                private readonly IChatClient _chat;
                public Reporter(IChatClient chat) => _chat = chat;
                public async Task Fill(ReportView view)
                {
                    view.Summary = (await _chat.GetResponseAsync("summarize")).Text;
                    view.Title = "Weekly report";
                }
            }
            """),
        ("Store.cs", """
            using Microsoft.Data.Sqlite;
            public static class ReportStore
            {
                public static void Save(ReportView view, SqliteCommand command)
                {
                    command.CommandText = [|"INSERT INTO Reports VALUES ('" + view.Summary + "')"|];
                    command.CommandText = "INSERT INTO Titles VALUES ('" + view.Title + "')";
                }
            }
            """),
    });

    [Fact]
    public Task Object_initializer_assigns_model_output_to_a_dto() => Verify.VerifyAsync(new[]
    {
        ("Service.cs", """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public sealed class Suggestion { public string Filter { get; init; } = ""; public string Label { get; init; } = ""; }
            public sealed class Suggester(IChatClient chat)
            {
                public async Task<Suggestion> Next() => new Suggestion { Filter = (await chat.GetResponseAsync("filter?")).Text, Label = "AI" };
            }
            """),
        ("Store.cs", """
            using Microsoft.Data.Sqlite;
            public static class SuggestionStore
            {
                public static void Apply(Suggestion suggestion, SqliteCommand command)
                {
                    command.CommandText = [|"SELECT * FROM T WHERE " + suggestion.Filter|];
                    command.CommandText = "SELECT * FROM T WHERE Label = '" + suggestion.Label + "'";
                }
            }
            """),
    });
    /// <summary>
    /// A self-correcting executor asks the model again with what it was given and runs the new SQL: that SQL is the
    /// model's and is flagged where it is run. The caller's intent only went into the prompt, so the call that passes
    /// it is not a second finding (the parameter reaches SQL only through a model call). The model output given to Run is
    /// reported at the call and at Run's SQL.
    /// </summary>
    [Fact]
    public Task Parameter_that_reaches_sql_only_through_a_model_call() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        public sealed class SelfCorrectingExecutor(IChatClient chat, SqliteConnection db)
        {
            public async Task<int> RetryAsync(string failedSql, string intent)
            {
                var fixedSql = (await chat.GetResponseAsync("The query failed: " + failedSql + ". Intent: " + intent)).Text;
                using var command = db.CreateCommand();
                command.CommandText = [|fixedSql|];
                return command.ExecuteNonQuery();
            }

            public int Run(string sql)
            {
                using var command = db.CreateCommand();
                command.CommandText = [|sql|];
                return command.ExecuteNonQuery();
            }
        }
        public static class Orchestrator
        {
            public static async Task Answer(IChatClient chat, SelfCorrectingExecutor executor, string question)
            {
                var intent = (await chat.GetResponseAsync("Classify: " + question)).Text;
                await executor.RetryAsync("SELECT 1", intent);
                executor.Run([|intent|]);
            }
        }
        """);

    /// <summary>
    /// The message type lives in another project of the solution (an abstractions library, no strong name): a planner
    /// here stores the model's function-call arguments in its FunctionArgs, so a function that deserializes them and runs
    /// the statements runs the model's SQL (reported at the call; the data-access service calls no AI API, so the
    /// analyzers do not look into its body for the sink end). The message's Name, only ever given constants here, is not
    /// model output.
    /// </summary>
    [Fact]
    public Task Model_output_stored_in_a_message_type_of_another_project() => Verify.VerifyWithReferencesAsync("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Abstractions;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        public sealed class QueryArgs { public string[] SqlStatements { get; set; } = []; }
        public sealed class SqlExecuteService
        {
            public async Task<IEnumerable<dynamic>> Run(string connectionString, string[] statements)
            {
                using var connection = new SqliteConnection(connectionString);
                return await connection.QueryAsync(string.Join(";", statements), new Dictionary<string, object>());
            }
            public async Task<IEnumerable<dynamic>> RunNamed(string connectionString, string table)
            {
                using var connection = new SqliteConnection(connectionString);
                return await connection.QueryAsync("SELECT * FROM " + table);
            }
        }
        public sealed class Planner
        {
            public async Task<RoleDialogModel> NextAsync(IChatClient chat)
            {
                var response = await chat.GetResponseAsync("next step");
                var call = response.Messages[0].Contents.OfType<FunctionCallContent>().First();
                return new RoleDialogModel { Name = "execute_sql", FunctionArgs = JsonSerializer.Serialize(call.Arguments) };
            }
        }
        public sealed class ExecuteQueryFn(SqlExecuteService service)
        {
            public async Task<int> Execute(RoleDialogModel message, string dbType)
            {
                var args = JsonSerializer.Deserialize<QueryArgs>(message.FunctionArgs) ?? new();
                var results = await (dbType switch
                {
                    "sqlite" => service.Run("Data Source=app.db", [|args.SqlStatements|]),
                    _ => throw new System.NotSupportedException(dbType),
                });
                var named = await service.RunNamed("Data Source=app.db", message.Name);
                return results.Count() + named.Count();
            }
        }
        """,
        Verification.TestCompilation.ReferencedProject("Abstractions", """
            namespace Abstractions;
            public sealed class RoleDialogModel { public string Name { get; set; } = ""; public string FunctionArgs { get; set; } = ""; }
            """));

    /// <summary>
    /// Both sides of `||` are false in its false branch: a side whose failure is the allowlist guards it
    /// (`!Allowed.Contains(c) || ...`), a side that passes there does not (`Allowed.Contains(c) || ...` runs `c` exactly
    /// when it is not allowed).
    /// </summary>
    [Fact]
    public Task A_check_guards_the_branch_of_an_alternative_where_it_holds() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        static class Sorting
        {
            static readonly HashSet<string> Allowed = new() { "Name", "Created" };
            public static async Task Run(IChatClient chat, SqliteCommand command)
            {
                var c = (await chat.GetResponseAsync("column?")).Text;
                if (Allowed.Contains(c) || c.Length > 64) command.CommandText = "SELECT * FROM T ORDER BY Name";
                else command.CommandText = [|"SELECT * FROM T ORDER BY " + c|];
                if (!Allowed.Contains(c) || c.Length > 64) command.CommandText = "SELECT * FROM T ORDER BY Name";
                else command.CommandText = "SELECT * FROM T ORDER BY " + c;
            }
        }
        """);
}
