using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Command = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToCommandAnalyzer>;
using Prompt = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnvalidatedModelInputAnalyzer>;
using Sql = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToSqlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Taint;

/// <summary>
/// The audit level (<c>aithreatgate.audit_rules</c>): in members that use an AI SDK, a sink of an output rule whose
/// value is not proven constant or sanitized is reported at suggestion severity, marked "[audit]", even when no known
/// source reaches it; off by default and per rule.
/// </summary>
public sealed class AuditLevelTests
{
    // A SQL filter of unknown origin (here a parameter of a method that also calls the model): no known source.
    private const string UnknownOrigin = """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class Reports
        {
            async Task<string> Run(ChatClient chat, SqliteCommand command, string filter)
            {
                command.CommandText = [|"SELECT * FROM Tickets WHERE " + filter|];
                ChatCompletion summary = await chat.CompleteChatAsync("Summarize the tickets");
                return summary.Content[0].Text;
            }
        }
        """;

    [Fact]
    public Task Off_by_default_an_unknown_origin_is_not_reported() => Sql.VerifyAsync(UnknownOrigin.Replace("[|", string.Empty).Replace("|]", string.Empty));

    [Fact]
    public Task Turned_on_for_the_rule_an_unknown_origin_is_reported() => Sql.VerifyAsync(UnknownOrigin, "aithreatgate.audit_rules = AITG010");

    [Fact]
    public async Task An_audit_finding_is_a_suggestion_marked_audit_and_a_known_source_keeps_its_warning()
    {
        var diagnostics = await Sql.RunAsync(
            new AiThreatGate.Analyzers.Rules.LlmOutputToSqlAnalyzer(),
            new[]
            {
                ("/0/Test0.cs", """
                using System.Threading.Tasks;
                using Microsoft.Data.Sqlite;
                using OpenAI.Chat;
                class Reports
                {
                    async Task Run(ChatClient chat, SqliteCommand unknown, SqliteCommand fromModel, string filter)
                    {
                        unknown.CommandText = "SELECT * FROM Tickets WHERE " + filter;
                        ChatCompletion answer = await chat.CompleteChatAsync("Write a filter");
                        fromModel.CommandText = "SELECT * FROM Tickets WHERE " + answer.Content[0].Text;
                    }
                }
                """),
            },
            "aithreatgate.audit_rules = all");

        Assert.Equal(2, diagnostics.Length);
        var audit = Assert.Single(diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("[audit]"));
        Assert.Equal(DiagnosticSeverity.Info, audit.Severity);
        Assert.Equal(8, audit.Location.GetLineSpan().StartLinePosition.Line + 1);
        var known = Assert.Single(diagnostics, d => !d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("[audit]"));
        Assert.Equal(DiagnosticSeverity.Warning, known.Severity);
        Assert.Contains("ChatClient.CompleteChatAsync", known.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Constants_sanitized_values_numbers_and_allowlisted_values_are_not_reported() => Sql.VerifyAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        namespace Contoso { static class Sql { public static string Clean(string s) => s; } }
        class Reports
        {
            const string Table = "Tickets";
            static readonly HashSet<string> Columns = new() { "Id", "Title" };
            async Task Run(ChatClient chat, SqliteCommand a, SqliteCommand b, SqliteCommand c, SqliteCommand d, SqliteCommand e, string filter, string column, int top)
            {
                ChatCompletion summary = await chat.CompleteChatAsync("Summarize the tickets");
                a.CommandText = "SELECT * FROM " + Table + " WHERE Open = 1";
                b.CommandText = "SELECT * FROM Tickets WHERE " + Contoso.Sql.Clean(filter);
                c.CommandText = $"SELECT TOP {top} * FROM Tickets";
                if (Columns.Contains(column))
                {
                    d.CommandText = "SELECT " + column + " FROM Tickets";
                }

                e.CommandText = "SELECT * FROM Tickets WHERE Title = @title";
                e.Parameters.AddWithValue("@title", filter);
            }
        }
        """,
        "aithreatgate.audit_rules = AITG010\naithreatgate.llm_output_sanitizers = Contoso.Sql.Clean");

    [Fact]
    public Task The_level_is_per_rule() => Command.VerifyAsync(
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        class Tools
        {
            async Task Run(ChatClient chat, string script)
            {
                Process.Start("bash", "-c " + script);
                ChatCompletion summary = await chat.CompleteChatAsync("Summarize");
            }
        }
        """,
        "aithreatgate.audit_rules = AITG010");

    [Fact]
    public Task All_turns_it_on_for_every_output_rule() => Command.VerifyAsync(
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        class Tools
        {
            async Task Run(ChatClient chat, string script)
            {
                Process.Start("bash", [|"-c " + script|]);
                ChatCompletion summary = await chat.CompleteChatAsync("Summarize");
            }
        }
        """,
        "aithreatgate.audit_rules = all");

    [Fact]
    public Task Members_that_do_not_touch_an_AI_SDK_are_not_audited() => Sql.VerifyAsync(
        """
        using Microsoft.Data.Sqlite;
        using OpenAI.Chat;
        class Reports
        {
            void Run(SqliteCommand command, string filter) => command.CommandText = "SELECT * FROM Tickets WHERE " + filter;
        }
        class Assistant
        {
            ChatClient? Chat { get; set; }
        }
        """,
        "aithreatgate.audit_rules = all");

    [Fact]
    public Task Prompt_rules_have_no_audit_level() => Prompt.VerifyAsync(
        """
        using System.Threading.Tasks;
        using OpenAI.Chat;
        class Assistant
        {
            async Task<string> Ask(ChatClient chat, string question)
            {
                ChatCompletion answer = await chat.CompleteChatAsync(question);
                return answer.Content[0].Text;
            }
        }
        """,
        "aithreatgate.audit_rules = all");
}
