using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// The application's own validators, recognised without configuration: a method declared in this compilation whose
/// name says it checks (<c>ValidatePath</c>, <c>EnsureSafeSql</c>, <c>CheckLength</c>, <c>IsAllowedHost</c>…) and whose
/// body can reject the value — a <c>void</c> (or <c>Task</c>) method that throws on some path, or a <c>bool</c> method
/// whose result the caller branches on. A method with such a name that never throws (a logger, a counter) is not one.
/// </summary>
internal static class ValidatorMethods
{
    private static readonly string[] CheckingPrefixes = { "Validate", "Ensure", "Check", "Guard", "Verify", "Assert", "ThrowIf", "Require" };

    private static readonly string[] PredicatePrefixes = { "IsValid", "IsSafe", "IsAllowed", "IsPermitted", "IsApproved", "IsWellFormed", "IsWithin", "IsKnown" };

    /// <summary>Whether a call of <paramref name="method"/> checks the values passed to it.</summary>
    public static bool IsValidator(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        if (method.DeclaringSyntaxReferences.IsDefaultOrEmpty || method.Parameters.Length == 0)
        {
            return false;
        }

        if (method.ReturnType.SpecialType == SpecialType.System_Boolean)
        {
            return StartsWithAny(method.Name, PredicatePrefixes);
        }

        return Guards.ReturnsNothing(method) && StartsWithAny(method.Name, CheckingPrefixes) && CanThrow(method);
    }

    private static bool StartsWithAny(string name, string[] prefixes) =>
        prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || char.IsUpper(name[prefix.Length])));

    private static bool CanThrow(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax().DescendantNodes().Any(node =>
            node is ThrowStatementSyntax or ThrowExpressionSyntax
            || node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: { } name } } && name.StartsWith("ThrowIf", StringComparison.Ordinal)));
}
