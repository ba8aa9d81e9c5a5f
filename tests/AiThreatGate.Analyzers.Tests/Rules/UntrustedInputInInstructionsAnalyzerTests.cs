using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UntrustedInputInInstructionsAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG020 against the real ASP.NET Core, OpenAI, Microsoft.Extensions.AI and Anthropic packages (Semantic Kernel, OllamaSharp, gRPC stubbed).</summary>
public sealed partial class UntrustedInputInInstructionsAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Minimal-API handler parameter interpolated into a Microsoft.Extensions.AI system message.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", async (string persona, string question, IChatClient chat) =>
            (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, [|$"You are {persona}. Answer briefly."|]), new ChatMessage(ChatRole.User, question) })).Text);
        app.Run();
        """,
        // Controller action parameter concatenated into an OpenAI system message.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class SupportController : ControllerBase
        {
            private readonly ChatClient _chat;
            public SupportController(ChatClient chat) => _chat = chat;
            [HttpPost("support")]
            public async Task<string> Ask(string product, string question)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync(new SystemChatMessage([|"You support the product " + product|]), new UserChatMessage(question));
                return completion.Content[0].Text;
            }
        }
        """,
        // A query-string read assigned to ChatOptions.Instructions.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        static class Endpoint
        {
            public static ChatOptions Options(HttpRequest request) => new ChatOptions { Instructions = [|"Reply in " + request.Query["language"]|] };
        }
        """,
        // A [BindProperty] member of a Razor page placed in Semantic Kernel system instructions.
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class ChatModel : PageModel
        {
            [BindProperty] public string Tone { get; set; } = "";
            public ChatHistory History { get; } = new();
            public void OnPost() => History.AddSystemMessage([|$"Use a {Tone} tone."|]);
        }
        """,
        // A SignalR hub method parameter used as prompt-template text.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.SignalR;
        using Microsoft.SemanticKernel;
        public sealed class AssistantHub : Hub
        {
            private readonly Kernel _kernel;
            public AssistantHub(Kernel kernel) => _kernel = kernel;
            public async Task<string> Summarize(string text) => (await _kernel.InvokePromptAsync([|$"Summarize: {text}"|])).ToString();
        }
        """,
        // A header value in Anthropic's system prompt.
        """
        using Anthropic.Models.Messages;
        using Microsoft.AspNetCore.Http;
        static class Claude
        {
            public static MessageCreateParams Build(HttpRequest request) => new()
            {
                MaxTokens = 512,
                Model = "claude-sonnet-4-5",
                Messages = [new UserMessageParam("Hello")],
                System = [|"Customer tier: " + request.Headers["X-Tier"]|],
            };
        }
        """,
        // A gRPC request message in an OpenAI system message.
        """
        using System.Threading.Tasks;
        using Grpc.Core;
        using OpenAI.Chat;
        public sealed class AskRequest { public string Topic { get; set; } = ""; }
        public sealed class AskReply { public string Text { get; set; } = ""; }
        [BindServiceMethod(typeof(AskerBase), "BindService")]
        public abstract class AskerBase { public virtual Task<AskReply> Ask(AskRequest request, ServerCallContext context) => throw null!; }
        public sealed class AskerService : AskerBase
        {
            private readonly ChatClient _chat;
            public AskerService(ChatClient chat) => _chat = chat;
            public override async Task<AskReply> Ask(AskRequest request, ServerCallContext context)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync(ChatMessage.CreateSystemMessage([|"Only discuss " + request.Topic|]), "Go");
                return new AskReply { Text = completion.Content[0].Text };
            }
        }
        """,
        // A method passed by name as a minimal-API handler, feeding OllamaSharp's system prompt.
        """
        using Microsoft.AspNetCore.Builder;
        using OllamaSharp.Models;
        var app = WebApplication.Create();
        app.MapGet("/generate", Handlers.Generate);
        app.Run();
        static class Handlers
        {
            public static GenerateRequest Generate(string style) => new GenerateRequest { Model = "llama3", Prompt = "Write a haiku", System = [|"Write in the style of " + style|] };
        }
        """,
        // Built with a StringBuilder and string.Format into a prompt template config.
        """
        using System.Text;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel;
        public sealed class TemplatesController : ControllerBase
        {
            [HttpPost]
            public PromptTemplateConfig Create([FromBody] string audience)
            {
                var template = new StringBuilder("You write for ");
                template.Append(string.Format("{0} readers. {{{{$input}}}}", audience));
                return new PromptTemplateConfig { Template = [|template.ToString()|] };
            }
        }
        """,
        // A route value into Semantic Kernel's ChatSystemPrompt setting.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        static class Settings
        {
            public static OpenAIPromptExecutionSettings For(HttpContext context) => new() { ChatSystemPrompt = [|$"Department: {context.Request.RouteValues["dept"]}"|] };
        }
        """,
        // A role argument that selects the system role (ChatHistory.AddMessage).
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class HistoryController : ControllerBase
        {
            [HttpPost]
            public ChatHistory Start(string rules)
            {
                var history = new ChatHistory();
                history.AddMessage(AuthorRole.System, [|"Rules: " + rules|]);
                return history;
            }
        }
        """,
        // The whole instruction text from the request, through a local and a ternary.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Persona(string? custom)
            {
                var instructions = custom is null ? "You are helpful." : custom;
        #pragma warning disable OPENAI001
                return new DeveloperChatMessage([|instructions|]);
        #pragma warning restore OPENAI001
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // The input goes in a user-role message; the instructions are constant.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", async (string question, IChatClient chat) =>
            (await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, "You answer questions about invoices."), new ChatMessage(ChatRole.User, question) })).Text);
        app.Run();
        """,
        // The input is a template argument of a constant template (encoded by Semantic Kernel).
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel;
        public sealed class SummaryController : ControllerBase
        {
            private readonly Kernel _kernel;
            public SummaryController(Kernel kernel) => _kernel = kernel;
            [HttpPost]
            public async Task<string> Summarize(string text) => (await _kernel.InvokePromptAsync("Summarize: {{$input}}", new KernelArguments { ["input"] = text })).ToString();
        }
        """,
        // An allowlist guard before use.
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            private static readonly HashSet<string> Personas = new() { "pirate", "teacher" };
            [HttpGet]
            public ActionResult<string> Persona(string persona)
            {
                if (!Personas.Contains(persona)) return BadRequest();
                return new SystemChatMessage("You are a " + persona).Content[0].Text;
            }
        }
        """,
        // A switch mapping the input to constants.
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        static class Tone
        {
            public static ChatOptions Options(HttpRequest request)
            {
                var tone = request.Query["tone"].ToString() switch { "formal" => "Be formal.", _ => "Be friendly." };
                return new ChatOptions { Instructions = tone };
            }
        }
        """,
        // A parameter bound from services, not from the request.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PromptSettings { public string System { get; set; } = ""; }
        public sealed class ConfigController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Instructions([FromServices] PromptSettings settings) => new SystemChatMessage(settings.System);
        }
        """,
        // A number cannot carry instructions.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class LevelController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Level(int grade) => new SystemChatMessage($"Explain at grade {grade} level.");
        }
        """,
        // A public method of a class that is not an endpoint.
        """
        using OpenAI.Chat;
        public sealed class PromptLibrary
        {
            public ChatMessage For(string product) => new SystemChatMessage("You support " + product);
        }
        """,
        // A configured input validator.
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        sealed class InputValidatorAttribute : Attribute { }
        static class Personas { [InputValidator] public static string Known(string value) => value; }
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Persona(string persona) => new SystemChatMessage("You are " + Personas.Known(persona));
        }
        """,
        // A non-action method of a controller.
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class HelperController : ControllerBase
        {
            [NonAction]
            public ChatMessage Instructions(string product) => new SystemChatMessage("You support " + product);
            private ChatMessage Other(string product) => new SystemChatMessage("You support " + product);
        }
        """,
        // Input in Semantic Kernel's user message; the history starts from constant instructions.
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class HistoryController : ControllerBase
        {
            [HttpPost]
            public ChatHistory Start(string question)
            {
                var history = new ChatHistory("You answer billing questions.");
                history.AddMessage(AuthorRole.User, question);
                history.AddUserMessage(question);
                return history;
            }
        }
        """,
        // Anthropic: the input is a user message; the system prompt is constant.
        """
        using Anthropic.Models.Messages;
        using Microsoft.AspNetCore.Mvc;
        public sealed class ClaudeController : ControllerBase
        {
            [HttpPost]
            public MessageCreateParams Build(string question) => new()
            {
                MaxTokens = 512,
                Model = "claude-sonnet-4-5",
                Messages = [new UserMessageParam(question)],
                System = "You answer questions about the product.",
            };
        }
        """,
        // Text from configuration, not from the caller.
        """
        using Microsoft.Extensions.Configuration;
        using Microsoft.SemanticKernel.ChatCompletion;
        static class History
        {
            public static ChatHistory Create(IConfiguration configuration) => new ChatHistory(configuration["Assistant:Instructions"]!);
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_untrusted_input_in_instructions_and_templates(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_user_messages_template_arguments_allowlists_and_services(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Input_passed_to_a_helper_in_another_file_that_builds_the_instructions() => Verify.VerifyAsync(new[]
    {
        ("/0/Prompts.cs", """
            using OpenAI.Chat;
            public static class Prompts
            {
                public static ChatMessage Instructions(string product) => new SystemChatMessage([|"You support " + product + ". Be concise."|]);
            }
            """),
        ("/0/SupportController.cs", """
            using Microsoft.AspNetCore.Mvc;
            using OpenAI.Chat;
            public sealed class SupportController : ControllerBase
            {
                [HttpGet]
                public ChatMessage Get(string product) => Prompts.Instructions([|product|]);
            }
            """),
    });

    [Fact]
    public Task Input_from_a_helper_that_reads_the_request() => Verify.VerifyAsync(new[]
    {
        ("/0/RequestText.cs", """
            using Microsoft.AspNetCore.Http;
            public static class RequestText
            {
                public static string Persona(HttpRequest request) => request.Query["persona"].ToString().Trim();
            }
            """),
        ("/0/Instructions.cs", """
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.AI;
            public static class Instructions
            {
                public static ChatMessage For(HttpRequest request) => new ChatMessage(ChatRole.System, [|"Persona: " + RequestText.Persona(request)|]);
            }
            """),
    });

    // The request chooses each message's role: a caller can send a system message.
    [Fact]
    public Task Role_chosen_by_the_request_makes_the_text_instructions() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed record MessageDto(string Role, string Content);
        public sealed class ChatController : ControllerBase
        {
            [HttpPost("chat")]
            public List<ChatMessage> Post([FromBody] List<MessageDto> messages)
            {
                var history = new List<ChatMessage>();
                foreach (var m in messages)
                {
                    history.Add(new ChatMessage(new ChatRole(m.Role), [|m.Content|]));
                    var role = new ChatRole(m.Role);
                    history.Add(new ChatMessage(role, [|m.Content|]));
                }

                return history;
            }
        }
        """);

    // LLamaSharp: the request picks each message's role (Enum.Parse<AuthorRole>) in a projection of the posted turns,
    // so a caller can write System messages; ChatSession.AddSystemMessage with request text is instructions too.
    [Fact]
    public Task LLamaSharp_messages_whose_role_the_request_chooses_are_instructions() => Verify.VerifyAsync(
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using LLama;
        using LLama.Common;
        using Microsoft.AspNetCore.Mvc;
        public sealed class TurnDto { public string Role { get; set; } = "User"; public string Content { get; set; } = ""; }
        public sealed class TranscriptDto { public List<TurnDto> Turns { get; set; } = new(); public string Persona { get; set; } = ""; }
        public sealed class ConversationController : ControllerBase
        {
            [HttpPost("replay")]
            public int Replay([FromBody] TranscriptDto transcript)
            {
                var history = new ChatHistory();
                var turns = transcript.Turns.Select(t => new ChatHistory.Message(Enum.Parse<AuthorRole>(t.Role), [|t.Content|]));
                history.Messages.AddRange(turns);
                return history.Messages.Count;
            }

            [HttpPost("persona")]
            public void Persona([FromBody] TranscriptDto transcript, [FromServices] ChatSession session) => session.AddSystemMessage([|transcript.Persona|]);
        }
        """);

    // LLamaSharp look-alikes: request text in a fixed user-role message or ChatSession.AddUserMessage is a user turn
    // (AITG021's concern), and a constant system message is the application's.
    [Fact]
    public Task LLamaSharp_fixed_user_roles_and_constant_system_messages_are_not_instructions() => Verify.VerifyAsync(
        """
        using System.Linq;
        using LLama;
        using LLama.Common;
        using Microsoft.AspNetCore.Mvc;
        public sealed class TurnDto { public string Role { get; set; } = "User"; public string Content { get; set; } = ""; }
        public sealed class ConversationController : ControllerBase
        {
            [HttpPost("say")]
            public int Say([FromBody] TurnDto turn, [FromServices] ChatSession session)
            {
                session.AddSystemMessage("You are a helpful assistant.");
                session.AddUserMessage(turn.Content);
                var history = new ChatHistory();
                history.Messages.Add(new ChatHistory.Message(AuthorRole.User, turn.Content));
                return history.Messages.Count;
            }
        }
        """);

    // A request record declared in another project of the solution (a shared contracts library) is bound from the
    // request like one declared here: its text interpolated into the system message is flagged.
    [Fact]
    public Task Request_types_of_a_referenced_project_are_untrusted_input() => Verify.VerifyWithReferencesAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Contracts;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        public static class AssistantEndpoints
        {
            public static void MapAssistant(this WebApplication app) => app.MapPost("/api/assistant", ReplyAsync);

            private static async Task<string> ReplyAsync(AssistantRequest request, IChatClient chat)
            {
                var messages = new List<ChatMessage>([new(ChatRole.System, [|$"Help the agent with the ticket of {request.CustomerName}: {request.Summary}"|])]);
                return (await chat.GetResponseAsync(messages)).Text;
            }
        }
        """,
        ContractsProject);

    // A service of a referenced project (a class with behaviour, resolved from dependency injection) is not request
    // input, and neither is a framework or SDK type.
    [Fact]
    public Task Services_of_a_referenced_project_are_not_untrusted_input() => Verify.VerifyWithReferencesAsync(
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Contracts;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        public static class AssistantEndpoints
        {
            public static void MapAssistant(this WebApplication app) => app.MapPost("/api/assistant", ReplyAsync);

            private static async Task<string> ReplyAsync(string question, PromptCatalog catalog, ChatOptions options, IChatClient chat)
            {
                var messages = new List<ChatMessage> { new(ChatRole.System, catalog.SystemPrompt), new(ChatRole.User, question) };
                return (await chat.GetResponseAsync(messages, options)).Text;
            }
        }
        """,
        ContractsProject);

    /// <summary>A contracts project: the request record the API binds, and a service class.</summary>
    internal static Microsoft.CodeAnalysis.MetadataReference ContractsProject { get; } = Verification.TestCompilation.ReferencedProject(
        "Contracts",
        """
        using System.Collections.Generic;
        namespace Contracts;
        public sealed record AssistantRequest(int? ProductId, string? CustomerName, string? Summary, IReadOnlyList<AssistantTurn> Turns);
        public sealed class AssistantTurn { public bool IsAssistant { get; set; } public required string Text { get; set; } }
        public sealed class PromptCatalog
        {
            public string SystemPrompt { get; } = "You are a support assistant.";
            public string Get(string name) => name;
        }
        """);

    // A fixed user role, and a helper whose role parameter its callers fill with constants, are user turns.
    [Fact]
    public Task Fixed_roles_keep_request_text_a_user_turn() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed record MessageDto(string Role, string Content);
        public sealed class ChatController : ControllerBase
        {
            [HttpPost("chat")]
            public List<ChatMessage> Post([FromBody] MessageDto message)
            {
                var history = new List<ChatMessage> { new ChatMessage(ChatRole.User, message.Content) };
                Add(history, ChatRole.User, message.Content);
                return history;
            }

            private static void Add(List<ChatMessage> history, ChatRole role, string text) => history.Add(new ChatMessage(role, text));
        }
        """);

    // The operator running a console tool is not an attacker: console input and command-line arguments are untrusted
    // input only where .editorconfig lists them (a chat tool others use, a tool run on their behalf).
    [Fact]
    public Task Console_input_and_arguments_are_not_sources_by_default() => Verify.VerifyAsync(
        """
        using System;
        using OpenAI.Chat;
        var persona = Console.ReadLine();
        var message = new SystemChatMessage("You are " + persona);
        var fromArgs = new SystemChatMessage("You are " + args[0]);
        """);

    [Fact]
    public async Task Console_input_listed_as_a_source_is_reported_and_message_names_source_and_sink()
    {
        var diagnostics = await Verify.RunAsync(new Analyzers.Rules.UntrustedInputInInstructionsAnalyzer(), new[] { ("/0/Test0.cs", """
            using System;
            using OpenAI.Chat;
            var persona = Console.ReadLine();
            var message = new SystemChatMessage("You are " + persona);
            var fromArgs = new SystemChatMessage("You are " + args[0]);
            """) }, "root = true\n[*.cs]\naithreatgate.untrusted_input_sources = System.Console.ReadLine, args\n");
        Assert.Equal(2, diagnostics.Length);
        var diagnostic = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First();
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Console.ReadLine'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("system instructions (new SystemChatMessage)", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal("Console.ReadLine()", diagnostic.AdditionalLocations.Single().SourceTree!.ToString().Substring(diagnostic.AdditionalLocations[0].SourceSpan.Start, diagnostic.AdditionalLocations[0].SourceSpan.Length));
        Assert.Contains("command-line arguments", diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Last().GetMessage(), System.StringComparison.Ordinal);
    }

    // A bound number, flag or date cannot carry instructions; bound text can.
    [Fact]
    public Task Bound_scalars_are_not_untrusted_text() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet("persona")]
            public string Get([FromQuery] int level, [FromQuery] bool formal, [FromQuery] System.DateTime? since, [FromQuery] string tone)
            {
                var safe = new SystemChatMessage("Answer at level " + level + (formal ? " formally" : "") + " since " + since);
                var flagged = new SystemChatMessage([|"Answer in a " + tone + " tone"|]);
                return safe.Content[0].Text + flagged.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task Configured_sources_and_validators() => Verify.VerifyAsync(
        """
        using OpenAI.Chat;
        static class Tickets
        {
            public static string Subject(int id) => "subject " + id;
            public static string Clean(string text) => text;
            public static ChatMessage Flagged(int id) => new SystemChatMessage([|"Ticket: " + Subject(id)|]);
            public static ChatMessage Validated(int id) => new SystemChatMessage("Ticket: " + Clean(Subject(id)));
        }
        """,
        """
        root = true
        [*.cs]
        aithreatgate.untrusted_input_sources = Tickets.Subject
        aithreatgate.input_validators = Clean
        """);
}
