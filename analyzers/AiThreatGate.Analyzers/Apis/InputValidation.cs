using System;
using System.Linq;
using System.Threading;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// What counts as validating untrusted input before it reaches a model: DataAnnotations that model binding enforces
/// (<c>[ApiController]</c>, a <c>ModelState.IsValid</c> check, .NET 10 minimal-API <c>AddValidation</c>), length and
/// range checks, FluentValidation and <c>Validator</c> calls, and truncation to a maximum length.
/// </summary>
internal sealed class InputValidation
{
    private readonly Compilation _compilation;
    private readonly Lazy<bool> _minimalApiValidation;

    public InputValidation(Compilation compilation)
    {
        _compilation = compilation;
        _minimalApiValidation = new Lazy<bool>(FindMinimalApiValidation, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A bound parameter, DTO or DTO property whose DataAnnotations model binding enforces before the handler runs.</summary>
    public bool IsValidatedByModelBinding(IOperation operation)
    {
        switch (operation)
        {
            case IParameterReferenceOperation reference:
                var parameter = reference.Parameter;
                return (HasValidationAttribute(parameter) || IsValidatableType(parameter.Type)) && ValidationRuns(parameter.ContainingSymbol as IMethodSymbol, operation);
            case IPropertyReferenceOperation property when HasValidationAttribute(property.Property):
                return ValidationRuns(EnclosingMethod(operation), operation);
            default:
                return false;
        }
    }

    /// <summary>A condition or call that checks the value: a length or range comparison, a validator.</summary>
    public static bool IsCheck(IOperation operation) => operation switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } => true,
        // text.Length is 0 or > 500, count is >= 1 and <= 10: relational patterns are range checks too.
        IIsPatternOperation pattern => pattern.Pattern.DescendantsAndSelf().Any(p => p is IRelationalPatternOperation),
        IInvocationOperation invocation => IsValidatorCall(invocation.TargetMethod),
        _ => false,
    };

    /// <summary>Cutting the value to a maximum length: <c>text[..Math.Min(text.Length, 500)]</c>, <c>text.Substring(0, Math.Min(...))</c>.</summary>
    public static bool IsTruncation(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "Substring" } substring => substring.Arguments.Any(a => a.Value.DescendantsAndSelf().Any(IsMinimum)),
        IInvocationOperation { TargetMethod.Name: "Truncate" or "Clamp" } => true,
        // text[..Math.Min(text.Length, 500)]: the slice, whose range argument caps the length.
        _ => operation.ChildOperations.Any(child => child is IRangeOperation range && range.DescendantsAndSelf().Any(IsMinimum)),
    };

    private static bool IsMinimum(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "Min" or "Clamp", ContainingType.Name: "Math" } };

    private static bool IsValidatorCall(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("FluentValidation", StringComparison.Ordinal))
        {
            return method.Name.StartsWith("Validate", StringComparison.Ordinal);
        }

        if (type.Name == "Validator" && ns == "System.ComponentModel.DataAnnotations")
        {
            return true;
        }

        // ArgumentOutOfRangeException.ThrowIfGreaterThan(text.Length, 2000), ArgumentException.ThrowIfNullOrWhiteSpace is not a limit.
        return type.Name == "ArgumentOutOfRangeException" && method.Name.StartsWith("ThrowIf", StringComparison.Ordinal);
    }

    private static bool HasValidationAttribute(ISymbol symbol) =>
        symbol.GetAttributes().Any(attribute => IsValidationAttribute(attribute.AttributeClass));

    /// <summary>DataAnnotations that constrain content; <c>[Required]</c> alone says nothing about length or shape.</summary>
    private static bool IsValidationAttribute(INamedTypeSymbol? attribute)
    {
        if (attribute is null || attribute.Name == "RequiredAttribute")
        {
            return false;
        }

        for (var type = attribute.BaseType; type is not null; type = type.BaseType)
        {
            if (type.Name == "ValidationAttribute" && SymbolNames.IsInNamespace(type, "System.ComponentModel.DataAnnotations"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsValidatableType(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct && type.SpecialType == SpecialType.None
        && (type.GetMembers().OfType<IPropertySymbol>().Any(HasValidationAttribute)
            || type.AllInterfaces.Any(i => i.Name == "IValidatableObject"));

    private bool ValidationRuns(IMethodSymbol? method, IOperation operation)
    {
        if (method is null)
        {
            return false;
        }

        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction)
        {
            return _minimalApiValidation.Value;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (AnalyzerSettings.HasAttributeNamed(type, "ApiControllerAttribute"))
            {
                return true;
            }
        }

        if (_compilation.Assembly.GetAttributes().Any(a => a.AttributeClass?.Name == "ApiControllerAttribute"))
        {
            return true;
        }

        return ChecksModelState(method, operation) || _minimalApiValidation.Value && method.IsStatic;
    }

    /// <summary>Whether the method reads <c>ModelState.IsValid</c> (and so acts on validation errors).</summary>
    private static bool ChecksModelState(IMethodSymbol method, IOperation operation)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == operation.Syntax.SyntaxTree
                && reference.GetSyntax().DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(access =>
                    access.Name.Identifier.ValueText == "IsValid" && access.Expression is IdentifierNameSyntax { Identifier.ValueText: "ModelState" }))
            {
                return true;
            }
        }

        return false;
    }

    private static IMethodSymbol? EnclosingMethod(IOperation operation) =>
        operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;

    /// <summary>Whether the application registers .NET 10 minimal-API validation (<c>services.AddValidation()</c>).</summary>
    private bool FindMinimalApiValidation()
    {
        foreach (var (tree, model) in CompilationScan.TreesMentioning(_compilation, AiRelation.Seeds, "AddValidation"))
        {
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddValidation" }
                    && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { ContainingType: { } extensions }
                    && extensions.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.DependencyInjection")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
