using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>An endpoint of the application's HTTP API: its method and route, and the code that makes its response.</summary>
internal sealed class ServerEndpoint
{
    public ServerEndpoint(string method, string template, IMethodSymbol? action, IAnonymousFunctionOperation? handler, Location location)
    {
        Method = method;
        Template = template;
        Action = action;
        Handler = handler;
        Location = location;
    }

    public string Method { get; }

    public string Template { get; }

    /// <summary>The controller action or the method a minimal API maps, when the handler is a method.</summary>
    public IMethodSymbol? Action { get; }

    /// <summary>The lambda a minimal API maps, when the handler is one.</summary>
    public IAnonymousFunctionOperation? Handler { get; }

    public Location Location { get; }
}

/// <summary>
/// An application's own HTTP API on both ends (client/server splits): the endpoints a server maps (minimal APIs with
/// their route groups, MVC controller actions with their route attributes), and the routes an <c>HttpClient</c> call
/// requests (<c>GetFromJsonAsync&lt;Answer&gt;("api/chat")</c>, <c>PostAsJsonAsync($"api/chat/{id}", body)</c>). A server
/// endpoint returning model output becomes a route summary; a client call reaching it reads model output.
/// </summary>
internal static class HttpApiRoutes
{
    /// <summary>The <c>HttpClient</c> calls that request a route and return its response (or its content), by HTTP method.</summary>
    public static IReadOnlyList<string> RequestMethodNames { get; } = new[]
    {
        "GetFromJsonAsync", "GetFromJsonAsAsyncEnumerable", "GetStringAsync", "GetStreamAsync", "GetByteArrayAsync", "GetAsync",
        "PostAsJsonAsync", "PostAsync", "PutAsJsonAsync", "PutAsync", "PatchAsJsonAsync", "PatchAsync", "DeleteFromJsonAsync", "DeleteAsync",
    };

