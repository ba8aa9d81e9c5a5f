using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.InferenceEndpointRateLimitAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG024 against the real ASP.NET Core shared framework, OpenAI and Microsoft.Extensions.AI (ML.NET stubbed).</summary>
public sealed class InferenceEndpointRateLimitAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // A minimal-API endpoint calling a chat client.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        [|app.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text)|];
        app.Run();
        """,
        // A controller action calling OpenAI.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class ChatController : ControllerBase
        {
            private readonly ChatClient _chat;
            public ChatController(ChatClient chat) => _chat = chat;
            [HttpPost]
            public async Task<string> [|Ask|](string q) => (await _chat.CompleteChatAsync(q)).Value.Content[0].Text;
        }
        """,
        // A controller action calling a service interface whose implementation calls the model.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public interface IAssistant { Task<string> AnswerAsync(string q); }
        public sealed class Assistant : IAssistant
        {
            private readonly IChatClient _chat;
            public Assistant(IChatClient chat) => _chat = chat;
            public async Task<string> AnswerAsync(string q) => (await _chat.GetResponseAsync(q)).Text;
        }
        public sealed class HelpController : ControllerBase
        {
            private readonly IAssistant _assistant;
            public HelpController(IAssistant assistant) => _assistant = assistant;
            [HttpGet]
            public Task<string> [|Get|](string q) => _assistant.AnswerAsync(q);
        }
        """,
        // A method-group handler that runs an ML.NET prediction.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML;
        var app = WebApplication.Create();
        [|app.MapPost("/score", Scoring.Score)|];
        app.Run();
        public sealed class Review { public string Text { get; set; } = ""; }
        public sealed class Sentiment { public bool Positive { get; set; } }
        static class Scoring { public static Sentiment Score(Review review, PredictionEngine<Review, Sentiment> engine) => engine.Predict(review); }
        """,
        // [DisableRateLimiting] on an inference action, even with a global limiter.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        [EnableRateLimiting("ai")]
        public sealed class ChatController : ControllerBase
        {
            [HttpPost, DisableRateLimiting]
            public async Task<string> [|Ask|](string q, [FromServices] IChatClient chat) => (await chat.GetResponseAsync(q)).Text;
        }
        """,
        // DisableRateLimiting() on a minimal-API endpoint in a rate-limited group.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        var ai = app.MapGroup("/ai").RequireRateLimiting("ai");
        [|ai.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text)|].DisableRateLimiting();
        app.Run();
        """,
        // [DisableRequestSizeLimit] on an inference action.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        public sealed class UploadController : ControllerBase
        {
            [HttpPost, EnableRateLimiting("ai"), DisableRequestSizeLimit]
            public async Task<string> [|Summarize|]([FromBody] string document, [FromServices] IChatClient chat) => (await chat.GetResponseAsync(document)).Text;
        }
        """,
        // A route group without rate limiting.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        var api = app.MapGroup("/api");
        [|api.MapGet("/tip", async (IChatClient chat) => (await chat.GetResponseAsync("Give me a tip")).Text)|];
        app.Run();
        """,
        // A limiter registered but no global limiter and no policy applied.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("ai", w => { w.PermitLimit = 10; w.Window = System.TimeSpan.FromMinutes(1); }));
        var app = builder.Build();
        app.UseRateLimiter();
        [|app.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text)|];
        app.Run();
        """,
        // A Razor-free controller deriving from Controller, model call two helpers deep.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        sealed class Inner { private readonly IChatClient _c; public Inner(IChatClient c) => _c = c; public async Task<string> Run(string q) => (await _c.GetResponseAsync(q)).Text; }
        sealed class Outer { private readonly Inner _inner; public Outer(Inner inner) => _inner = inner; public Task<string> Go(string q) => _inner.Run(q); }
        public sealed class DeepController : Controller
        {
            private readonly Outer _outer;
            internal DeepController(Outer outer) => _outer = outer;
            [HttpGet]
            public Task<string> [|Index|](string q) => _outer.Go(q);
        }
        """,
        // Embedding generation is a model call: Microsoft.Extensions.AI generator in a minimal API.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        [|app.MapPost("/embed", async (string text, IEmbeddingGenerator<string, Embedding<float>> embedder) => (await embedder.GenerateVectorAsync(text)).ToArray())|];
        app.Run();
        """,
        // OpenAI EmbeddingClient in a controller action, and the generator interface's own GenerateAsync.
        """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using OpenAI.Embeddings;
        public sealed class SearchController : ControllerBase
        {
            private readonly EmbeddingClient _embeddings;
            private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
            public SearchController(EmbeddingClient embeddings, IEmbeddingGenerator<string, Embedding<float>> generator) { _embeddings = embeddings; _generator = generator; }
            [HttpPost("one")]
            public async Task<float[]> [|One|]([FromBody] string text) => (await _embeddings.GenerateEmbeddingAsync(text)).Value.ToFloats().ToArray();
            [HttpPost("many")]
            public async Task<int> [|Many|]([FromBody] List<string> chunks) => (await _generator.GenerateAsync(chunks)).Count;
        }
        """,
        // Controller → service → pipeline → gateway → LLM client wrapper (each behind an interface) → IChatClient: four levels of the compilation.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public interface IChatService { Task<string> AskAsync(string q); }
        public interface IPromptPipeline { Task<string> RunAsync(string prompt); }
        public interface IModelGateway { Task<string> CompleteAsync(string prompt); }
        public sealed class ChatService : IChatService { private readonly IPromptPipeline _p; public ChatService(IPromptPipeline p) => _p = p; public Task<string> AskAsync(string q) => _p.RunAsync("Answer: " + q); }
        public sealed class PromptPipeline : IPromptPipeline { private readonly IModelGateway _g; public PromptPipeline(IModelGateway g) => _g = g; public Task<string> RunAsync(string prompt) => _g.CompleteAsync(prompt.Trim()); }
        public interface ILlmClient { Task<string> SendAsync(string prompt); }
        public sealed class ModelGateway : IModelGateway { private readonly ILlmClient _llm; public ModelGateway(ILlmClient llm) => _llm = llm; public Task<string> CompleteAsync(string prompt) => _llm.SendAsync(prompt); }
        public sealed class LlmClient : ILlmClient { private readonly IChatClient _chat; public LlmClient(IChatClient chat) => _chat = chat; public async Task<string> SendAsync(string prompt) => (await _chat.GetResponseAsync(prompt)).Text; }
        [ApiController, Route("chat")]
        public sealed class ChatController : ControllerBase
        {
            private readonly IChatService _service;
            public ChatController(IChatService service) => _service = service;
            [HttpPost]
            public Task<string> [|Post|]([FromBody] string q) => _service.AskAsync(q);
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // [EnableRateLimiting] on the action.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        public sealed class ChatController : ControllerBase
        {
            [HttpPost, EnableRateLimiting("ai")]
            public async Task<string> Ask(string q, [FromServices] IChatClient chat) => (await chat.GetResponseAsync(q)).Text;
        }
        """,
        // [EnableRateLimiting] on the controller (through a base class).
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        [EnableRateLimiting("ai")]
        public abstract class AiControllerBase : ControllerBase { }
        public sealed class ChatController : AiControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string q, [FromServices] IChatClient chat) => (await chat.GetResponseAsync(q)).Text;
        }
        """,
        // RequireRateLimiting on the endpoint.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text).RequireRateLimiting("ai").WithName("Ask");
        app.Run();
        """,
        // RequireRateLimiting on the route group where it is built.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        var ai = app.MapGroup("/ai").RequireRateLimiting("ai");
        ai.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """,
        // RequireRateLimiting on the route group by a later statement.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        var ai = app.MapGroup("/ai");
        ai.RequireRateLimiting("ai");
        ai.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """,
        // A global limiter with UseRateLimiter.
        """
        using System.Threading.RateLimiting;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c =>
            RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = System.TimeSpan.FromMinutes(1) })));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """,
        // Controllers mapped with a rate-limiting policy.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapControllers().RequireRateLimiting("ai");
        app.Run();
        public sealed class ChatController : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string q, [FromServices] IChatClient chat) => (await chat.GetResponseAsync(q)).Text;
        }
        """,
        // [EnableRateLimiting] on the handler lambda.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", [EnableRateLimiting("ai")] async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """,
        // The policy attached as endpoint metadata.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text).WithMetadata(new EnableRateLimitingAttribute("ai"));
        app.Run();
        """,
        // An endpoint that calls no model.
        """
        using Microsoft.AspNetCore.Builder;
        var app = WebApplication.Create();
        app.MapGet("/health", () => "ok");
        app.Run();
        """,
        // A controller action that calls no model; a non-action helper that does.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class StatusController : ControllerBase
        {
            [HttpGet]
            public string Get() => "ok";
            [NonAction]
            public async Task<string> Warm(IChatClient chat) => (await chat.GetResponseAsync("ping")).Text;
        }
        """,
        // A background service (not an endpoint) calling the model.
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed class Digest
        {
            public async Task<string> Nightly(IChatClient chat) => (await chat.GetResponseAsync("Summarize the day")).Text;
        }
        """,
        // An embedding endpoint with a rate-limiting policy; a service interface whose implementation calls no model.
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/embed", async (string text, IEmbeddingGenerator<string, Embedding<float>> embedder) => (await embedder.GenerateVectorAsync(text)).ToArray()).RequireRateLimiting("ai");
        app.Run();
        public interface IGreeter { Task<string> GreetAsync(string name); }
        public sealed class Greeter : IGreeter { public Task<string> GreetAsync(string name) => Task.FromResult("Hello " + name); }
        public sealed class GreetController : ControllerBase
        {
            private readonly IGreeter _greeter;
            public GreetController(IGreeter greeter) => _greeter = greeter;
            [HttpGet]
            public Task<string> Get(string name) => _greeter.GreetAsync(name);
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_inference_endpoints_without_rate_limiting(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_rate_limited_endpoints_and_endpoints_without_models(string source) => Verify.VerifyAsync(source);
}
