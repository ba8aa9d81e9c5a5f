using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Http;
using Octokit.Internal;
using IHttpClient = Octokit.Internal.IHttpClient;
using IRequest = Octokit.Internal.IRequest;
using IResponse = Octokit.IResponse;

namespace AiThreatGate.GitHub;

/// <summary>
/// The <see cref="IHttpClient"/> handed to Octokit's <c>Connection</c>: Octokit's own <see cref="HttpClientAdapter"/>
/// (redirects, response parsing) over a handler chain of ours, so that every request Octokit makes, pagination
/// included, goes through the project's retry policy:
/// <c>HttpClientAdapter → ApiVersionHandler → JsonResponseGuard → RetryHandler → SocketsHttpHandler</c>.
/// </summary>
internal sealed class OctokitHttpClient : IHttpClient
{
    /// <summary>
    /// Octokit's client methods take no cancellation token; the facade puts the caller's token here for the duration
    /// of one call (an async-local, so concurrent calls keep their own).
    /// </summary>
    private static readonly AsyncLocal<CancellationToken> CallCancellation = new();

    private readonly HttpClientAdapter _adapter;

    public OctokitHttpClient(RetryPolicy retry, HttpMessageHandler? transport, Func<TimeSpan, CancellationToken, Task>? delay)
    {
        _adapter = new HttpClientAdapter(() =>
            new ApiVersionHandler(new JsonResponseGuard(new RetryHandler(retry, transport ?? new SocketsHttpHandler(), delay))));

        // The retry handler bounds each attempt and the total wait; an overall HttpClient timeout would cut retries short.
        _adapter.SetRequestTimeout(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Runs one Octokit call with <paramref name="cancellationToken"/> reaching its HTTP requests.</summary>
    public static async Task<T> WithCancellationAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CallCancellation.Value = cancellationToken; // restored when this async method returns
        return await call();
    }

    public async Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CallCancellation.Value);
        return await _adapter.Send(new UntimedRequest(request), linked.Token, preprocessResponseBody!);
    }

    public void SetRequestTimeout(TimeSpan timeout)
    {
        // Ignored on purpose: see the constructor.
    }

    public void Dispose() => _adapter.Dispose();

    /// <summary>
    /// Octokit gives every request a 100-second timeout that spans all attempts; with a 90-second retry budget it
    /// would cancel a request between retries. Without it, the retry handler's per-attempt timeout applies.
    /// </summary>
    private sealed class UntimedRequest : IRequest
    {
        private readonly IRequest _inner;

        public UntimedRequest(IRequest inner) => _inner = inner;

        public object Body
        {
            get => _inner.Body;
            set => _inner.Body = value;
        }

        public Dictionary<string, string> Headers => _inner.Headers;

        public HttpMethod Method => _inner.Method;

        public Dictionary<string, string> Parameters => _inner.Parameters;

        public Uri BaseAddress => _inner.BaseAddress;

        public Uri Endpoint => _inner.Endpoint;

        public TimeSpan Timeout => TimeSpan.Zero;

        public string ContentType => _inner.ContentType;
    }

    /// <summary>Octokit does not send GitHub's REST API version header; the gate pins the version it was written against.</summary>
    private sealed class ApiVersionHandler : DelegatingHandler
    {
        public ApiVersionHandler(HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("X-GitHub-Api-Version");
            request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", GitHubApiClient.ApiVersion);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
