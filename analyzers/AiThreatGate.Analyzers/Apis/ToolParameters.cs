using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// The parameters of a tool method that the model fills in, as opposed to those the framework injects. Semantic
/// Kernel, Microsoft.Extensions.AI and the MCP SDK bind the model's JSON arguments to text, numbers and data shapes,
/// and supply services (<c>Kernel</c>, <c>McpServer</c>, <c>HttpClient</c>, a repository), cancellation tokens and
/// progress reporters themselves: reading a service is not reading the model's choice.
/// </summary>
internal static class ToolParameters
{
    private static readonly string[] ToolAttributeNames = { "KernelFunctionAttribute", "OllamaToolAttribute", ModelContextProtocolApis.ServerToolAttributeName };

    /// <summary>Whether <paramref name="parameter"/> belongs to a tool method and carries a value the model chose.</summary>
    public static bool IsModelChosen(IParameterSymbol parameter) =>
        parameter.ContainingSymbol is IMethodSymbol owner
        && ToolAttributeNames.Any(name => AnalyzerSettings.HasAttributeNamed(owner, name))
        && !AnalyzerSettings.HasAttributeNamed(parameter, "FromServicesAttribute")
        && !AnalyzerSettings.HasAttributeNamed(parameter, "FromKeyedServicesAttribute")
        && IsArgumentType(parameter.Type, 0);

    /// <summary>Text, JSON, collections of them, and data shapes declared in the application (a type with no methods of its own).</summary>
    private static bool IsArgumentType(ITypeSymbol type, int depth)
    {
        if (depth > 2)
        {
            return false;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsArgumentType(array.ElementType, depth + 1);
            case { SpecialType: SpecialType.System_String or SpecialType.System_Object or SpecialType.System_Char }:
                return true;
            case INamedTypeSymbol { Name: "JsonElement" or "JsonNode" or "JsonObject" or "JsonArray" or "JsonDocument" or "Uri" }:
                return true;
            case INamedTypeSymbol { IsGenericType: true } generic when generic.ContainingNamespace?.ToDisplayString().StartsWith("System.Collections", System.StringComparison.Ordinal) == true:
                return generic.TypeArguments.Any(argument => IsArgumentType(argument, depth + 1));
            case INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false, IsStatic: false } named when named.Locations.Any(l => l.IsInSource):
                // A record or DTO the model's JSON is bound to; a service declared here has methods of its own.
                return !named.GetMembers().OfType<IMethodSymbol>().Any(m => m.MethodKind == MethodKind.Ordinary && !m.IsImplicitlyDeclared);
            default:
                return false;
        }
    }
}
