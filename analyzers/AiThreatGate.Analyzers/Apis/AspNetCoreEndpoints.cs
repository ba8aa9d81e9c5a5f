using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>What ASP.NET Core routes requests to, and how it binds their parameters: one place for every rule that asks.</summary>
internal static class AspNetCoreEndpoints
{
    /// <summary>The minimal-API methods that map a route to a handler (<c>EndpointRouteBuilderExtensions.MapPost</c>, ...).</summary>
    public static readonly string[] MapMethodNames = { "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "MapFallback" };

    /// <summary>A public action of an MVC controller or a handler of a Razor page (not <c>[NonAction]</c>).</summary>
    public static bool IsControllerOrPageAction(IMethodSymbol method) =>
        IsActionShaped(method) && DerivesFrom(method.ContainingType, type => type.Name is "ControllerBase" or "PageModel" && InMvc(type));

    /// <summary>A public action of an MVC controller (not a Razor page).</summary>
    public static bool IsControllerAction(IMethodSymbol method) =>
        IsActionShaped(method) && DerivesFrom(method.ContainingType, type => type.Name == "ControllerBase" && InMvc(type));

    /// <summary>A public method of a SignalR hub, which clients invoke.</summary>
    public static bool IsHubMethod(IMethodSymbol method) =>
        IsActionShaped(method) && DerivesFrom(method.ContainingType, type => type.Name == "Hub" && SymbolNames.IsInNamespace(type, "Microsoft.AspNetCore.SignalR"));

    /// <summary><c>[FromBody]</c>, <c>[FromQuery]</c>, <c>[FromForm]</c>, <c>[FromRoute]</c>, <c>[FromHeader]</c>: bound from the request.</summary>
    public static bool HasRequestBindingAttribute(IParameterSymbol parameter) => parameter.GetAttributes().Any(attribute =>
        attribute.AttributeClass?.Name is "FromFormAttribute" or "FromQueryAttribute" or "FromBodyAttribute" or "FromRouteAttribute" or "FromHeaderAttribute");

    /// <summary><c>[FromServices]</c>, <c>[FromKeyedServices]</c>: bound from dependency injection.</summary>
    public static bool IsBoundFromServices(IParameterSymbol parameter) => parameter.GetAttributes().Any(attribute =>
        attribute.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute");

    private static bool IsActionShaped(IMethodSymbol method) =>
        method is { DeclaredAccessibility: Accessibility.Public, MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: false }
        && !AnalyzerSettings.HasAttributeNamed(method, "NonActionAttribute");

    private static bool InMvc(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal) == true;

    private static bool DerivesFrom(INamedTypeSymbol? type, Func<INamedTypeSymbol, bool> isBase)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (isBase(type))
            {
                return true;
            }
        }

        return false;
    }
}
