using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Input that a caller of the application controls: parameters of ASP.NET Core controller actions, Razor Pages
/// handlers, minimal-API handlers, SignalR hub methods and gRPC service methods (except those bound from services),
/// <c>[BindProperty]</c> members, reads of <c>HttpRequest</c> (query, form, headers, cookies, route values, body);
/// plus <c>aithreatgate.untrusted_input_sources</c>. Console input and command-line arguments come from the operator
/// running the tool, not from an attacker, so they are sources only where that list names them
/// (<c>System.Console.ReadLine</c>, and <see cref="CommandLineArgumentsEntry"/> for <c>args</c>).
/// </summary>
internal sealed class UntrustedInputSources : SourceKind
{
    /// <summary>The entry of <c>aithreatgate.untrusted_input_sources</c> that makes the <c>args</c> of <c>Main</c> untrusted input.</summary>
    public const string CommandLineArgumentsEntry = "args";

    public UntrustedInputSources()
        : base("aithreatgate.untrusted_input_sources", "aithreatgate.input_validators", "InputValidatorAttribute")
    {
    }

    public override string Name => "untrusted-input";

    public override BodyFilter Members => AiRelation.Members;

    public override SourceMatcher? CreateMatcher(Compilation compilation, bool configured) => new Matcher(compilation, numbers: false);

    /// <summary>
    /// The same sources, counting numbers bound from the request too (<c>int maxTokens</c>): the taint rules track
    /// text, but a number the caller picks matters where it sets a limit (AITG023's output-token limit).
    /// </summary>
    public static SourceMatcher RequestValues(Compilation compilation) => new Matcher(compilation, numbers: true);

    private sealed class Matcher : SourceMatcher
    {
        private static readonly HashSet<string> RequestMembers = new(StringComparer.Ordinal)
        {
            "Query", "Form", "Headers", "Cookies", "RouteValues", "Body", "BodyReader", "QueryString", "Path", "PathBase",
        };

        private readonly Compilation _compilation;
        private readonly bool _numbers;
        private readonly Lazy<HashSet<IMethodSymbol>> _handlerMethods;

        public Matcher(Compilation compilation, bool numbers)
        {
            _compilation = compilation;
            _numbers = numbers;
            _handlerMethods = new Lazy<HashSet<IMethodSymbol>>(FindMethodGroupHandlers);
        }

        public override bool IsSource(IOperation operation, TaintSettings settings) => operation switch
        {
            IParameterReferenceOperation parameter => IsInputParameter(parameter, settings),
            IPropertyReferenceOperation property => IsRequestRead(property) || IsBoundProperty(property.Property),
            IInvocationOperation invocation => IsRequestBodyRead(invocation.TargetMethod) || IsConfigured(operation, settings),
            _ => false,
        };

        public override string Describe(IOperation source) => source switch
        {
            IParameterReferenceOperation parameter when IsCommandLine(parameter.Parameter) => "command-line arguments",
            IParameterReferenceOperation parameter => "request parameter " + parameter.Parameter.Name,
            IPropertyReferenceOperation property when IsBoundProperty(property.Property) => "bound property " + property.Property.Name,
            IPropertyReferenceOperation property => "HttpRequest." + property.Property.Name,
            _ => base.Describe(source),
        };


        /// <summary><c>request.ReadFromJsonAsync&lt;T&gt;()</c>, <c>request.ReadFormAsync()</c>.</summary>
        private static bool IsRequestBodyRead(IMethodSymbol method) =>
            method.Name.StartsWith("Read", StringComparison.Ordinal)
            && method.ContainingType is { Name: "HttpRequestJsonExtensions" or "HttpRequest" or "RequestFormReaderExtensions" } type
            && SymbolNames.IsInNamespace(type, "Microsoft.AspNetCore.Http");

        private static bool IsCommandLine(IParameterSymbol parameter) =>
            parameter.Name == "args" && parameter.ContainingSymbol is IMethodSymbol { IsStatic: true } method
            && (method.Name is "Main" or "<Main>$" || method.MethodKind == MethodKind.Ordinary && method.Name.Contains("Main"));

        private static bool IsRequestRead(IPropertyReferenceOperation property) =>
            RequestMembers.Contains(property.Property.Name)
            && property.Property.ContainingType is { Name: "HttpRequest" } type && SymbolNames.IsInNamespace(type, "Microsoft.AspNetCore.Http");

        private static bool IsBoundProperty(IPropertySymbol property) =>
            AnalyzerSettings.HasAttributeNamed(property, "BindPropertyAttribute")
            || AnalyzerSettings.HasAttributeNamed(property, "FromQueryAttribute")
            || AnalyzerSettings.HasAttributeNamed(property, "FromFormAttribute")
            || AnalyzerSettings.HasAttributeNamed(property, "FromRouteAttribute")
            || (property.SetMethod is { DeclaredAccessibility: Accessibility.Public } && property.ContainingType is { } type && AnalyzerSettings.HasAttributeNamed(type, "BindPropertiesAttribute"));

