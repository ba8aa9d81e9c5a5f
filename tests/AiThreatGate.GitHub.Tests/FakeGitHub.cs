using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiThreatGate.GitHub.Tests;

/// <summary>One request the double received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, int Status);

/// <summary>
/// A GitHub REST API test double on 127.0.0.1 for the endpoints the gate uses. It answers like the recordings in
/// ../shared/fixtures/github (rate-limit and request-id headers, Link pagination, 422 "Validation Failed" bodies) and
/// enforces GitHub's documented limits: required fields, valid statuses and conclusions, at most 50 annotations per
/// request, 65,535-character summary and text, authentication and API-version headers. Faults can be injected.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    public const string Token = "ghs_FAKEtokenVALUE0123456789abcdefghijkl";

    private static readonly string[] Statuses = { "queued", "in_progress", "completed" };
    private static readonly string[] Conclusions = { "action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out" };
    private static readonly string[] Levels = { "notice", "warning", "failure" };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string PathContains, int Status, Dictionary<string, string> Headers, string Body)> _faults = new();
    private long _nextId = 1000;

    private FakeGitHub(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentDictionary<long, JsonObject> CheckRuns { get; } = new();

    public ConcurrentDictionary<long, List<JsonObject>> Annotations { get; } = new();

    public ConcurrentDictionary<long, (int Issue, string Body)> Comments { get; } = new();

    /// <summary>Every write answers 403 "Resource not accessible by integration", like a fork PR's token.</summary>
    public bool ReadOnly { get; set; }

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGitHub(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Urls.First();
        return fake;
    }

    public void SeedComments(int issue, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Comments[Interlocked.Increment(ref _nextId)] = (issue, $"Unrelated comment {i}");
        }
    }

    /// <summary>The next request whose method matches and whose path contains the text gets this response instead.</summary>
    public void FailNext(string method, string pathContains, int status, Dictionary<string, string>? headers = null, string body = """{"message":"Server Error"}""") =>
        _faults.Enqueue((method, pathContains, status, headers ?? new Dictionary<string, string>(), body));

    public IEnumerable<RecordedRequest> Writes => Requests.Where(r => r.Method is "POST" or "PATCH");

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var text = await new System.IO.StreamReader(request.Body).ReadToEndAsync();
        JsonNode? body = null;
        if (text.Length > 0)
        {
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                await Respond(context, 400, """{"message":"Problems parsing JSON"}""", text);
                return;
            }
        }

        // An injected fault answers instead of the API: the request has no effect, as with a real 5xx or rate limit.
        var fault = _faults.FirstOrDefault(f => f.Method == request.Method && request.Path.Value!.Contains(f.PathContains, StringComparison.Ordinal));
        if (fault != default && _faults.TryDequeue(out var taken))
        {
            foreach (var (key, value) in taken.Headers)
            {
                context.Response.Headers[key] = value;
            }

            await Respond(context, taken.Status, taken.Body, text, body);
            return;
        }

        var (status, response) = Handle(request, body);
        await Respond(context, status, response, text, body);
    }

    private async Task Respond(HttpContext context, int status, string response, string text, JsonNode? body = null)
    {
        var request = context.Request;

        Requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value!, request.QueryString.Value ?? string.Empty, request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["x-github-request-id"] = "0000:00000:0000000:0000000:00000000";
        context.Response.Headers["x-ratelimit-limit"] = "5000";
        if (!context.Response.Headers.ContainsKey("x-ratelimit-remaining"))
        {
            context.Response.Headers["x-ratelimit-remaining"] = "4999";
        }

        context.Response.Headers["x-ratelimit-resource"] = "core";
        await context.Response.WriteAsync(response);
    }

    private (int Status, string Body) Handle(HttpRequest request, JsonNode? body)
    {
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            return (401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""");
        }

        if (request.Headers["X-GitHub-Api-Version"].ToString() != "2022-11-28" || string.IsNullOrEmpty(request.Headers.UserAgent.ToString()))
        {
            return (400, """{"message":"Missing X-GitHub-Api-Version or User-Agent"}""");
        }

        if (ReadOnly && request.Method is "POST" or "PATCH")
        {
            return (403, """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/checks/runs#create-a-check-run"}""");
        }

        var segments = request.Path.Value!.Trim('/').Split('/');
        // repos/{owner}/{repo}/check-runs[/{id}] | repos/{owner}/{repo}/issues/{n}/comments | repos/{owner}/{repo}/issues/comments/{id}
        if (segments.Length >= 4 && segments[0] == "repos" && segments[3] == "check-runs")
        {
            return segments.Length == 4 && request.Method == "POST" ? CreateCheckRun(body)
                : segments.Length == 5 && request.Method == "PATCH" && long.TryParse(segments[4], out var id) ? UpdateCheckRun(id, body)
                : (404, """{"message":"Not Found"}""");
        }

        if (segments.Length == 6 && segments[3] == "issues" && segments[5] == "comments" && int.TryParse(segments[4], out var issue))
        {
            return request.Method switch
            {
                "GET" => ListComments(request, issue),
                "POST" => CreateComment(issue, body),
                _ => (404, """{"message":"Not Found"}"""),
            };
        }

        if (segments.Length == 6 && segments[3] == "issues" && segments[4] == "comments" && long.TryParse(segments[5], out var commentId) && request.Method == "PATCH")
        {
            if (!Comments.TryGetValue(commentId, out var existing))
            {
                return (404, """{"message":"Not Found"}""");
            }

            var error = ValidateCommentBody(body);
            if (error is not null)
            {
                return (422, error);
            }

            Comments[commentId] = (existing.Issue, body!["body"]!.GetValue<string>());
            return (200, new JsonObject { ["id"] = commentId, ["body"] = body["body"]!.GetValue<string>() }.ToJsonString());
        }

        return (404, """{"message":"Not Found"}""");
    }

    private (int, string) CreateCheckRun(JsonNode? body)
    {
        var errors = ValidateCheckRun(body, create: true);
        if (errors is not null)
        {
            return (422, errors);
        }

        var id = Interlocked.Increment(ref _nextId);
        var run = (JsonObject)body!.DeepClone();
        Annotations[id] = new List<JsonObject>();
        AppendAnnotations(id, run);
        CheckRuns[id] = run;
        return (201, new JsonObject { ["id"] = id, ["name"] = run["name"]!.GetValue<string>(), ["head_sha"] = run["head_sha"]!.GetValue<string>(), ["status"] = run["status"]?.GetValue<string>() ?? "queued" }.ToJsonString());
    }

    private (int, string) UpdateCheckRun(long id, JsonNode? body)
    {
        if (!CheckRuns.TryGetValue(id, out var run))
        {
            return (404, """{"message":"Not Found"}""");
        }

        var errors = ValidateCheckRun(body, create: false);
        if (errors is not null)
        {
            return (422, errors);
        }

        foreach (var (key, value) in body!.AsObject())
        {
            run[key] = value?.DeepClone();
        }

        if (body["conclusion"] is not null)
        {
            run["status"] = "completed";
        }

        AppendAnnotations(id, body.AsObject());
        return (200, new JsonObject { ["id"] = id, ["status"] = run["status"]?.GetValue<string>() }.ToJsonString());
    }

    private void AppendAnnotations(long id, JsonObject body)
    {
        if (body["output"]?["annotations"] is JsonArray annotations)
        {
            lock (Annotations[id])
            {
                Annotations[id].AddRange(annotations.Select(a => (JsonObject)a!.DeepClone()));
            }
        }
    }

    private static string? ValidateCheckRun(JsonNode? body, bool create)
    {
        if (body is not JsonObject run)
        {
            return ValidationFailed("CheckRun", "missing", "body");
        }

        if (create && (run["name"]?.GetValue<string>() is not { Length: > 0 } || run["head_sha"]?.GetValue<string>() is not { Length: > 0 }))
        {
            return ValidationFailed("CheckRun", "missing_field", run["name"] is null ? "name" : "head_sha");
        }

        if (run["status"]?.GetValue<string>() is { } status && !Statuses.Contains(status))
        {
            return ValidationFailed("CheckRun", "invalid", "status");
        }

        if (run["conclusion"]?.GetValue<string>() is { } conclusion && !Conclusions.Contains(conclusion))
        {
            return ValidationFailed("CheckRun", "invalid", "conclusion");
        }

        if (run["status"]?.GetValue<string>() == "completed" && run["conclusion"] is null)
        {
            return ValidationFailed("CheckRun", "missing_field", "conclusion");
        }

        if (run["output"] is JsonObject output)
        {
            if (output["title"]?.GetValue<string>() is not { Length: > 0 } || output["summary"]?.GetValue<string>() is not { Length: > 0 } summary)
            {
                return ValidationFailed("CheckRun", "missing_field", "output.title/summary");
            }

            if (summary.Length > 65_535 || (output["text"]?.GetValue<string>()?.Length ?? 0) > 65_535)
            {
                return ValidationFailed("CheckRun", "too_long", "output.summary");
            }

            if (output["annotations"] is JsonArray annotations)
            {
                if (annotations.Count > 50)
                {
                    return ValidationFailed("CheckRun", "too_many", "output.annotations");
                }

                foreach (var annotation in annotations.OfType<JsonObject>())
                {
                    if (annotation["path"]?.GetValue<string>() is not { Length: > 0 } || annotation["start_line"] is null || annotation["end_line"] is null
                        || annotation["message"]?.GetValue<string>() is not { Length: > 0 }
                        || !Levels.Contains(annotation["annotation_level"]?.GetValue<string>())
                        || (annotation["title"]?.GetValue<string>()?.Length ?? 0) > 255
                        || annotation["start_line"]!.GetValue<int>() < 1)
                    {
                        return ValidationFailed("CheckRun", "invalid", "output.annotations");
                    }
                }
            }
        }

        return null;
    }

    private (int, string) ListComments(HttpRequest request, int issue)
    {
        var perPage = int.TryParse(request.Query["per_page"], out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(request.Query["page"], out var n) ? Math.Max(1, n) : 1;
        var all = Comments.Where(c => c.Value.Issue == issue).OrderBy(c => c.Key).ToList();
        var last = Math.Max(1, (int)Math.Ceiling(all.Count / (double)perPage));
        var items = new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)new JsonObject { ["id"] = c.Key, ["body"] = c.Value.Body }).ToArray());
        var links = new List<string>();
        var basePath = $"{Url}{request.Path}?per_page={perPage}";
        if (page < last)
        {
            links.Add($"<{basePath}&page={page + 1}>; rel=\"next\"");
            links.Add($"<{basePath}&page={last}>; rel=\"last\"");
        }

        if (links.Count > 0)
        {
            request.HttpContext.Response.Headers["Link"] = string.Join(", ", links);
        }

        return (200, items.ToJsonString());
    }

    private (int, string) CreateComment(int issue, JsonNode? body)
    {
        var error = ValidateCommentBody(body);
        if (error is not null)
        {
            return (422, error);
        }

        var id = Interlocked.Increment(ref _nextId);
        Comments[id] = (issue, body!["body"]!.GetValue<string>());
        return (201, new JsonObject { ["id"] = id, ["body"] = Comments[id].Body }.ToJsonString());
    }

    private static string? ValidateCommentBody(JsonNode? body) =>
        body?["body"]?.GetValue<string>() is { Length: > 0 and <= 65_536 } ? null : ValidationFailed("IssueComment", "invalid", "body");

    private static string ValidationFailed(string resource, string code, string field) =>
        new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field }),
            ["documentation_url"] = "https://docs.github.com/rest/checks/runs",
        }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
