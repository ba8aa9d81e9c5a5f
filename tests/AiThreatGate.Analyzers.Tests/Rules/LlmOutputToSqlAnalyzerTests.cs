using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToSqlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG010 against the real OpenAI, Microsoft.Extensions.AI, Anthropic, Microsoft.Data.Sqlite and Dapper packages.</summary>
public sealed partial class LlmOutputToSqlAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // OpenAI completion text concatenated into CommandText.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            async Task Run(ChatClient chat, SqliteCommand command, string question)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("Write a SQL filter for: " + question);
                command.CommandText = [|"SELECT * FROM Tickets WHERE " + completion.Content[0].Text|];
            }
        }
        """,
        // Microsoft.Extensions.AI response text interpolated into a Dapper query.
        """
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteConnection connection)
            {
                var response = await chat.GetResponseAsync("Which table holds invoices?");
                var rows = connection.Query<string>([|$"SELECT Name FROM {response.Text}"|]);
            }
        }
        """,
        // Through ClientResult<T>.Value and a command constructor (lambda).
        """
        using System;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            Func<string, SqliteCommand> Build(ChatClient chat, SqliteConnection connection) => question =>
            {
                var result = chat.CompleteChat(question);
                var sql = result.Value.Content[0].Text;
                return new SqliteCommand([|sql|], connection);
            };
        }
        """,
        // Streaming updates gathered with await foreach and StringBuilder (top-level statements).
        """
        using System.Text;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        using var connection = new SqliteConnection("Data Source=:memory:");
        var sql = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync("Write a DELETE for stale rows"))
        {
            sql.Append(update.Text);
        }
        connection.Execute([|sql.ToString()|]);
        """,
        // Through LINQ over the response messages (local function).
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command)
            {
                await Apply();
                async Task Apply()
                {
                    var response = await chat.GetResponseAsync("filter?");
                    var filter = response.Messages.Select(m => m.Text).First(t => t.Length > 0);
                    command.CommandText = [|"SELECT * FROM T WHERE " + filter|];
                }
            }
        }
        """,
        // HTML encoding is the wrong context: still SQL injection.
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            async Task Run(ChatClient chat, SqliteCommand command)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("name?");
                var name = WebUtility.HtmlEncode(completion.Content[0].Text);
                command.CommandText = [|$"SELECT * FROM Users WHERE Name = '{name}'"|];
            }
        }
        """,
        // A tool parameter the model fills in.
        """
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        class TicketTools
        {
            private readonly SqliteConnection _connection = new("Data Source=tickets.db");
            [KernelFunction]
            public int CountTickets(string whereClause) => _connection.ExecuteScalar<int>([|"SELECT COUNT(*) FROM Tickets WHERE " + whereClause|]);
        }
        """,
        // Anthropic message text.
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Microsoft.Data.Sqlite;
        class C
        {
            async Task Run(AnthropicClient client, SqliteCommand command, MessageCreateParams request)
            {
                var message = await client.Messages.Create(request);
                var text = message.Content.Select(block => block.TryPickText(out var t) ? t.Text : "").First();
                command.CommandText = [|text|];
            }
        }
        """,
        // A field set from model output in one method and used in another (partial class).
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        partial class Report
        {
            private string _filter = "1 = 1";
            public async Task PlanAsync(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("filter for overdue invoices");
                _filter = completion.Content[0].Text;
            }
        }
        partial class Report
        {
            public void Run(SqliteCommand command) => command.CommandText = [|"SELECT * FROM Invoices WHERE " + _filter|];
        }
        """,
        // A value switched on but passed through unchanged in the default arm.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var column = (await chat.GetResponseAsync("sort by?")).Text;
                var order = column switch { "date" => "CreatedAt", _ => column };
                command.CommandText = [|"SELECT * FROM T ORDER BY " + order|];
            }
        }
        """,
        // Model output handed back through an out parameter of the application's own TryGet helper.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            static bool TryGetFilter(ChatResponse response, out string filter)
            {
                filter = response.Text.Trim();
                return filter.Length > 0;
            }

            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var response = await chat.GetResponseAsync("Write a SQL filter");
                if (TryGetFilter(response, out var filter))
                {
                    command.CommandText = [|"SELECT * FROM Tickets WHERE " + filter|];
                }
            }
        }
        """,
        // SQL parsed from the completion's JSON goes through a private helper to a data service that runs it: reported
        // where the model output is in view, at the helper's call, and where the helper hands it to the data service
        // (the last step in AI-related code; no rule looks into the data service).
        """
        using System.Data;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        public sealed class AIQuery { public string summary { get; set; } = ""; public string query { get; set; } = ""; }
        public static class DataService
        {
            public static DataTable GetDataTable(string sql)
            {
                using var connection = new SqliteConnection("Data Source=app.db");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                var table = new DataTable();
                table.Load(command.ExecuteReader());
                return table;
            }

            public static int ExecuteCommand(string sql)
            {
                using var connection = new SqliteConnection("Data Source=app.db");
                connection.Open();
                using var command = new SqliteCommand(sql, connection);
                return command.ExecuteNonQuery();
            }
        }
        public sealed class ChatterController(IChatClient chat)
        {
            public async Task<DataTable?> Ask(string question)
            {
                string completion = await GetCompletion(question);
                var res = JsonSerializer.Deserialize<AIQuery>(completion)!;
                if (string.IsNullOrEmpty(res.query)) return null;
                return ExecuteSqlQuery([|res.query|]);
            }

            private async Task<string> GetCompletion(string prompt) => (await chat.GetResponseAsync(prompt)).Text.Replace("```json", "").Replace("```", "");

            private DataTable? ExecuteSqlQuery(string query)
            {
                query = query.Trim().ToUpper();
                if (query.StartsWith("SELECT")) return DataService.GetDataTable([|query|]);
                if (query.StartsWith("INSERT") || query.StartsWith("UPDATE")) DataService.ExecuteCommand([|query|]);
                return null;
            }
        }
        """,
        // A repository behind an interface sets the text it is given: reported at the call and in the implementation.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        interface IQueryRunner { void Execute(string sql); }
        sealed class SqliteQueryRunner(SqliteConnection connection) : IQueryRunner
        {
            public void Execute(string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = [|sql|];
                command.ExecuteNonQuery();
            }
        }
        class C
        {
            async Task Run(IChatClient chat, IQueryRunner runner) => runner.Execute([|(await chat.GetResponseAsync("sql")).Text|]);
        }
        """,
        // SQL parsed from a prompt function's result, carried by a record, run by an executor that only checks it contains SELECT.
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        public record SqlQueryResult(string Schema, string Query);
        static class FunctionResultExtensions
        {
            public static string ParseValue(this FunctionResult result, string label)
            {
                var text = (result.GetValue<string>() ?? string.Empty).Trim('`', '"');
                return text.StartsWith(label) ? text.Substring(label.Length + 1).Trim() : text;
            }
        }
        public sealed class SqlQueryGenerator(Kernel kernel, KernelFunction generate)
        {
            public async Task<SqlQueryResult?> SolveObjectiveAsync(string objective)
            {
                var result = await generate.InvokeAsync(kernel, new KernelArguments { ["objective"] = objective });
                return new SqlQueryResult("sales", result.ParseValue("sql"));
            }
        }
        public sealed class SqlCommandExecutor(string connectionString)
        {
            public async Task<List<string>> ExecuteAsync(string sql)
            {
                var rows = new List<string>();
                if (sql.IndexOf("SELECT") == -1) return rows;
                using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = await command.ExecuteReaderAsync();
                while (reader.Read()) rows.Add(reader.GetString(0));
                return rows;
            }
        }
        static class Program
        {
            static async Task Run(SqlQueryGenerator generator, string question)
            {
                var result = await generator.SolveObjectiveAsync(question);
                if (result == null) return;
                var executor = new SqlCommandExecutor("Data Source=sales.db");
                await executor.ExecuteAsync([|result.Query|]);
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // The caller only lets known queries through before the implementation behind the interface runs them.
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        interface IQueryRunner { void Execute(string sql); }
        sealed class SqliteQueryRunner(SqliteConnection connection) : IQueryRunner
        {
            public void Execute(string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
        class C
        {
            static readonly HashSet<string> Known = new() { "SELECT COUNT(*) FROM Orders" };
            async Task Run(IChatClient chat, IQueryRunner runner)
            {
                var sql = (await chat.GetResponseAsync("sql")).Text;
                if (!Known.Contains(sql)) return;
                runner.Execute(sql);
                runner.Execute("DELETE FROM Sessions WHERE Expired = 1");
            }
        }
        """,
        // The private helper is given model output only as a parameter value; its SQL text is constant or schema.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteConnection connection)
            {
                Find(connection, (await chat.GetResponseAsync("name")).Text);
                Count(connection, "Orders");
            }
            private static void Find(SqliteConnection connection, string name)
            {
                using var command = new SqliteCommand("SELECT * FROM Customers WHERE Name = $name", connection);
                command.Parameters.AddWithValue("$name", name);
                command.ExecuteReader();
            }
            private static void Count(SqliteConnection connection, string table)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM " + table;
                command.ExecuteScalar();
            }
        }
        """,
        // A helper that ignores the model output it is given and returns a constant.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            static string OrderClause(string modelHint) => "ORDER BY Created DESC";

            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var hint = (await chat.GetResponseAsync("How should tickets be sorted?")).Text;
                command.CommandText = "SELECT * FROM Tickets " + OrderClause(hint);
            }
        }
        """,
        // Converted to a number.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            async Task Run(ChatClient chat, SqliteCommand command)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("How many rows?");
                var limit = int.Parse(completion.Content[0].Text);
                command.CommandText = $"SELECT * FROM T LIMIT {limit}";
            }
        }
        """,
        // Passed as a parameter.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var response = await chat.GetResponseAsync("category?");
                command.CommandText = "SELECT * FROM Tickets WHERE Category = @category";
                command.Parameters.AddWithValue("@category", response.Text);
            }
        }
        """,
        // Dapper's parameter object.
        """
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteConnection connection)
            {
                var response = await chat.GetResponseAsync("name?");
                var rows = connection.Query<string>("SELECT Name FROM Users WHERE Name = @name", new { name = response.Text });
            }
        }
        """,
        // An allowlist that throws before the SQL.
        """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            private static readonly HashSet<string> Tables = new() { "Tickets", "Invoices" };
            async Task Run(ChatClient chat, SqliteCommand command)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("table?");
                var table = completion.Content[0].Text.Trim();
                if (!Tables.Contains(table)) throw new InvalidOperationException("unexpected table");
                command.CommandText = "SELECT * FROM " + table;
            }
        }
        """,
        // A switch that maps to constants only.
        """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var answer = (await chat.GetResponseAsync("sort by?")).Text;
                var order = answer switch { "date" => "CreatedAt", "name" => "Name", _ => "Id" };
                command.CommandText = "SELECT * FROM T ORDER BY " + order;
            }
        }
        """,
        // An anchored constant pattern guards the identifier.
        """
        using System;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            async Task Run(ChatClient chat, SqliteCommand command)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("column?");
                var column = completion.Content[0].Text;
                if (!Regex.IsMatch(column, "^[A-Za-z_]{1,30}$")) return;
                command.CommandText = "SELECT " + column + " FROM T";
            }
        }
        """,
        // A validator marked with the attribute.
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class SqlGuard { [LlmOutputValidator] public static string SafeFilter(string text) => text; }
        class C
        {
            async Task Run(IChatClient chat, SqliteCommand command)
            {
                var response = await chat.GetResponseAsync("filter?");
                command.CommandText = "SELECT * FROM T WHERE " + SqlGuard.SafeFilter(response.Text);
            }
        }
        """,
        // Parsed to an enum.
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        enum Status { Open, Closed }
        class C
        {
            async Task Run(ChatClient chat, SqliteCommand command)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("status?");
                if (!Enum.TryParse<Status>(completion.Content[0].Text, out var status)) return;
                command.CommandText = $"SELECT * FROM Tickets WHERE Status = '{status}'";
            }
        }
        """,
        // Model output that goes nowhere near SQL.
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat) => Console.WriteLine((await chat.GetResponseAsync("hi")).Text);
        }
        """,
        // User input (not model output) into SQL is another rule's concern.
        """
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class C
        {
            void Run(SqliteCommand command, string userFilter, ChatClient unused) => command.CommandText = "SELECT * FROM T WHERE " + userFilter;
        }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        class Generated
        {
            async Task Run(IChatClient chat, SqliteCommand command) => command.CommandText = (await chat.GetResponseAsync("sql")).Text;
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_output_in_sql_text(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_parameters_conversions_allowlists_and_validators(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Helper_in_another_file_that_returns_model_output() => Verify.VerifyAsync(new[]
    {
        ("/0/Planner.cs", """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public sealed class Planner
            {
                private readonly IChatClient _chat;
                public Planner(IChatClient chat) => _chat = chat;
                public async Task<string> FilterAsync(string question) => (await _chat.GetResponseAsync(question)).Text.Trim();
            }
            """),
        ("/0/Reports.cs", """
            using System.Threading.Tasks;
            using Microsoft.Data.Sqlite;
            class Reports
            {
                async Task Run(Planner planner, SqliteCommand command)
                {
                    var filter = await planner.FilterAsync("overdue invoices");
                    command.CommandText = [|"SELECT * FROM Invoices WHERE " + filter|];
                }
            }
            """),
    });

    // The SDK type is named only through a global using alias declared in another file.
    [Fact]
    public Task Sdk_client_named_through_a_global_using_alias() => Verify.VerifyAsync(new[]
    {
        ("/0/Usings.cs", "global using Claude = Anthropic.AnthropicClient;"),
        ("/0/Reports.cs", """
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.Data.Sqlite;
            class Reports
            {
                async Task Run(Claude claude, SqliteCommand command, Anthropic.Models.Messages.MessageCreateParams request)
                {
                    var message = await claude.Messages.Create(request);
                    command.CommandText = [|message.Content.Select(b => b.TryPickText(out var t) ? t.Text : "").First()|];
                }
            }
            """),
    });

    // A record's positional parameter holds the client; the member using it names no SDK type itself.
    [Fact]
    public Task Client_held_by_a_primary_constructor_parameter() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.AI;
        sealed class Reports(IChatClient chat)
        {
            private async Task<string> Ask(string q) => (await chat.GetResponseAsync(q)).Text;
            public async Task Run(SqliteCommand command) => command.CommandText = [|await Ask("overdue")|];
        }
        """);

    [Fact]
    public Task Interface_implemented_in_the_compilation() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        interface ISqlWriter { Task<string> WriteAsync(string question); }
        sealed class LlmSqlWriter : ISqlWriter
        {
            private readonly ChatClient _chat;
            public LlmSqlWriter(ChatClient chat) => _chat = chat;
            public async Task<string> WriteAsync(string question)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync(question);
                return completion.Content[0].Text;
            }
        }
        class C
        {
            async Task Run(ISqlWriter writer, SqliteCommand command) => command.CommandText = [|await writer.WriteAsync("top customers")|];
        }
        """);

    [Fact]
    public Task Configured_sources_and_sanitizers() => Verify.VerifyAsync(
        """
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        namespace Contoso { static class Llm { public static string Ask(string q) => q; } static class Sql { public static string Clean(string s) => s; } }
        class C
        {
            void Run(SqliteCommand a, SqliteCommand b, ChatClient unused)
            {
                a.CommandText = [|"SELECT * FROM T WHERE " + Contoso.Llm.Ask("filter")|];
                b.CommandText = "SELECT * FROM T WHERE " + Contoso.Sql.Clean(Contoso.Llm.Ask("filter"));
            }
        }
        """,
        "aithreatgate.llm_output_sources = Contoso.Llm.Ask\naithreatgate.llm_output_sanitizers = Contoso.Sql.Clean");

    // The sink calls Level1, which calls Level2 ... down to the method that calls the model: one summary per level.
    private const string HelperChain = """
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class Helpers
        {
            private readonly ChatClient _chat;
            public Helpers(ChatClient chat) => _chat = chat;
            public string Level5(string q) => _chat.CompleteChat(q).Value.Content[0].Text;
            public string Level4(string q) => Level5(q).TrimEnd();
            public string Level3(string q) => Level4(q).Trim();
            public string Level2(string q) => "(" + Level3(q) + ")";
            public string Level1(string q) => Level2(q);
        }
        class C
        {
            void Run(Helpers helpers, SqliteCommand near, SqliteCommand far)
            {
                near.CommandText = {|AITG010:"SELECT * FROM T WHERE " + helpers.Level2("filter")|};
                far.CommandText = FAR;
            }
        }
        """;

    [Fact]
    public Task Helper_chains_are_followed_four_summaries_deep_by_default() => Verify.VerifyAsync(
        HelperChain.Replace("FAR", "\"SELECT * FROM T WHERE \" + helpers.Level1(\"filter\")"));

    [Theory]
    [InlineData("5")]
    [InlineData(" 10 ")]
    [InlineData("99")]
    public Task A_deeper_limit_follows_longer_chains(string depth) => Verify.VerifyAsync(
        HelperChain.Replace("FAR", "{|AITG010:\"SELECT * FROM T WHERE \" + helpers.Level1(\"filter\")|}"),
        "aithreatgate.llm_output_max_depth = " + depth);

    [Theory]
    [InlineData("deep")]
    [InlineData("-1")]
    [InlineData("")]
    public Task An_unreadable_limit_keeps_the_default(string depth) => Verify.VerifyAsync(
        HelperChain.Replace("FAR", "\"SELECT * FROM T WHERE \" + helpers.Level1(\"filter\")"),
        "aithreatgate.llm_output_max_depth = " + depth);

    [Fact]
    public Task Model_output_passed_to_a_helper_in_another_file_that_builds_the_sql() => Verify.VerifyAsync(
        new[]
        {
            ("/0/Repository.cs", """
                using System.Collections.Generic;
                using Microsoft.Data.Sqlite;
                static class Repository
                {
                    private static readonly HashSet<string> Columns = new() { "Name", "Created" };
                    public static void Filter(SqliteCommand command, string filter) => command.CommandText = "SELECT * FROM T WHERE " + filter;
                    public static void Parameterized(SqliteCommand command, string filter)
                    {
                        command.CommandText = "SELECT * FROM T WHERE Name = $name";
                        command.Parameters.AddWithValue("$name", filter);
                    }
                    public static void Sorted(SqliteCommand command, string column)
                    {
                        if (!Columns.Contains(column)) throw new System.ArgumentException(column);
                        command.CommandText = "SELECT * FROM T ORDER BY " + column;
                    }
                    public static int Length(string text) => text.Length;
                }
                """),
            ("/0/Assistant.cs", """
                using Microsoft.Data.Sqlite;
                using OpenAI.Chat;
                class Assistant
                {
                    void Run(ChatClient chat, SqliteCommand command, string question)
                    {
                        var answer = chat.CompleteChat(question).Value.Content[0].Text;
                        Repository.Filter(command, {|AITG010:answer|});
                        Repository.Filter(command, question);
                        Repository.Parameterized(command, answer);
                        Repository.Sorted(command, answer);
                        Repository.Length(answer);
                        Repository.Filter(command, int.Parse(answer).ToString());
                    }
                }
                """),
        });

    [Fact]
    public Task Model_output_passed_through_helper_chains_and_constructors_that_build_the_sql() => Verify.VerifyAsync(
        new[]
        {
            ("/0/Queries.cs", """
                using Microsoft.Data.Sqlite;
                static class Sql
                {
                    public static void Where(SqliteCommand command, string filter) => command.CommandText = "SELECT * FROM T WHERE " + filter;
                    public static void Safe(SqliteCommand command, string filter) => command.Parameters.AddWithValue("$f", filter);
                }
                static class Level1 { public static void Find(SqliteCommand c, string f) => Level2.Find(c, f.Trim()); }
                static class Level2 { public static void Find(SqliteCommand c, string f) => Level3.Find(c, "(" + f + ")"); }
                static class Level3 { public static void Find(SqliteCommand c, string f) => Sql.Where(c, f); }
                static class TooDeep { public static void Find(SqliteCommand c, string f) => Level1.Find(c, f); }
                static class Checked { public static void Find(SqliteCommand c, string f) => Level2.Find(c, int.Parse(f).ToString()); }
                static class Parameterized { public static void Find(SqliteCommand c, string f) => Sql.Safe(c, f); }
                sealed class ReportQuery
                {
                    public ReportQuery(SqliteCommand command, string filter) => command.CommandText = "SELECT * FROM Reports WHERE " + filter;
                }
                sealed class SafeQuery
                {
                    private readonly string _filter;
                    public SafeQuery(string filter) => _filter = filter.Length.ToString();
                }
                """),
            ("/0/Assistant.cs", """
                using Microsoft.Data.Sqlite;
                using OpenAI.Chat;
                class Assistant
                {
                    void Run(ChatClient chat, SqliteCommand command)
                    {
                        var answer = chat.CompleteChat("filter?").Value.Content[0].Text;
                        Level2.Find(command, {|AITG010:answer|}); // Level2 -> Level3 -> Sql.Where: three summaries
                        Level1.Find(command, {|AITG010:answer|}); // four summaries: the default depth
                        TooDeep.Find(command, answer); // five summaries: one more than the default depth
                        Checked.Find(command, answer);
                        Parameterized.Find(command, answer);
                        _ = new ReportQuery(command, {|AITG010:answer|});
                        _ = new SafeQuery(answer);
                    }
                }
                """),
        });
    // SqlChatter's shape: the action hands the answer to a private helper of the controller, which passes it to a
    // data-access class no AI code lives in (no rule looks into it). The flow's two ends are the action's call and the
    // helper's call, the last step in AI-related code; a constant query or a parameterized lookup is no finding.
    [Fact]
    public Task Call_that_hands_model_output_from_ai_code_to_a_data_access_class_is_reported() => Verify.VerifyAsync(
        new[]
        {
            ("/0/DataService.cs", """
                using Microsoft.Data.Sqlite;
                static class DataService
                {
                    public static void RunSql(SqliteCommand command, string query)
                    {
                        command.CommandText = query;
                        command.ExecuteNonQuery();
                    }
                    public static void Lookup(SqliteCommand command, string name)
                    {
                        command.CommandText = "SELECT * FROM T WHERE Name = $name";
                        command.Parameters.AddWithValue("$name", name);
                    }
                }
                """),
            ("/0/ChatController.cs", """
                using Microsoft.Data.Sqlite;
                using OpenAI.Chat;
                // The answer's JSON shape: a property named like the helper's parameter, which the helper writes
                // (`query = query.Trim()`: a parameter, so it makes no member named query AI-related).
                public sealed class AiQuery { public string query { get; set; } = ""; }
                class ChatController
                {
                    private readonly ChatClient _chat;
                    private readonly SqliteCommand _command;
                    public ChatController(ChatClient chat, SqliteCommand command) { _chat = chat; _command = command; }
                    public void Ask(string question)
                    {
                        var sql = _chat.CompleteChat(question).Value.Content[0].Text;
                        Execute({|AITG010:sql|});
                        Report("SELECT COUNT(*) FROM T");
                        Find(sql);
                    }
                    private void Execute(string query)
                    {
                        query = query.Trim();
                        if (query.StartsWith("SELECT"))
                        {
                            DataService.RunSql(_command, {|AITG010:query|});
                        }
                    }
                    private void Report(string query) => DataService.RunSql(_command, query);
                    private void Find(string name) => DataService.Lookup(_command, name);
                }
                """),
        });

    [Fact]
    public Task Membership_of_an_array_or_list_is_an_allowlist_but_a_substring_is_not() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        static class Tables
        {
            private static readonly string[] Known = { "orders", "customers" };
            private static readonly List<string> Columns = new() { "name", "price" };
            public static string ByIndex(string candidate) => Array.IndexOf(Known, candidate) >= 0 ? candidate : "orders";
            public static string ByExists(string candidate) => Array.Exists(Known, k => k == candidate) ? candidate : "orders";
            public static string ByList(string candidate) => Columns.IndexOf(candidate) < 0 ? "name" : candidate;
            public static string BySubstring(string candidate) => candidate.IndexOf("orders", StringComparison.Ordinal) >= 0 ? candidate : "orders";
        }
        class C
        {
            void Run(ChatClient chat, SqliteCommand command)
            {
                var answer = chat.CompleteChat("table?").Value.Content[0].Text;
                command.CommandText = "SELECT * FROM " + Tables.ByIndex(answer);
                command.CommandText = "SELECT * FROM " + Tables.ByExists(answer);
                command.CommandText = "SELECT * FROM T ORDER BY " + Tables.ByList(answer);
                command.CommandText = {|AITG010:"SELECT * FROM " + Tables.BySubstring(answer)|};
                if (Array.IndexOf(new[] { "a", "b" }, answer) >= 0)
                {
                    command.CommandText = "SELECT * FROM " + answer;
                }
            }
        }
        """);
}
