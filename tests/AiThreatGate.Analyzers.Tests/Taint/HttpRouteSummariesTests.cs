using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using AiThreatGate.Analyzers.Taint;
using AiThreatGate.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Taint;

/// <summary>
/// Client/server splits: an endpoint of the application's own HTTP API returning model output (summarized as a route)
/// and the <c>HttpClient</c> call of another project that requests it; and an endpoint reaching the model through a
/// service library of another project, which needs rate limiting all the same.
/// </summary>
public sealed class HttpRouteSummariesTests
{
    [Theory]
    [InlineData("POST", "api/chat", "POST", "/api/chat", true)]
    [InlineData("POST", "https://assistant.contoso.com/api/chat?stream=false", "POST", "/api/chat", true)]
    [InlineData("GET", "api/summary/\u0001", "GET", "/api/Summary/{id}", true)]
    [InlineData("GET", "api/files/a/b/c", "GET", "/api/files/{**path}", true)]
    [InlineData("GET", "api/chat", "POST", "/api/chat", false)]
    [InlineData("POST", "api/chat/history", "POST", "/api/chat", false)]
    [InlineData("GET", "api/health", "GET", "/api/{id}/health", false)]
    [InlineData("GET", "\u0001", "GET", "/{id}", false)]
    [InlineData("PUT", "api/chat", "*", "/api/chat", true)]
    public void A_request_reaches_the_routes_it_names(string method, string url, string serverMethod, string template, bool reaches) =>
        Assert.Equal(reaches, HttpRoute.Request(method, url).Reaches(HttpRoute.Template(serverMethod, template)));

    [Fact]
    public void A_server_summarizes_the_routes_whose_responses_carry_model_output()
    {
        var server = CSharpCompilation.Create(
            "Contoso.Api",
            new[] { CSharpSyntaxTree.ParseText("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.AI;

                public static class Endpoints
                {
                    public static void Map(WebApplication app)
                    {
                        var api = app.MapGroup("/api");
                        api.MapPost("/chat", async (Question question, IChatClient chat) => Results.Ok(new Answer((await chat.GetResponseAsync(question.Text)).Text)));
                        api.MapGet("/health", () => "ok");
                        app.MapPost("/api/echo", (Question question) => question.Text);
                    }
                }

                public sealed record Question(string Text);
                public sealed record Answer(string Text);

                [ApiController]
                [Route("api/[controller]")]
                public sealed class SummaryController : ControllerBase
                {
                    private readonly IChatClient _chat;
                    public SummaryController(IChatClient chat) => _chat = chat;

                    [HttpGet("{id}")]
                    public async Task<string> Get(int id) => (await _chat.GetResponseAsync("Summarize ticket " + id)).Text;

                    [HttpGet("count")]
                    public int Count() => 3;
                }
                """, TestCompilation.ParseOptions, path: "/src/Contoso.Api/Endpoints.cs") },
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        TestCompilation.AssertCompiles(server);

        var routes = SolutionSummaries.Compute(server, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), _ => null, CancellationToken.None)
            .Where(e => e.Symbol.StartsWith("R:", StringComparison.Ordinal)).Select(e => e.Symbol).OrderBy(s => s, StringComparer.Ordinal);

        Assert.Equal(new[] { "R:GET:/api/Summary/{id}", "R:POST:/api/chat" }, routes);
    }

    [Fact]
    public async Task A_client_reading_a_route_that_returns_model_output_reads_model_output()
    {
        const string Summaries = """
            source llm-output R:POST:/api/chat at Contoso.Api/Program.cs:7 -- POST /api/chat returns IChatClient.GetResponseAsync
            source llm-output R:GET:/api/Summary/{id} at Contoso.Api/Program.cs:22 -- GET /api/Summary/{id} returns IChatClient.GetResponseAsync
            """;
        var test = new AitgAnalyzerTest<LlmOutputToSqlAnalyzer>();
        test.Configure(new[] { ("/src/Contoso.Client/Assistant.cs", """
            using System.Data;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;

            public sealed record Answer(string Text);

            public sealed class Assistant
            {
                private readonly HttpClient _http;
                public Assistant(HttpClient http) => _http = http;

                public async Task StoreAnswer(string question, IDbCommand command)
                {
                    var response = await _http.PostAsJsonAsync("api/chat", new { Text = question });
                    var answer = await response.Content.ReadFromJsonAsync<Answer>();
                    command.CommandText = [|"INSERT INTO Answers VALUES ('" + answer!.Text + "')"|];
                }

                public async Task StoreSummary(int id, IDbCommand command) =>
                    command.CommandText = [|"UPDATE Tickets SET Summary = '" + await _http.GetStringAsync($"api/summary/{id}") + "'"|];

                public async Task StoreHealth(IDbCommand command) =>
                    command.CommandText = "INSERT INTO Health VALUES ('" + await _http.GetStringAsync("api/health") + "')";

                public async Task StoreHistory(IDbCommand command) =>
                    command.CommandText = "INSERT INTO History VALUES ('" + await _http.GetStringAsync("api/chat") + "')";
            }
            """) }, null);
        test.TestState.AdditionalFiles.Add(("/src/" + FlowSummaryFile.FileName, SourceText.From(Summaries)));
        await test.RunAsync();
    }

    [Fact]
    public async Task An_endpoint_reaching_the_model_through_another_projects_service_needs_rate_limiting()
    {
        var library = TestCompilation.ReferencedProject("Contoso.Ai", """
            using System.Threading.Tasks;
            namespace Contoso.Ai;
            public interface IChatService { Task<string> AskAsync(string question); }
            """);
        var test = new AitgAnalyzerTest<InferenceEndpointRateLimitAnalyzer>();
        test.Configure(new[] { ("/src/Contoso.Api/Program.cs", """
            using Contoso.Ai;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    [|app.MapPost("/api/chat", async (string question, IChatService chat) => await chat.AskAsync(question))|];
                    app.MapPost("/api/limited", async (string question, IChatService chat) => await chat.AskAsync(question)).RequireRateLimiting("per-user");
                }
            }
            """) }, null);
        test.TestState.AdditionalReferences.Add(library);
        test.TestState.AdditionalFiles.Add(("/src/" + FlowSummaryFile.FileName, SourceText.From("source llm-output M:Contoso.Ai.IChatService.AskAsync(System.String)\n")));
        await test.RunAsync();
    }
}
