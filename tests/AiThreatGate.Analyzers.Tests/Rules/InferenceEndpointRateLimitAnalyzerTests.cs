using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.InferenceEndpointRateLimitAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG024 against the real ASP.NET Core shared framework, OpenAI and Microsoft.Extensions.AI (ML.NET stubbed).</summary>
public sealed partial class InferenceEndpointRateLimitAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // The service takes a lease only when asked to: the other branch calls the model unlimited (eShopSupport's
        // staff path), so neither endpoint is limited by it.
        """
        using System;
        using System.Threading.RateLimiting;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        [|app.MapPost("/staff/{id}/message", (int id, Summarizer summarizer) => summarizer.Update(id, enforceLimit: false))|];
        app.Run();
        public sealed class Summarizer(IChatClient chat)
        {
            private static readonly TokenBucketRateLimiter Limiter = new(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 100, ReplenishmentPeriod = TimeSpan.FromSeconds(10), TokensPerPeriod = 5, AutoReplenishment = true,
            });
            public void Update(int id, bool enforceLimit)
            {
                if (enforceLimit)
                {
                    using var lease = Limiter.AttemptAcquire();
                    if (lease.IsAcquired)
                    {
                        _ = SummarizeAsync(id);
                    }
                }
                else
                {
                    _ = SummarizeAsync(id);
                }
            }
            private async Task SummarizeAsync(int id) => await chat.GetResponseAsync("Summarize ticket " + id);
        }
        """,
        // A limiter the service holds but never takes a lease from (it only reports statistics): not limiting.
        """
        using System;
        using System.Threading.RateLimiting;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        [|app.MapPost("/ask", (string q, Asker asker) => asker.AskAsync(q))|];
        app.Run();
        public sealed class Asker(IChatClient chat)
        {
            private static readonly ConcurrencyLimiter Limiter = new(new ConcurrencyLimiterOptions { PermitLimit = 4, QueueLimit = 0 });
            public async Task<string> AskAsync(string q)
            {
                Console.WriteLine(Limiter.GetStatistics()?.CurrentAvailablePermits);
                return (await chat.GetResponseAsync(q)).Text;
            }
        }
        """,
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
        // A minimal-API endpoint mapped in an extension method whose handler sends a query through Mediator's ISender;
        // the query's handler (a class implementing IQueryHandler for that query type) calls the model.
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Mediator;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.AI;
        public sealed record Recommend(string Query) : IQuery<string>;
        public sealed class RecommendHandler : IQueryHandler<Recommend, string>
        {
            private readonly IChatClient _chat;
            public RecommendHandler(IChatClient chat) => _chat = chat;
            public async ValueTask<string> Handle(Recommend query, CancellationToken cancellationToken) => (await _chat.GetResponseAsync("Recommend: " + query.Query)).Text;
        }
        public static class RecommendEndpoint
        {
            public static IEndpointRouteBuilder MapRecommend(this IEndpointRouteBuilder app)
            {
                [|app.MapPost("/recommend", HandleAsync)|];
                return app;
            }
            static async Task<string> HandleAsync(string query, ISender sender, CancellationToken ct) => await sender.Send(new Recommend(query), ct);
        }
        """,
        // A controller action sending a command through the application's own dispatcher to its handler.
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        public interface ICommand<TResult> { }
        public interface ICommandHandler<TCommand, TResult> where TCommand : ICommand<TResult> { Task<TResult> HandleAsync(TCommand command); }
        public interface IDispatcher { Task<TResult> DispatchAsync<TResult>(ICommand<TResult> command); }
        public sealed class Dispatcher : IDispatcher
        {
            private readonly IServiceProvider _services;
            public Dispatcher(IServiceProvider services) => _services = services;
            public Task<TResult> DispatchAsync<TResult>(ICommand<TResult> command)
            {
                dynamic handler = _services.GetRequiredService(typeof(ICommandHandler<,>).MakeGenericType(command.GetType(), typeof(TResult)));
                return handler.HandleAsync((dynamic)command);
            }
        }
        public sealed class AskCommand : ICommand<string> { public string Input { get; set; } = ""; }
        public sealed class AskCommandHandler : ICommandHandler<AskCommand, string>
        {
            private readonly IChatClient _chat;
            public AskCommandHandler(IChatClient chat) => _chat = chat;
            public async Task<string> HandleAsync(AskCommand command) => (await _chat.GetResponseAsync(command.Input)).Text;
        }
        public sealed class ChatController : ControllerBase
        {
            private readonly IDispatcher _dispatcher;
            public ChatController(IDispatcher dispatcher) => _dispatcher = dispatcher;
            [HttpPost]
            public async Task<IActionResult> [|ChatAsync|]([FromBody] string input) => Ok(await _dispatcher.DispatchAsync(new AskCommand { Input = input }));
        }
        """,
        // A minimal-API GET whose lambda invokes a prompt through the kernel, converting the result to a string.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.SemanticKernel;
        var app = WebApplication.Create();
        [|app.MapGet("/forecast", async (Kernel kernel) => await kernel.InvokePromptAsync<string>("Describe the weather at 20 degrees"))|];
        app.Run();
        """,
        // An action predicting through Microsoft.Extensions.ML's PredictionEnginePool.
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.ML;
        public sealed class ImageInput { public byte[] Image { get; set; } = System.Array.Empty<byte>(); }
        public sealed class ImagePrediction { public string Label { get; set; } = ""; }
        public sealed class ClassifyController : ControllerBase
        {
            private readonly PredictionEnginePool<ImageInput, ImagePrediction> _pool;
            public ClassifyController(PredictionEnginePool<ImageInput, ImagePrediction> pool) => _pool = pool;
            [HttpPost]
            public ActionResult<string> [|Classify|]([FromBody] byte[] image) => _pool.Predict(new ImageInput { Image = image }).Label;
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
        // The app's own rate-limiting middleware, registered for every request.
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.UseRateLimiting();
        app.MapPost("/ask", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        public static class RateLimitMiddlewareExtensions
        {
            public static IApplicationBuilder UseRateLimiting(this IApplicationBuilder builder) =>
                builder.Use(async (HttpContext context, RequestDelegate next) => await next(context));
        }
        """,
        // The service the endpoint calls takes a lease from a token bucket before it calls the model (limiting in code).
        """
        using System;
        using System.Threading.RateLimiting;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/ticket/{id}/message", (int id, Summarizer summarizer) => summarizer.Update(id));
        app.Run();
        public sealed class Summarizer(IChatClient chat)
        {
            private static readonly TokenBucketRateLimiter Limiter = new(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 100, ReplenishmentPeriod = TimeSpan.FromSeconds(10), TokensPerPeriod = 5, AutoReplenishment = true,
            });
            public void Update(int id)
            {
                using var lease = Limiter.AttemptAcquire();
                if (lease.IsAcquired)
                {
                    _ = SummarizeAsync(id);
                }
            }
            private async Task SummarizeAsync(int id) => await chat.GetResponseAsync("Summarize ticket " + id);
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
        // Mediator: the endpoint's query goes to a handler that calls no model; another query's handler does (the
        // dispatch follows the request type, not every handler of the application).
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Mediator;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapGet("/orders", async (ISender sender, CancellationToken ct) => await sender.Send(new CountOrders(), ct));
        app.Run();
        public sealed record CountOrders : IQuery<int>;
        public sealed class CountOrdersHandler : IQueryHandler<CountOrders, int>
        {
            public ValueTask<int> Handle(CountOrders query, CancellationToken cancellationToken) => new(42);
        }
        public sealed record Summarize(string Text) : IQuery<string>;
        public sealed class SummarizeHandler : IQueryHandler<Summarize, string>
        {
            private readonly IChatClient _chat;
            public SummarizeHandler(IChatClient chat) => _chat = chat;
            public async ValueTask<string> Handle(Summarize query, CancellationToken cancellationToken) => (await _chat.GetResponseAsync(query.Text)).Text;
        }
        """,
        // Mediator: the query's handler calls the model, and the endpoint requires a rate-limiting policy.
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Mediator;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        var app = WebApplication.Create();
        app.MapPost("/summarize", async (string text, ISender sender, CancellationToken ct) => await sender.Send(new Summarize(text), ct)).RequireRateLimiting("ai");
        app.Run();
        public sealed record Summarize(string Text) : IQuery<string>;
        public sealed class SummarizeHandler : IQueryHandler<Summarize, string>
        {
            private readonly IChatClient _chat;
            public SummarizeHandler(IChatClient chat) => _chat = chat;
            public async ValueTask<string> Handle(Summarize query, CancellationToken cancellationToken) => (await _chat.GetResponseAsync(query.Text)).Text;
        }
        """,
        // The kernel's prompt invocation behind a rate-limiting policy; a kernel endpoint that only lists plugins.
        """
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.SemanticKernel;
        var app = WebApplication.Create();
        app.MapGet("/forecast", async (Kernel kernel) => await kernel.InvokePromptAsync<string>("Describe the weather")).RequireRateLimiting("ai");
        app.MapGet("/plugins", (Kernel kernel) => kernel.Plugins.Select(p => p.Name).ToArray());
        app.Run();
        """,
        // PredictionEnginePool behind [EnableRateLimiting]; an action that only reads the pool's options.
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.ML;
        public sealed class ImageInput { public byte[] Image { get; set; } = System.Array.Empty<byte>(); }
        public sealed class ImagePrediction { public string Label { get; set; } = ""; }
        public sealed class ClassifyController : ControllerBase
        {
            private readonly PredictionEnginePool<ImageInput, ImagePrediction> _pool;
            public ClassifyController(PredictionEnginePool<ImageInput, ImagePrediction> pool) => _pool = pool;
            [HttpPost, EnableRateLimiting("ml")]
            public ActionResult<string> Classify([FromBody] byte[] image) => _pool.Predict(new ImageInput { Image = image }).Label;
            [HttpGet]
            public ActionResult<string> Model() => "image-classifier";
        }
        """,
    };

    /// <summary>
    /// A mediator package the project references but the restore could not bring (old MediatR versions): the dispatch
    /// call does not bind, and the handler's interface is an error type; the request's handler is still the class
    /// whose handler interface names the request's type.
    /// </summary>
    [Fact]
    public Task Follows_a_request_to_its_handler_when_the_mediator_package_is_missing() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using {|CS0246:MediatR|};
        public sealed class AskRequest : {|CS0246:IRequest<string>|} { public string Input { get; init; } = ""; }
        public sealed class AskHandler : {|CS0246:IRequestHandler<AskRequest, string>|}
        {
            private readonly IChatClient _chat;
            public AskHandler(IChatClient chat) => _chat = chat;
            public async Task<string> Handle(AskRequest request, CancellationToken cancellationToken) => (await _chat.GetResponseAsync(request.Input)).Text;
        }
        public sealed class ChatController : ControllerBase
        {
            private readonly {|CS0246:ISender|} _mediator;
            public ChatController({|CS0246:ISender|} mediator) => _mediator = mediator;
            [HttpPost]
            public async Task<IActionResult> [|ChatAsync|]([FromBody] string input) => Ok(await _mediator.Send(new AskRequest { Input = input }));
        }
        """);

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_inference_endpoints_without_rate_limiting(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_rate_limited_endpoints_and_endpoints_without_models(string source) => Verify.VerifyAsync(source);

    private const string HandRolledLimiter = """
        using System;
        using System.Collections.Concurrent;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        [ApiController, Authorize, Route("api/[controller]")]
        public sealed class EmojiController(EmojiService service) : ControllerBase
        {
            [HttpPost("suggest")]
            public async Task<IActionResult> SUGGEST([FromBody] string text) => Ok(await service.SuggestAsync(text, User.Identity?.Name ?? ""));
        }
        public sealed class EmojiService(IChatClient chat)
        {
            private static readonly ConcurrentDictionary<string, (DateTime Window, int Count)> Counts = new();
            public async Task<string> SuggestAsync(string text, string userId)
            {
                BODY
            }
            private static bool CheckRateLimit(string userId)
            {
                var now = DateTime.UtcNow;
                var entry = Counts.AddOrUpdate(userId, _ => (now, 1), (_, e) => now - e.Window > TimeSpan.FromMinutes(1) ? (now, 1) : (e.Window, e.Count + 1));
                return entry.Count <= 10;
            }
        }
        """;

    /// <summary>
    /// A service with a per-user counter of its own (Pinetree's CheckRateLimit) limits the endpoint when the check comes
    /// before every model call of the method; a model call before the check is not limited.
    /// </summary>
    [Fact]
    public Task Hand_rolled_limiter_checked_before_the_model_call_limits_the_endpoint() => Verify.VerifyAsync(
        HandRolledLimiter.Replace("SUGGEST", "SuggestAsync").Replace("BODY", """
            if (!CheckRateLimit(userId)) return "📝";
            return (await chat.GetResponseAsync("One emoji for: " + text)).Text;
            """));

    [Fact]
    public Task Model_call_before_the_hand_rolled_limiter_is_not_limited() => Verify.VerifyAsync(
        HandRolledLimiter.Replace("SUGGEST", "[|SuggestAsync|]").Replace("BODY", """
            var draft = (await chat.GetResponseAsync("One emoji for: " + text)).Text;
            return CheckRateLimit(userId) ? draft : "📝";
            """));

    [Fact]
    public Task Recording_rate_limit_usage_does_not_limit_the_endpoint() => Verify.VerifyAsync(
        HandRolledLimiter.Replace("SUGGEST", "[|SuggestAsync|]").Replace("BODY", """
            RecordRateLimitUsage(userId);
            return (await chat.GetResponseAsync("One emoji for: " + text)).Text;
            """).Replace("private static bool CheckRateLimit(", "private static void RecordRateLimitUsage(string userId) => Counts.TryAdd(userId, (DateTime.UtcNow, 0));\n    private static bool CheckRateLimit("));
}
