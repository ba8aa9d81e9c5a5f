using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToSqlAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG010 on the Azure.AI.OpenAI 1.0 beta API (<c>OpenAIClient.GetChatCompletionsAsync</c>), compiled against the real 1.0.0-beta.6.</summary>
public sealed partial class LlmOutputToSqlAnalyzerTests
{
    public static TheoryData<string> FlaggedOnAzureOpenAIBeta => new()
    {
        // A chat completion's message content appended to a WHERE clause.
        """
        using System;
        using System.Threading.Tasks;
        using Azure;
        using Azure.AI.OpenAI;
        using Microsoft.Data.Sqlite;
        public sealed class ReportService
        {
            private readonly OpenAIClient _client;
            private readonly SqliteConnection _connection;
            public ReportService(OpenAIClient client, SqliteConnection connection) { _client = client; _connection = connection; }
            public async Task<long> CountAsync(string question)
            {
                var options = new ChatCompletionsOptions { MaxTokens = 400 };
                options.Messages.Add(new ChatMessage(ChatRole.System, "Translate the question into a SQLite WHERE clause over Orders."));
                options.Messages.Add(new ChatMessage(ChatRole.User, question));
                Response<ChatCompletions> response = await _client.GetChatCompletionsAsync("gpt-35-turbo", options);
                string filter = response.Value.Choices[0].Message.Content;
                using var command = _connection.CreateCommand();
                command.CommandText = [|"SELECT COUNT(*) FROM Orders WHERE " + filter|];
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }
        }
        """,
        // A legacy text completion (synchronous) executed with Dapper.
        """
        using Azure.AI.OpenAI;
        using Dapper;
        using Microsoft.Data.Sqlite;
        static class Cleanup
        {
            public static int Run(OpenAIClient client, SqliteConnection connection)
            {
                var completions = client.GetCompletions("text-davinci-003", new CompletionsOptions { Prompts = { "Write a DELETE for sessions older than a week." }, MaxTokens = 200 });
                return connection.Execute([|completions.Value.Choices[0].Text|]);
            }
        }
        """,
        // Streamed chat choices gathered with await foreach.
        """
        using System.Text;
        using System.Threading.Tasks;
        using Azure;
        using Azure.AI.OpenAI;
        using Dapper;
        using Microsoft.Data.Sqlite;
        static class StreamedQuery
        {
            public static async Task RunAsync(OpenAIClient client, SqliteConnection connection, ChatCompletionsOptions options)
            {
                Response<StreamingChatCompletions> response = await client.GetChatCompletionsStreamingAsync("gpt-4", options);
                using StreamingChatCompletions streaming = response.Value;
                var sql = new StringBuilder();
                await foreach (StreamingChatChoice choice in streaming.GetChoicesStreaming())
                {
                    await foreach (ChatMessage message in choice.GetMessageStreaming())
                    {
                        sql.Append(message.Content);
                    }
                }

                await connection.ExecuteAsync([|sql.ToString()|]);
            }
        }
        """,
    };

    public static TheoryData<string> NotFlaggedOnAzureOpenAIBeta => new()
    {
        // The answer stored as a parameter value; only the number of choices reaches the SQL text.
        """
        using System.Threading.Tasks;
        using Azure.AI.OpenAI;
        using Microsoft.Data.Sqlite;
        static class AnswerLog
        {
            public static async Task SaveAsync(OpenAIClient client, SqliteConnection connection, string question)
            {
                var options = new ChatCompletionsOptions { MaxTokens = 400, Messages = { new ChatMessage(ChatRole.User, question) } };
                ChatCompletions completions = (await client.GetChatCompletionsAsync("gpt-35-turbo", options)).Value;
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO Answers (Text, Choices) VALUES ($text, " + completions.Choices.Count + ")";
                command.Parameters.AddWithValue("$text", completions.Choices[0].Message.Content);
                await command.ExecuteNonQueryAsync();
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(FlaggedOnAzureOpenAIBeta))]
    public Task Flags_azure_openai_beta_output_in_sql_text(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);

    [Theory]
    [MemberData(nameof(NotFlaggedOnAzureOpenAIBeta))]
    public Task Ignores_azure_openai_beta_output_passed_as_a_parameter(string source) => Verify.VerifyOnAzureOpenAIBetaAsync(source);
}
