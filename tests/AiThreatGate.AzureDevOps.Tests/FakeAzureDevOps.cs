using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiThreatGate.AzureDevOps.Tests;

public sealed record AdoRequest(string Method, string Path, string Query, JsonNode? Body, int Status);

/// <summary>
/// An Azure DevOps Git REST 7.1 test double on 127.0.0.1 for PR iterations, statuses and threads. Request bodies
/// are checked against the definitions of ../shared/schemas/azure-devops/git-7.1.json (GitPullRequestStatus,
/// GitPullRequestCommentThread, Comment) plus the service's own rules (context.name required, a thread needs a
/// comment with content); answers follow the official examples beside it.
/// </summary>
public sealed class FakeAzureDevOps : IAsyncDisposable
{
    public const string Token = "adoFAKEtokenVALUE0123456789abcdefghijklmnopqrstuv";
    public const string Project = "Fabrikam";
    public const string RepositoryId = "3411ebc1-d5aa-464f-9615-0b527bc66719";
    public const int PullRequestId = 22;

    private static readonly string[] States = { "notSet", "pending", "succeeded", "failed", "error", "notApplicable" };
    private readonly WebApplication _app;
    private readonly JsonSchemaValidator _swagger = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "azure-devops", "git-7.1.json"));
    private readonly JsonNode _statusExample = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedFile("schemas", "azure-devops", "example-POST_git_pullRequestStatuses_status.json")).TrimStart('\uFEFF'))!["responses"]!["200"]!["body"]!;
    private readonly ConcurrentQueue<(int Status, string Body, bool RetryAfter)> _faults = new();
    private int _nextId = 100;

    private FakeAzureDevOps(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public ConcurrentQueue<AdoRequest> Requests { get; } = new();

    public ConcurrentQueue<JsonObject> Statuses { get; } = new();

    /// <summary>The source commit of each iteration (id 1, 2, ...); the default two iterations name none, as older API versions.</summary>
    public string[]? IterationCommits { get; set; }

    public ConcurrentDictionary<int, JsonObject> Threads { get; } = new();

    public List<string> SchemaErrors { get; } = new();

    public static async Task<FakeAzureDevOps> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeAzureDevOps(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Urls.First() + "/fabrikam/";
        return fake;
    }

    /// <summary>The next request answers with this status (503 with Retry-After for the retry test; 401/403 as the service words them).</summary>
    public void FailNext(int status, string body = """{"message":"Service Unavailable"}""", bool retryAfter = true) => _faults.Enqueue((status, body, retryAfter));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var text = await new StreamReader(request.Body).ReadToEndAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        int status;
        string response;
        if (_faults.TryDequeue(out var fault))
        {
            (status, response) = (fault.Status, fault.Body);
            if (fault.RetryAfter)
            {
                context.Response.Headers["Retry-After"] = "1";
            }
        }
        else
        {
            (status, response) = Handle(request, body);
        }

        Requests.Enqueue(new AdoRequest(request.Method, request.Path.Value!, request.QueryString.Value ?? string.Empty, body, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response);
    }

    private (int, string) Handle(HttpRequest request, JsonNode? body)
    {
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            return (401, """{"message":"TF400813: The user is not authorized to access this resource."}""");
        }

        if (request.Query["api-version"] != "7.1")
        {
            return (400, """{"message":"The requested REST API version is not supported."}""");
        }

        var prefix = $"/fabrikam/{Project}/_apis/git/repositories/{RepositoryId}/pullRequests/{PullRequestId}/";
        var path = request.Path.Value!;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (404, """{"message":"TF401019: The Git repository or pull request does not exist."}""");
        }

        var rest = path[prefix.Length..].Split('/');
        switch (request.Method, rest)
        {
            case ("GET", ["iterations"]) when IterationCommits is { } commits:
                return (200, new JsonObject
                {
                    ["value"] = new JsonArray(commits.Select((c, i) => (JsonNode)new JsonObject { ["id"] = i + 1, ["sourceRefCommit"] = new JsonObject { ["commitId"] = c } }).ToArray()),
                    ["count"] = commits.Length,
                }.ToJsonString());
            case ("GET", ["iterations"]):
                return (200, """{"value":[{"id":1},{"id":2}],"count":2}""");
            case ("POST", ["statuses"]):
                return PostStatus(body);
            case ("GET", ["threads"]):
                return (200, new JsonObject { ["value"] = new JsonArray(Threads.Values.Select(t => (JsonNode)t.DeepClone()).ToArray()), ["count"] = Threads.Count }.ToJsonString());
            case ("POST", ["threads"]):
                return CreateThread(body);
            case ("PATCH", ["threads", var id]) when int.TryParse(id, out var threadId) && Threads.TryGetValue(threadId, out var thread):
                if (!Valid(body, "GitPullRequestCommentThread"))
                {
                    return Invalid();
                }

                thread["status"] = body!["status"]?.DeepClone() ?? thread["status"]?.DeepClone();
                return (200, thread.ToJsonString());
            case ("PATCH", ["threads", var t, "comments", var c]) when int.TryParse(t, out var threadId) && int.TryParse(c, out var commentId) && Threads.TryGetValue(threadId, out var thread):
                if (!Valid(body, "Comment") || body!["content"]?.GetValue<string>() is not { Length: > 0 } content)
                {
                    return Invalid();
                }

                var comment = thread["comments"]!.AsArray().FirstOrDefault(x => x!["id"]!.GetValue<int>() == commentId);
                if (comment is null)
                {
                    return (404, """{"message":"Comment not found"}""");
                }

                comment["content"] = content;
                return (200, comment.ToJsonString());
            default:
                return (404, """{"message":"Not found"}""");
        }
    }

    private (int, string) PostStatus(JsonNode? body)
    {
        if (!Valid(body, "GitPullRequestStatus") || body!["context"]?["name"]?.GetValue<string>() is not { Length: > 0 } || !States.Contains(body["state"]?.GetValue<string>()))
        {
            return Invalid();
        }

        Statuses.Enqueue((JsonObject)body.DeepClone());
        var response = _statusExample.DeepClone().AsObject();
        response["id"] = Interlocked.Increment(ref _nextId);
        foreach (var key in new[] { "state", "description", "context", "targetUrl", "iterationId" })
        {
            response[key] = body[key]?.DeepClone();
        }

        return (200, response.ToJsonString());
    }

    private (int, string) CreateThread(JsonNode? body)
    {
        if (!Valid(body, "GitPullRequestCommentThread") || body!["comments"] is not JsonArray { Count: > 0 } comments
            || comments.Any(c => c?["content"]?.GetValue<string>() is not { Length: > 0 }))
        {
            return Invalid();
        }

        var id = Interlocked.Increment(ref _nextId);
        var thread = body.DeepClone().AsObject();
        thread["id"] = id;
        var commentId = 1;
        foreach (var comment in thread["comments"]!.AsArray())
        {
            comment!["id"] = commentId++;
        }

        Threads[id] = thread;
        return (200, thread.ToJsonString());
    }

    private bool Valid(JsonNode? body, string definition)
    {
        if (body is null)
        {
            SchemaErrors.Add($"{definition}: no body");
            return false;
        }

        using var document = JsonDocument.Parse(body.ToJsonString());
        var errors = _swagger.ValidateAgainst(document.RootElement, "#/definitions/" + definition);
        lock (SchemaErrors)
        {
            SchemaErrors.AddRange(errors.Select(e => definition + ": " + e));
        }

        return errors.Count == 0;
    }

    private static (int, string) Invalid() => (400, """{"$id":"1","innerException":null,"message":"The request body is invalid.","typeName":"Microsoft.TeamFoundation.SourceControl.WebServer.InvalidArgumentValueException","errorCode":0}""");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
