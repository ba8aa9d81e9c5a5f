using System;
using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// A route of the application's own HTTP API, as a server maps it (<c>POST api/chat/{id}</c>) or as a client requests
/// it (<c>POST api/chat/</c> + a value): how model output that a server endpoint returns is followed to the
/// <c>HttpClient</c> call of another project of the solution that reads it (a Blazor WebAssembly client, a worker).
/// A summary names a route as <c>R:&lt;METHOD&gt;:&lt;template&gt;</c> (<c>R:POST:/api/chat</c>, <c>*</c> for any method).
/// </summary>
internal sealed class HttpRoute
{
    /// <summary>The segment a client's computed part of a URL becomes (<c>$"api/chat/{id}"</c>): it matches any segment.</summary>
    public const string AnySegment = "\u0001";

    private HttpRoute(string method, IReadOnlyList<string> segments)
    {
        Method = method;
        Segments = segments;
    }

    /// <summary>GET, POST, ... or <c>*</c>.</summary>
    public string Method { get; }

    /// <summary>The path's segments, lower case; a parameter (<c>{id}</c>) or a computed part is <see cref="AnySegment"/>; a catch-all parameter ends the list as <c>*</c>.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>The summary ID of a server route (<c>R:POST:/api/chat/{id}</c>).</summary>
    public static string SummaryId(string method, string template) => "R:" + method.ToUpperInvariant() + ":/" + template.Trim().TrimStart('~').TrimStart('/');

    /// <summary>A route from a summary ID; null when <paramref name="id"/> is not one.</summary>
    public static HttpRoute? FromSummaryId(string id)
    {
        if (!id.StartsWith("R:", StringComparison.Ordinal))
        {
            return null;
        }

        var colon = id.IndexOf(':', 2);
        return colon < 0 ? null : Template(id.Substring(2, colon - 2), id.Substring(colon + 1));
    }

    /// <summary>A server's route template (<c>api/chat/{id:int}</c>, <c>{*path}</c>).</summary>
    public static HttpRoute Template(string method, string template)
    {
        var segments = new List<string>();
        foreach (var segment in Path(template))
        {
            if (segment.StartsWith("{*", StringComparison.Ordinal) || segment.StartsWith("{**", StringComparison.Ordinal))
            {
                segments.Add("*");
                break;
            }

            segments.Add(segment.Contains("{") ? AnySegment : segment);
        }

        return new HttpRoute(method.ToUpperInvariant(), segments);
    }

    /// <summary>
    /// A client's request URL, its computed parts given as <see cref="AnySegment"/> (<c>"api/chat/" + AnySegment</c>); an
    /// absolute URL counts by its path (the host is the client's base address, or a gateway).
    /// </summary>
    public static HttpRoute Request(string method, string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var path = url.IndexOf('/', scheme + 3);
            url = path < 0 ? string.Empty : url.Substring(path);
        }

        var end = url.IndexOfAny(new[] { '?', '#' });
        if (end >= 0)
        {
            url = url.Substring(0, end);
        }

        return new HttpRoute(method.ToUpperInvariant(), Path(url).Select(segment => segment.Contains(AnySegment) ? AnySegment : segment).ToList());
    }

    /// <summary>Whether a client's request (this) reaches <paramref name="server"/>'s route.</summary>
    public bool Reaches(HttpRoute server)
    {
        if (server.Method != "*" && Method != "*" && server.Method != Method)
        {
            return false;
        }

        // A request made of computed parts only names no route.
        if (Segments.All(segment => segment == AnySegment))
        {
            return false;
        }

        for (var i = 0; i < server.Segments.Count; i++)
        {
            if (server.Segments[i] == "*")
            {
                return true;
            }

            if (i >= Segments.Count || !(server.Segments[i] == AnySegment || Segments[i] == AnySegment || server.Segments[i] == Segments[i]))
            {
                return false;
            }
        }

        return Segments.Count == server.Segments.Count;
    }

    /// <summary>The first constant segment of the route (what a project's text must contain to request it), or null.</summary>
    public string? FirstConstantSegment => Segments.FirstOrDefault(segment => segment != AnySegment && segment != "*");

    private static IEnumerable<string> Path(string path) =>
        path.Trim().TrimStart('~').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(segment => segment.ToLowerInvariant());
}
