using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Where an artefact (a model file, its bytes, training data) comes from outside the application: a network download,
/// HTTP request input (an upload), a shared or remote location. What the artefact rules ask of a value's origin; the
/// taint rules' sources of untrusted and external text are the <see cref="TaintSources"/>.
/// </summary>
internal static class ArtifactOrigins
{
    /// <summary>An HTTP/WebClient call that fetches remote content.</summary>
    public static bool IsDownload(IOperation operation)
    {
        if (operation is not IInvocationOperation invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null || !SymbolNames.IsInNamespace(type, "System.Net") && !SymbolNames.IsInNamespace(type, "System.Net.Http") && !SymbolNames.IsInNamespace(type, "System.Net.Http.Json"))
        {
            return false;
        }

        var name = method.Name;
        return type.Name switch
        {
            "HttpClient" => name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("Send", StringComparison.Ordinal),
            "HttpClientJsonExtensions" => name.StartsWith("GetFromJson", StringComparison.Ordinal),
            "WebClient" => name.StartsWith("Download", StringComparison.Ordinal) || name.StartsWith("OpenRead", StringComparison.Ordinal),
            "WebRequest" or "HttpWebRequest" => name.StartsWith("GetResponse", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>The constant URL a download call uses, when it is one.</summary>
    public static string? DownloadUrl(IInvocationOperation download, ValueFlow flow)
    {
        foreach (var argument in download.Arguments)
        {
            if (argument.Parameter is null || argument.Parameter.Type.SpecialType != SpecialType.System_String && argument.Parameter.Type.Name != "Uri")
            {
                continue;
            }

            foreach (var text in flow.ConstantStrings(argument.Value))
            {
                if (text.IndexOf("://", StringComparison.Ordinal) > 0)
                {
                    return text;
                }
            }
        }

        return null;
    }

    public static bool IsPlainHttp(string? url) =>
        url is not null && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Data that arrives with an HTTP request: uploaded files, the request body, form, query, headers.</summary>
    public static bool IsRequestInput(IOperation operation)
    {
        var type = operation.Type;
        if (type is not null && SymbolNames.IsInNamespace(type, "Microsoft.AspNetCore.Http")
            && type.Name is "IFormFile" or "IFormFileCollection" or "IFormCollection" or "IQueryCollection" or "IHeaderDictionary" or "HttpRequest")
        {
            return true;
        }

        if (operation is IParameterReferenceOperation { Parameter: var parameter })
        {
            if (parameter.ContainingSymbol is IMethodSymbol method && AspNetCoreEndpoints.IsControllerOrPageAction(method) && !AspNetCoreEndpoints.IsBoundFromServices(parameter))
            {
                return true;
            }

            if (AspNetCoreEndpoints.HasRequestBindingAttribute(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A location outside the application's control: a URL, a UNC share, the shared temp folder.</summary>
    public static bool IsExternalLocation(IOperation operation)
    {
        if (operation.ConstantValue is { HasValue: true, Value: string text })
        {
            return text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith(@"\\", StringComparison.Ordinal);
        }

        return operation is IInvocationOperation { TargetMethod: { Name: "GetTempPath" or "GetTempFileName", ContainingType.Name: "Path" } };
    }

    public static string Describe(IOperation source) => source switch
    {
        IInvocationOperation invocation when IsDownload(invocation) => "a download ('" + invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name + "')",
        _ when IsRequestInput(source) => "HTTP request input",
        _ => "an external location",
    };
}
