using System;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// What the Model Context Protocol SDK (<c>ModelContextProtocol</c>, <c>ModelContextProtocol.Core</c>) exposes to the
/// rules: server tools (methods marked <c>[McpServerTool]</c>, whose arguments the connected model chooses), client
/// calls that bring back a tool's, resource's or prompt's content (written by whoever runs the server), and the
/// server's approval steps (elicitation, call-tool filters).
/// </summary>
internal static class ModelContextProtocolApis
{
    /// <summary>The attribute that makes a method an MCP server tool.</summary>
    public const string ServerToolAttributeName = "McpServerToolAttribute";

    public const string ServerToolAttributeType = "ModelContextProtocol.Server.McpServerToolAttribute";

    /// <summary>The client types: <c>McpClient.CallToolAsync</c>, <c>McpClientTool.CallAsync</c>.</summary>
    public static readonly string[] ClientTypeNames = { "ModelContextProtocol.Client.McpClient", "ModelContextProtocol.Client.McpClientTool" };

    /// <summary>What a tool call returns; its <c>Content</c> blocks (<c>TextContentBlock.Text</c>) are the tool's output.</summary>
    public const string ToolResultType = "ModelContextProtocol.Protocol.CallToolResult";

    /// <summary>Whether <paramref name="method"/> is a method the model can call through an MCP server.</summary>
    public static bool IsServerTool(IMethodSymbol method) => AnalyzerSettings.HasAttributeNamed(method, ServerToolAttributeName);

    /// <summary>
    /// A client call of an MCP server's tool (<c>McpClient.CallToolAsync</c>, <c>McpClientTool.CallAsync</c>): what comes
    /// back is whatever the server's tool produced, often from a model or from content the server fetched.
    /// </summary>
    public static bool IsToolCall(IMethodSymbol method) =>
        IsClientMethod(method) && method.Name is "CallToolAsync" or "CallAsync";

    /// <summary>A client read of a server's resource or prompt (<c>ReadResourceAsync</c>, <c>GetPromptAsync</c>): content the server's owner wrote.</summary>
    public static bool IsContentRead(IMethodSymbol method) =>
        IsClientMethod(method) && method.Name is "ReadResourceAsync" or "GetPromptAsync";

    /// <summary>
    /// A server tool asking its user before acting: <c>McpServer.ElicitAsync</c> (the tool's <c>McpServer</c> or
    /// <c>RequestContext.Server</c> parameter) sends the user a confirmation request through the client.
    /// </summary>
    public static bool IsApprovalRequest(IInvocationOperation invocation) =>
        invocation.TargetMethod is { Name: "ElicitAsync", ContainingType: { } type } && IsInMcpNamespace(type);

    /// <summary><c>.WithRequestFilters(f => f.AddCallToolFilter(...))</c>: a filter that sees every tool call before it runs.</summary>
    public static bool IsCallToolFilterRegistration(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "AddCallToolFilter";

    private static bool IsClientMethod(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "McpClient" or "McpClientTool" && IsInMcpNamespace(type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInMcpNamespace(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString().StartsWith("ModelContextProtocol", StringComparison.Ordinal) == true;
}
