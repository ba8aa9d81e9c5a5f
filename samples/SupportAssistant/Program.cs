using OpenAI.Chat;
using SupportAssistant;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(_ => new ChatClient(
    builder.Configuration["OpenAI:Model"] ?? "gpt-4o-mini",
    Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set OPENAI_API_KEY.")));
builder.Services.AddSingleton<SupportChat>();
builder.Services.AddSingleton(_ => new TicketRanker(builder.Configuration["Ranking:ModelPath"] ?? "models/ticket-ranker.onnx"));

var app = builder.Build();

app.MapPost("/api/chat", async (ChatRequest request, SupportChat chat, CancellationToken cancellationToken) =>
    Results.Ok(new ChatAnswer(await chat.AnswerAsync(request.Question, cancellationToken))));

app.MapPost("/api/tickets/rank", (Ticket ticket, TicketRanker ranker) => Results.Ok(ranker.Score(ticket)));

app.Run();

public sealed record ChatRequest(string Question);

public sealed record ChatAnswer(string Text);