    /// <summary>The route an <c>HttpClient</c> call requests, when its URL has a constant part; null otherwise.</summary>
    public static HttpRoute? RouteRequestedBy(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: { } method } invocation
            || method.ContainingType is not { Name: "HttpClient" or "HttpClientJsonExtensions" } type
            || !SymbolNames.IsInNamespace(type, type.Name == "HttpClient" ? "System.Net.Http" : "System.Net.Http.Json")
            || HttpMethodOf(method.Name) is not { } httpMethod)
        {
            return null;
        }

        var url = invocation.Arguments.FirstOrDefault(argument => argument.Parameter?.Name == "requestUri");
        return url is not null && UrlPattern(url.Value) is { } pattern && pattern.Replace(HttpRoute.AnySegment, string.Empty).Trim('/').Length > 0
            ? HttpRoute.Request(httpMethod, pattern)
            : null;
    }

    /// <summary>The endpoints the compilation maps, found in the members <paramref name="members"/> accepts (minimal APIs) and in its controllers.</summary>
    public static IEnumerable<ServerEndpoint> EndpointsOf(Compilation compilation, AnalyzerOptions options, BodyFilter members)
    {
        foreach (var member in members.AcceptedMembers(compilation, options))
        {
            if (!AspNetCoreEndpoints.MapMethodNames.Any(member.Mentions))
            {
                continue;
            }

            foreach (var syntax in member.Node.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (CompilationScan.Operation(compilation, syntax) is IInvocationOperation invocation && MinimalApiEndpoint(invocation) is { } endpoint)
                {
                    yield return endpoint;
                }
            }
        }

        foreach (var type in SourceTypes.Of(compilation))
        {
            foreach (var action in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (AspNetCoreEndpoints.IsControllerAction(action) && ControllerRoute(type, action) is { } route)
                {
                    yield return new ServerEndpoint(route.Method, route.Template, action, null, action.Locations[0]);
                }
            }
        }
    }

    private static ServerEndpoint? MinimalApiEndpoint(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.Name switch
        {
            "MapGet" => "GET",
            "MapPost" => "POST",
            "MapPut" => "PUT",
            "MapDelete" => "DELETE",
            "MapPatch" => "PATCH",
            "MapMethods" => "*",
            _ => null,
        };
        if (method is null
            || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value.ConstantValue is not { HasValue: true, Value: string pattern }
            || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "handler")?.Value is not { } handler)
        {
            return null;
        }

        var template = Join(GroupPrefix(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value), pattern);
        var target = ValueFlow.Unwrap(handler) is IDelegateCreationOperation creation ? ValueFlow.Unwrap(creation.Target) : ValueFlow.Unwrap(handler);
        return target switch
        {
            IAnonymousFunctionOperation lambda => new ServerEndpoint(method, template, null, lambda, invocation.Syntax.GetLocation()),
            IMethodReferenceOperation reference => new ServerEndpoint(method, template, reference.Method, null, invocation.Syntax.GetLocation()),
            _ => null,
        };
    }

    // The prefixes of the route groups an endpoint is mapped in: app.MapGroup("/api").MapGroup("chat").MapPost("/", ...),
    // or a group kept in a local first.
    private static string GroupPrefix(IOperation? builder)
    {
        for (var depth = 0; builder is not null && depth < 8; depth++)
        {
            builder = ValueFlow.Unwrap(builder);
            if (builder is ILocalReferenceOperation local)
            {
                builder = ValueFlow.ValuesOf(local, local.Local).FirstOrDefault();
                continue;
            }

            if (builder is IInvocationOperation { TargetMethod.Name: "MapGroup" } group
                && group.Arguments.FirstOrDefault(a => a.Parameter?.Name == "prefix")?.Value.ConstantValue is { HasValue: true, Value: string prefix })
            {
                return Join(GroupPrefix(group.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value), prefix);
            }

            return string.Empty;
        }

        return string.Empty;
    }

    // [Route("api/[controller]")] on the class, [HttpPost("ask")] or [Route("ask")] on the action; an action template
    // starting with "/" or "~/" replaces the class's.
    private static (string Method, string Template)? ControllerRoute(INamedTypeSymbol type, IMethodSymbol action)
    {
        var classTemplate = Templates(type).Select(t => t.Template).FirstOrDefault();
        var actionRoutes = Templates(action).ToList();
        if (classTemplate is null && actionRoutes.All(r => r.Template is null))
        {
            return null;
        }

        var (method, actionTemplate) = actionRoutes.Count > 0 ? actionRoutes[0] : ("*", null);
        var template = actionTemplate is not null && (actionTemplate.StartsWith("/", StringComparison.Ordinal) || actionTemplate.StartsWith("~/", StringComparison.Ordinal))
            ? actionTemplate
            : Join(classTemplate ?? string.Empty, actionTemplate ?? string.Empty);
        var controller = type.Name.EndsWith("Controller", StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Controller".Length) : type.Name;
        template = template.Replace("[controller]", controller).Replace("[action]", action.Name);
        return (method, template);
    }

    private static IEnumerable<(string Method, string? Template)> Templates(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var name = attribute.AttributeClass?.Name;
            var method = name switch
            {
                "HttpGetAttribute" => "GET",
                "HttpPostAttribute" => "POST",
                "HttpPutAttribute" => "PUT",
                "HttpDeleteAttribute" => "DELETE",
                "HttpPatchAttribute" => "PATCH",
                "RouteAttribute" => "*",
                _ => null,
            };
            if (method is not null)
            {
                yield return (method, attribute.ConstructorArguments.FirstOrDefault().Value as string);
            }
        }
    }

    private static string? HttpMethodOf(string name) =>
        name.StartsWith("Get", StringComparison.Ordinal) ? "GET"
        : name.StartsWith("Post", StringComparison.Ordinal) ? "POST"
        : name.StartsWith("Put", StringComparison.Ordinal) ? "PUT"
        : name.StartsWith("Patch", StringComparison.Ordinal) ? "PATCH"
        : name.StartsWith("Delete", StringComparison.Ordinal) ? "DELETE"
        : null;

    // The URL as text with each computed part as HttpRoute.AnySegment; null when nothing of it is known.
    private static string? UrlPattern(IOperation value)
    {
        value = ValueFlow.Unwrap(value);
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                return string.Concat(interpolated.Parts.Select(part => part is IInterpolatedStringTextOperation text ? text.Text.ConstantValue.Value as string ?? string.Empty : HttpRoute.AnySegment));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return (UrlPattern(concatenation.LeftOperand) ?? HttpRoute.AnySegment) + (UrlPattern(concatenation.RightOperand) ?? HttpRoute.AnySegment);
            case IObjectCreationOperation { Type.Name: "Uri" } uri when uri.Arguments.Length > 0:
                return UrlPattern(uri.Arguments[0].Value);
            default:
                return null;
        }
    }

    private static string Join(string prefix, string path) =>
        prefix.TrimEnd('/') + "/" + path.TrimStart('~').TrimStart('/');
}
