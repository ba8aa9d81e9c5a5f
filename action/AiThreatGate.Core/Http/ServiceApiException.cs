using System;
using System.Net;

namespace AiThreatGate.Core.Http;

/// <summary>A REST call failed: the status and the service's own message, never a credential.</summary>
public sealed class ServiceApiException : Exception
{
    public ServiceApiException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    public ServiceApiException(HttpStatusCode status, string message, bool rateLimited)
        : base(message)
    {
        Status = status;
        IsRateLimited = rateLimited;
    }

    public ServiceApiException()
    {
    }

    public ServiceApiException(string message)
        : base(message)
    {
    }

    public ServiceApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public HttpStatusCode Status { get; }

    /// <summary>The service's rate limit was still exhausted when the retries' time budget ran out (429, or 403 with rate-limit headers).</summary>
    public bool IsRateLimited { get; }

    /// <summary>401: the token is invalid, expired or revoked (not a permission problem).</summary>
    public bool IsBadCredentials => Status is HttpStatusCode.Unauthorized;

    /// <summary>
    /// The credential may not write (fork PRs, missing permissions): callers degrade to the log and summary instead
    /// of failing. A rate-limited 403 is not a permission problem, and neither is a 401.
    /// </summary>
    public bool IsForbidden => !IsRateLimited && Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    /// <summary>
    /// The exception for an error answer, worded the same for every client: the method, the path (no host, no query),
    /// the status, and the service's message with its validation details.
    /// </summary>
    public static ServiceApiException FromResponse(string method, object? uri, HttpStatusCode status, string body, Func<string, string?> header)
    {
        var message = ServiceErrors.Message(body);
        var rateLimited = ServiceErrors.IsRateLimited((int)status, header, message);
        return new ServiceApiException(status, $"{method} {ServiceErrors.Describe(uri)} failed with {(int)status} {status}: {message}", rateLimited);
    }
}
