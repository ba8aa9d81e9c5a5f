using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnvalidatedModelInputAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG021 against the real ASP.NET Core, OpenAI, Microsoft.Extensions.AI, Anthropic and FluentValidation packages (ML.NET, ONNX Runtime, Semantic Kernel, OllamaSharp, LLamaSharp stubbed).</summary>
public sealed partial class UnvalidatedModelInputAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Minimal-API parameter straight into a chat call.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", async (string question, IChatClient chat) => (await chat.GetResponseAsync([|question|])).Text);
        app.Run();
        """,
        // Controller action parameter as an OpenAI user message (implicit string-to-message conversion).
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class ChatController : Controller
        {
            private readonly ChatClient _chat;
            public ChatController(ChatClient chat) => _chat = chat;
            [HttpPost]
            public async Task<string> Ask(string question)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync([|question|]);
                return completion.Content[0].Text;
            }
        }
        """,
        // A DTO with no validation attributes, its property sent as a user message.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskDto { public string Question { get; set; } = ""; }
        [ApiController]
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask(AskDto request) => new UserChatMessage([|request.Question|]);
        }
        """,
        // Annotated DTO but nothing enforces the annotations (no [ApiController], no ModelState check).
        """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskDto { [StringLength(500)] public string Question { get; set; } = ""; }
        public sealed class AskController : Controller
        {
            [HttpPost]
            public ChatMessage Ask(AskDto request) => ChatMessage.CreateUserMessage([|request.Question|]);
        }
        """,
        // The request body read by hand into an ML.NET prediction.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        public sealed class Review { public string Text { get; set; } = ""; }
        public sealed class Sentiment { public bool Positive { get; set; } }
        static class Scoring
        {
            public static async Task<Sentiment> Score(HttpRequest request, PredictionEngine<Review, Sentiment> engine)
            {
                var review = await request.ReadFromJsonAsync<Review>();
                return engine.Predict([|review|]!);
            }
        }
        """,
        // A query value into a Semantic Kernel user message.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.SemanticKernel.ChatCompletion;
        static class History
        {
            public static ChatHistory Build(HttpContext context)
            {
                var history = new ChatHistory("You answer billing questions.");
                history.AddUserMessage([|context.Request.Query["q"].ToString()|]);
                return history;
            }
        }
        """,
        // A SignalR hub parameter streamed to a local LLamaSharp model.
        """
        using System.Collections.Generic;
        using LLama.Abstractions;
        using Microsoft.AspNetCore.SignalR;
        public sealed class LocalHub : Hub
        {
            private readonly ILLamaExecutor _executor;
            public LocalHub(ILLamaExecutor executor) => _executor = executor;
            public IAsyncEnumerable<string> Chat(string message) => _executor.InferAsync([|message|]);
        }
        """,
        // A template argument taken from the form.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.SemanticKernel;
        static class Arguments
        {
            public static KernelArguments For(HttpRequest request) => new KernelArguments { ["input"] = [|request.Form["text"].ToString()|] };
        }
        """,
        // A length check that does not guard the call (it only logs).
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask(string question)
            {
                if (question.Length > 2000) Console.WriteLine("long question");
                return new UserChatMessage([|question|]);
            }
        }
        """,
        // Anthropic user message from a bound property of a Razor page.
        """
        using Anthropic.Models.Messages;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        public sealed class AskModel : PageModel
        {
            [BindProperty] public string Question { get; set; } = "";
            public MessageParam Message() => new UserMessageParam([|Question|]);
        }
        """,
        // Through a helper method that builds the prompt from its parameter (in another class): reported at the call and in the helper.
        """
        using Microsoft.AspNetCore.Mvc;
        using OllamaSharp.Models;
        static class Requests { public static GenerateRequest For(string text) => new GenerateRequest { Model = "llama3", Prompt = [|"Summarize: " + text|] }; }
        public sealed class SummaryController : ControllerBase
        {
            [HttpPost]
            public GenerateRequest Summarize(string text) => Requests.For([|text|]);
        }
        """,
        // An ONNX Runtime session run on tensors built from request data.
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;
        public sealed class Features { public float[] Values { get; set; } = []; }
        public sealed class ScoreController : ControllerBase
        {
            private readonly InferenceSession _session;
            public ScoreController(InferenceSession session) => _session = session;
            [HttpPost]
            public void Score([FromBody] Features features)
            {
                var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(features.Values, new[] { 1, features.Values.Length })) };
                _session.Run([|inputs|]);
            }
        }
        """,
        // Template arguments in the real Semantic Kernel: indexer and Add are declared on the base type,
        // Microsoft.Extensions.AI.AIFunctionArguments, so the receiver's type makes them prompt arguments.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.SemanticKernel;
        static class Arguments
        {
            public static KernelArguments Indexer(HttpRequest request)
            {
                var arguments = new KernelArguments();
                arguments["input"] = [|request.Query["q"].ToString()|];
                return arguments;
            }

            public static KernelArguments Added(HttpRequest request)
            {
                var arguments = new KernelArguments();
                arguments.Add("input", [|request.Query["q"].ToString()|]);
                return arguments;
            }

            public static KernelArguments Initialized(HttpRequest request) => new() { { "input", [|request.Query["q"].ToString()|] } };
        }
        """,
        // An ML.NET model's Transform called on the TransformerChain that Fit returns (it implements ITransformer).
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        public sealed class Review { public string Text { get; set; } = ""; }
        static class Scoring
        {
            public static IDataView Score(HttpRequest request, MLContext ml, TransformerChain<ITransformer> model)
            {
                var data = ml.Data.LoadFromEnumerable(new[] { new Review { Text = request.Query["q"].ToString() } });
                return model.Transform([|data|]);
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // A relational pattern bounds the length before the question reaches the model.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskController : ControllerBase
        {
            [HttpPost("ask")]
            public IActionResult Ask([FromBody] string question)
            {
                if (question.Length is 0 or > 500) return BadRequest();
                return Ok(new UserChatMessage(question));
            }
        }
        """,
        // Tool-call arguments of Microsoft.Extensions.AI (the base of KernelArguments) are not a prompt.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            public static AIFunctionArguments For(HttpRequest request)
            {
                var arguments = new AIFunctionArguments();
                arguments["path"] = request.Query["path"].ToString();
                arguments.Add("mode", request.Query["mode"].ToString());
                return arguments;
            }
        }
        """,
        // [ApiController] with a [StringLength] DTO property.
        """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskDto { [StringLength(500)] public string Question { get; set; } = ""; }
        [ApiController]
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask(AskDto request) => new UserChatMessage(request.Question);
        }
        """,
        // [MaxLength] on the parameter, enforced by a ModelState check.
        """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskController : Controller
        {
            [HttpPost]
            public ActionResult<string> Ask([MaxLength(1000)] string question)
            {
                if (!ModelState.IsValid) return BadRequest(ModelState);
                return new UserChatMessage(question).Content[0].Text;
            }
        }
        """,
        // A dominating length check that rejects long input.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", async (string question, IChatClient chat) =>
        {
            if (string.IsNullOrWhiteSpace(question) || question.Length > 2000) return Results.BadRequest();
            return Results.Ok((await chat.GetResponseAsync(question)).Text);
        });
        app.Run();
        """,
        // A FluentValidation validator run before the call.
        """
        using System.Threading.Tasks;
        using FluentValidation;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskDto { public string Question { get; set; } = ""; }
        public sealed class AskValidator : AbstractValidator<AskDto> { public AskValidator() => RuleFor(x => x.Question).MaximumLength(500); }
        public sealed class AskController : ControllerBase
        {
            private readonly IValidator<AskDto> _validator;
            public AskController(IValidator<AskDto> validator) => _validator = validator;
            [HttpPost]
            public async Task<IActionResult> Ask(AskDto request)
            {
                var result = await _validator.ValidateAsync(request);
                if (!result.IsValid) return BadRequest(result.Errors);
                return Ok(new UserChatMessage(request.Question));
            }
        }
        """,
        // FluentValidation's ValidateAndThrow as a guard statement.
        """
        using FluentValidation;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskDto { public string Question { get; set; } = ""; }
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask(AskDto request, [FromServices] IValidator<AskDto> validator)
            {
                validator.ValidateAndThrow(request);
                return new UserChatMessage(request.Question);
            }
        }
        """,
        // Truncated to a maximum length.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask(string question) => new UserChatMessage(question[..System.Math.Min(question.Length, 1000)]);
        }
        """,
        // A range check guarding a numeric-text feature sent to ML.NET.
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;
        public sealed class Review { public string Text { get; set; } = ""; }
        public sealed class Sentiment { public bool Positive { get; set; } }
        public sealed class ScoreController : ControllerBase
        {
            [HttpPost]
            public ActionResult<Sentiment> Score(string text, [FromServices] PredictionEngine<Review, Sentiment> engine)
            {
                if (text.Length is 0 || text.Length > 280) return BadRequest();
                return engine.Predict(new Review { Text = text });
            }
        }
        """,
        // .NET 10 minimal-API validation registered, with an annotated parameter.
        """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddValidation();
        var app = builder.Build();
        app.MapPost("/ask", async ([StringLength(1000)] string question, IChatClient chat) => (await chat.GetResponseAsync(question)).Text);
        app.Run();
        """,
        // Constant prompts and numbers only.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class FactsController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Fact(int topic) => new UserChatMessage($"Tell me fact number {topic}.");
        }
        """,
        // An input validator method.
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        sealed class InputValidatorAttribute : Attribute { }
        static class Input { [InputValidator] public static string Checked(string text) => text.Length <= 500 ? text : throw new ArgumentException("too long"); }
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask(string question) => new UserChatMessage(Input.Checked(question));
        }
        """,
        // System.ComponentModel.DataAnnotations.Validator run by hand.
        """
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class AskDto { [StringLength(500)] public string Question { get; set; } = ""; }
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ActionResult<string> Ask(AskDto request)
            {
                if (!Validator.TryValidateObject(request, new ValidationContext(request), new List<ValidationResult>(), true)) return BadRequest();
                return new UserChatMessage(request.Question).Content[0].Text;
            }
        }
        """,
        // A value from services, not from the request.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapGet("/daily", async (IChatClient chat) => (await chat.GetResponseAsync("Give me today's tip.")).Text);
        app.Run();
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_unvalidated_input_reaching_prompts_and_models(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_validated_checked_truncated_and_constant_input(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Assembly_level_api_controller_enforces_annotations() => Verify.VerifyAsync("""
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        [assembly: ApiController]
        public sealed class AskController : ControllerBase
        {
            [HttpPost]
            public ChatMessage Ask([StringLength(200)] string question) => new UserChatMessage(question);
            [HttpPost]
            public ChatMessage Both([StringLength(200)] string question, string context) => new UserChatMessage([|question + context|]);
        }
        """);

    // LLamaSharp: a service builds the user message (ChatHistory.Message with AuthorRole.User) from what the action
    // passes it; the flow is reported at its two ends, the action's argument (where the input enters the helper) and
    // the message the service builds. A length check in the service is validation.
    [Fact]
    public Task LLamaSharp_user_message_built_by_a_service_is_reported_at_the_action_and_at_the_message() => Verify.VerifyAsync("""
        using System;
        using System.Threading.Tasks;
        using LLama;
        using LLama.Common;
        using Microsoft.AspNetCore.Mvc;
        public sealed class PromptInput { public string Text { get; set; } = ""; }
        public sealed class SessionChatService
        {
            private readonly ChatSession _session;
            public SessionChatService(ChatSession session) => _session = session;
            public async Task<string> Send(PromptInput input)
            {
                var result = "";
                await foreach (var token in _session.ChatAsync(new ChatHistory.Message(AuthorRole.User, [|input.Text|]), new InferenceParams()))
                {
                    result += token;
                }

                return result;
            }

            public async Task<string> SendChecked(PromptInput input)
            {
                if (input.Text.Length > 2000)
                {
                    throw new ArgumentException("Too long", nameof(input));
                }

                var result = "";
                await foreach (var token in _session.ChatAsync(new ChatHistory.Message(AuthorRole.User, input.Text), new InferenceParams()))
                {
                    result += token;
                }

                return result;
            }
        }
        public sealed class ChatController : ControllerBase
        {
            [HttpPost("send")]
            public Task<string> Send([FromBody] PromptInput input, [FromServices] SessionChatService service) => service.Send([|input|]);
            [HttpPost("checked")]
            public Task<string> SendChecked([FromBody] PromptInput input, [FromServices] SessionChatService service) => service.SendChecked(input);
        }
        """);

    // The sink end of a flow through a service: the message is reported when one action passes the request text
    // unchecked, and stays clean when every action that calls the service checks the length first (the actions'
    // checks guard their own calls only; a conditional guards the branch where the limit holds, not the other one).
    [Fact]
    public Task Service_message_is_reported_when_one_caller_passes_unchecked_request_text() => Verify.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class Prompts
        {
            public ChatMessage Question(string text) => new UserChatMessage([|"Question: " + text|]);
            public ChatMessage Feedback(string text) => new UserChatMessage("Feedback: " + text);
        }
        public sealed class AskController(Prompts prompts) : ControllerBase
        {
            [HttpPost("checked")]
            public IActionResult Checked(string text)
            {
                if (text.Length > 500) return BadRequest();
                return Ok(prompts.Question(text));
            }
            [HttpPost("unchecked")]
            public IActionResult Unchecked(string text) => Ok(prompts.Question([|text|]));
            [HttpPost("inverted")]
            public IActionResult Inverted(string text) => text.Length > 500 ? Ok(prompts.Question([|text|])) : BadRequest();
            [HttpPost("feedback")]
            public IActionResult Feedback(string text)
            {
                if (text.Length > 500) return BadRequest();
                return Ok(prompts.Feedback(text));
            }
            [HttpPost("feedback2")]
            public IActionResult FeedbackAgain(string text) => text.Length > 500 ? BadRequest() : Ok(prompts.Feedback(text));
        }
        """);

    // Two helpers deep: the action gives the question to a service, which gives it to a history store that adds it
    // as the user message of a Semantic Kernel ChatHistory.
    [Fact]
    public Task User_message_added_two_helpers_away_is_reported_at_the_action_and_at_the_message() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class ChatRequest { public string Input { get; set; } = ""; public string SessionId { get; set; } = ""; }
        public sealed class HistoryStore
        {
            public Task AddAsync(ChatHistory history, string role, string content)
            {
                if (role == "user")
                {
                    history.AddUserMessage([|content|]);
                }
                else
                {
                    history.AddAssistantMessage(content);
                }

                return Task.CompletedTask;
            }
        }
        public sealed class ChatService(Kernel kernel, ChatHistory history, HistoryStore store)
        {
            public async Task<string> GetResponseAsync(string question)
            {
                await store.AddAsync(history, "user", question);
                var reply = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history);
                return reply.Content ?? "";
            }
        }
        [ApiController]
        public sealed class ChatController(ChatService chatService) : ControllerBase
        {
            [HttpPost]
            public async Task<string> Post([FromBody] ChatRequest request)
            {
                string input = request.Input;
                return await chatService.GetResponseAsync([|input|]);
            }
        }
        """);

    // Turns of a request record declared in a referenced project become chat messages through a projection; cutting
    // each turn to a maximum length is validation.
    [Fact]
    public Task Turns_of_a_referenced_project_request_projected_into_messages() => Verify.VerifyWithReferencesAsync("""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Contracts;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        public static class AssistantEndpoints
        {
            public static void MapAssistant(this WebApplication app)
            {
                app.MapPost("/api/assistant", ReplyAsync);
                app.MapPost("/api/assistant/short", ReplyShortAsync);
            }

            private static async Task<string> ReplyAsync(AssistantRequest request, IChatClient chat)
            {
                var messages = new List<ChatMessage> { new(ChatRole.System, "You help support agents.") };
                messages.AddRange(request.Turns.Select(m => new ChatMessage(m.IsAssistant ? ChatRole.Assistant : ChatRole.User, [|m.Text|])));
                return (await chat.GetResponseAsync(messages)).Text;
            }

            private static async Task<string> ReplyShortAsync(AssistantRequest request, IChatClient chat)
            {
                var messages = new List<ChatMessage> { new(ChatRole.System, "You help support agents.") };
                messages.AddRange(request.Turns.Select(m => new ChatMessage(ChatRole.User, m.Text[..Math.Min(m.Text.Length, 2000)])));
                return (await chat.GetResponseAsync(messages)).Text;
            }
        }
        """,
        UntrustedInputInInstructionsAnalyzerTests.ContractsProject);
}
