using System;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Where an outbound request's target is chosen: <c>HttpClient</c>, <c>HttpRequestMessage</c>, <c>BaseAddress</c>, <c>WebClient</c>, <c>WebRequest</c>.</summary>
internal static class RequestTargetSinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment };

    private static readonly string[] UriParameters = { "requestUri", "address", "requestUriString" };

    /// <summary>URL encoders (<c>Uri.EscapeDataString</c>, <c>UrlEncode</c>): an encoded value stays inside one URL component.</summary>
    public static bool IsUrlEncoder(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "EscapeDataString" or "UrlEncode", ContainingType.Name: "Uri" or "WebUtility" or "HttpUtility" } };

    /// <summary>The address an operation sends a request to, or null when the compilation references no HTTP client.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
    {
        var clients = new TypeSet(compilation, "System.Net.Http.HttpClient", "System.Net.WebClient", "System.Net.WebRequest", "System.Net.Http.Json.HttpClientJsonExtensions");
        var message = new TypeSet(compilation, "System.Net.Http.HttpRequestMessage");
        if (clients.IsEmpty)
        {
            return null;
        }

        return operation => operation switch
        {
            IInvocationOperation invocation when clients.Contains(invocation.TargetMethod.ContainingType) && TaintSinkRule.Argument(invocation.Arguments, UriParameters) is { } uri =>
                new SinkUse(uri, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name),
            IObjectCreationOperation creation when message.Contains(creation.Type) && TaintSinkRule.Argument(creation.Arguments, "requestUri") is { } uri =>
                new SinkUse(uri, "new HttpRequestMessage"),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BaseAddress" or "RequestUri" } property } assignment
                when clients.Contains(property.Property.ContainingType) || message.Contains(property.Property.ContainingType) =>
                new SinkUse(assignment.Value, property.Property.ContainingType.Name + "." + property.Property.Name),
            _ => null,
        };
    }
}
