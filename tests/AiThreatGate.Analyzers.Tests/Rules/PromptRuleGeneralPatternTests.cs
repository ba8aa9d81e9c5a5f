using System.Threading.Tasks;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>Shapes seen in real applications that the per-rule cases do not spell out, across the AITG020–026 rules.</summary>
public sealed class PromptRuleGeneralPatternTests
{
    [Fact]
    public Task Record_dto_from_the_body_formatted_into_instructions() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UntrustedInputInInstructionsAnalyzer>.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using OpenAI.Chat;
            var app = WebApplication.Create();
            app.MapPost("/chat", ([FromBody] ChatRequest request) => new SystemChatMessage([|string.Format("You are {0}.", request.Persona)|]));
            app.Run();
            public sealed record ChatRequest(string Persona, string Question);
            """);

    [Fact]
    public Task Razor_page_handler_sends_the_question_unvalidated() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UnvalidatedModelInputAnalyzer>.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.Extensions.AI;
            public sealed class AskModel : PageModel
            {
                private readonly IChatClient _chat;
                public AskModel(IChatClient chat) => _chat = chat;
                public string Answer { get; private set; } = "";
                public async Task OnPostAsync(string question) => Answer = (await _chat.GetResponseAsync([|question|])).Text;
            }
            """);

    [Fact]
    public Task Record_dto_with_property_annotations_under_api_controller_is_validated() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UnvalidatedModelInputAnalyzer>.VerifyAsync("""
            using System.ComponentModel.DataAnnotations;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;
            public sealed record AskRequest([property: StringLength(2000)] string Question);
            [ApiController]
            [Route("ask")]
            public sealed class AskController : ControllerBase
            {
                [HttpPost]
                public async Task<string> Ask(AskRequest request, [FromServices] IChatClient chat) => (await chat.GetResponseAsync(request.Question)).Text;
            }
            """);

    [Fact]
    public Task Group_chained_with_rate_limiting_before_map() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.InferenceEndpointRateLimitAnalyzer>.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;
            var app = WebApplication.Create();
            app.MapGroup("/ai").RequireRateLimiting("ai").MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
            [|app.MapGroup("/open").MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text)|];
            app.Run();
            """);

    [Fact]
    public Task Target_typed_options_with_a_limit() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UnboundedOutputTokensAnalyzer>.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using OpenAI.Chat;
            static class C
            {
                public static Task Limited(ChatClient chat, List<ChatMessage> messages) => chat.CompleteChatAsync(messages, new() { MaxOutputTokenCount = 100 });
                public static Task Unlimited(ChatClient chat, List<ChatMessage> messages) => [|chat.CompleteChatAsync(messages, new() { Temperature = 0 })|];
            }
            """);

    [Fact]
    public Task Retrieved_documents_as_a_template_argument() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.ExternalContentInPromptAnalyzer>.VerifyAsync("""
            using System.Text;
            using System.Threading.Tasks;
            using Microsoft.Extensions.VectorData;
            using Microsoft.SemanticKernel;
            public sealed class Doc { public string Content { get; set; } = ""; }
            static class Rag
            {
                public static async Task<FunctionResult> Ask(Kernel kernel, VectorStoreCollection<string, Doc> docs, string question)
                {
                    var context = new StringBuilder();
                    await foreach (var hit in docs.SearchAsync(question, 5)) context.AppendLine(hit.Record.Content);
                    return await kernel.InvokePromptAsync("Answer {{$question}} from {{$context}}", new() { ["question"] = question, ["context"] = [|context.ToString()|] });
                }
            }
            """);

    [Fact]
    public Task Plugin_registered_by_type_with_auto_invocation_in_settings() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UnapprovedDangerousToolAnalyzer>.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;
            public sealed class NotesPlugin
            {
                [KernelFunction("save_note")]
                public async Task [|SaveAsync|](string title, string text) => await File.WriteAllTextAsync(Path.Combine("notes", Path.GetFileName(title)), text);
            }
            static class Chat
            {
                public static Task<FunctionResult> Run(Kernel kernel, string question)
                {
                    kernel.ImportPluginFromType<NotesPlugin>();
                    var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
                    return kernel.InvokePromptAsync(question, new KernelArguments(settings));
                }
            }
            """);

    [Fact]
    public Task Tool_reaching_a_write_through_a_repository_interface() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UnapprovedDangerousToolAnalyzer>.VerifyAsync("""
            using Microsoft.Data.Sqlite;
            using Microsoft.Extensions.AI;
            public interface IOrders { void Cancel(int id); }
            public sealed class SqliteOrders : IOrders
            {
                private readonly SqliteConnection _db;
                public SqliteOrders(SqliteConnection db) => _db = db;
                public void Cancel(int id)
                {
                    using var command = _db.CreateCommand();
                    command.CommandText = "UPDATE Orders SET Cancelled = 1 WHERE Id = $id";
                    command.Parameters.AddWithValue("$id", id);
                    command.ExecuteNonQuery();
                }
            }
            static class Tools
            {
                public static AIFunction Cancel(IOrders orders) => [|AIFunctionFactory.Create((int id) => orders.Cancel(id), "cancel_order")|];
                public static IChatClient Build(IChatClient inner) => inner.AsBuilder().UseFunctionInvocation().Build();
            }
            """);

    [Fact]
    public Task Uploaded_file_text_sent_to_the_model() =>
        Verification.AnalyzerVerifier<Analyzers.Rules.UnvalidatedModelInputAnalyzer>.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;
            public sealed class SummaryController : ControllerBase
            {
                [HttpPost]
                public async Task<string> Summarize(IFormFile file, [FromServices] IChatClient chat)
                {
                    using var reader = new StreamReader(file.OpenReadStream());
                    var text = await reader.ReadToEndAsync();
                    return (await chat.GetResponseAsync([|"Summarize:\n" + text|])).Text;
                }
            }
            """);
}