        private bool IsInputParameter(IParameterReferenceOperation reference, TaintSettings settings)
        {
            var parameter = reference.Parameter;
            if (IsCommandLine(parameter))
            {
                return settings.Sources.Contains(CommandLineArgumentsEntry);
            }

            if (parameter.ContainingSymbol is not IMethodSymbol method || AspNetCoreEndpoints.IsBoundFromServices(parameter))
            {
                return false;
            }

            // [FromQuery] int page: a number, a flag, a date or an identifier cannot carry instructions or injected text.
            if (AspNetCoreEndpoints.HasRequestBindingAttribute(parameter))
            {
                return !IsScalar(parameter.Type);
            }

            var isHandler = method.MethodKind == MethodKind.AnonymousFunction || method.MethodKind == MethodKind.LocalFunction
                ? IsMinimalApiHandler(reference, method)
                : AspNetCoreEndpoints.IsControllerOrPageAction(method) || AspNetCoreEndpoints.IsHubMethod(method) || IsGrpcRequest(parameter, method) || _handlerMethods.Value.Contains(method.OriginalDefinition);
            return isHandler && CarriesInput(parameter.Type);
        }

        /// <summary>The request message of a gRPC service method: an override of a generated base bound with <c>[BindServiceMethod]</c>.</summary>
        private static bool IsGrpcRequest(IParameterSymbol parameter, IMethodSymbol method) =>
            parameter.Ordinal == 0 && method.IsOverride && method.OverriddenMethod?.ContainingType is { } generatedBase
            && AnalyzerSettings.HasAttributeNamed(generatedBase, "BindServiceMethodAttribute");

        /// <summary>A lambda or local function passed as the handler of <c>app.MapGet/MapPost/...</c>.</summary>
        private static bool IsMinimalApiHandler(IOperation reference, IMethodSymbol lambda)
        {
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
                {
                    var argument = function.Parent;
                    while (argument is IDelegateCreationOperation or IConversionOperation)
                    {
                        argument = argument.Parent;
                    }

                    return argument is IArgumentOperation { Parent: IInvocationOperation map } && IsMapCall(map.TargetMethod);
                }
            }

            return false;
        }

        private static bool IsMapCall(IMethodSymbol method) =>
            method.Name.StartsWith("Map", StringComparison.Ordinal) && method.ContainingType is { Name: "EndpointRouteBuilderExtensions" or "RouteHandlerServices" };

        /// <summary>Methods passed by name as minimal-API handlers (<c>app.MapPost("/ask", Ask)</c>), found once per compilation.</summary>
        private HashSet<IMethodSymbol> FindMethodGroupHandlers()
        {
            var handlers = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var (tree, model) in CompilationScan.TreesMentioning(_compilation, AiRelation.Seeds, "Map"))
            {
                foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
                {
                    if (invocation.Expression is not Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: { } name } || !name.StartsWith("Map", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (model.GetOperation(invocation) is IInvocationOperation map && IsMapCall(map.TargetMethod))
                    {
                        foreach (var argument in map.Arguments)
                        {
                            if (ValueFlow.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IMethodReferenceOperation handler })
                            {
                                handlers.Add(handler.Method.OriginalDefinition);
                            }
                        }
                    }
                }
            }

            return handlers;
        }

        /// <summary>
        /// Whether model binding fills a parameter of this type from the request: text, numbers, files, streams and
        /// data types declared in the application (DTOs). Interfaces, framework and SDK classes (HttpContext,
        /// CancellationToken, ILogger, ChatClient, Kernel) come from dependency injection or the framework.
        /// </summary>
        private bool CarriesInput(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return CarriesInput(array.ElementType);
            }

            if (type.SpecialType is SpecialType.System_String or SpecialType.System_Object)
            {
                return true;
            }

            if (_numbers && (type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double
                || type is INamedTypeSymbol { IsGenericType: true, Name: "Nullable" } nullable && nullable.TypeArguments[0].SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double))
            {
                return true;
            }

            if (type.Name is "IFormFile" or "IFormFileCollection" or "IFormCollection" or "Stream" or "PipeReader" or "JsonElement" or "JsonNode" or "JsonObject")
            {
                return true;
            }

            if (type is INamedTypeSymbol { IsGenericType: true } generic && generic.AllInterfaces.Any(i => i.Name == "IEnumerable") && generic.TypeArguments.Length == 1)
            {
                return CarriesInput(generic.TypeArguments[0]);
            }

            return type.TypeKind is TypeKind.Class or TypeKind.Struct
                && ApplicationTypes.Contains(type, _compilation, AiRelation.Seeds)
                && !type.IsAbstract
                && IsDataType(type);
        }


        /// <summary>Numbers, booleans, characters, enums, dates, times and GUIDs (nullable or not): bound values that are not text.</summary>
        private static bool IsScalar(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_DateTime:
                    return true;
            }

            return type.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly" && type.ContainingNamespace?.ToDisplayString() == "System";
        }

        /// <summary>A type of properties and fields only (a DTO or record), not a service with behaviour.</summary>
        private static bool IsDataType(ITypeSymbol type) =>
            type.GetMembers().OfType<IMethodSymbol>().All(method => method.IsImplicitlyDeclared || method.MethodKind is not MethodKind.Ordinary
                || method.Name is "ToString" or "Equals" or "GetHashCode" or "Deconstruct" or "PrintMembers");
    }
}
