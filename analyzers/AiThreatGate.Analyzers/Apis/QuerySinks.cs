using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>Where text becomes a query language: a regular expression without a timeout, an XPath expression, an LDAP filter.</summary>
internal static class QuerySinks
{
    /// <summary>The operations <see cref="CreateFinder"/> recognizes.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment };

    /// <summary><c>Regex.Escape</c>: the escaped text matches itself only.</summary>
    public static bool IsRegexEscape(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "Escape", ContainingType.Name: "Regex" } };

    /// <summary>The pattern, expression or filter an operation evaluates.</summary>
    public static Func<IOperation, SinkUse?>? CreateFinder(Compilation compilation)
    {
        var regex = new TypeSet(compilation, "System.Text.RegularExpressions.Regex");
        var xpath = new TypeSet(compilation, "System.Xml.XmlNode", "System.Xml.XPath.XPathNavigator", "System.Xml.XPath.XPathExpression", "System.Xml.XPath.Extensions");
        var ldap = new TypeSet(compilation, "System.DirectoryServices.DirectorySearcher", "System.DirectoryServices.Protocols.SearchRequest");
        return operation =>
        {
            switch (operation)
            {
                case IObjectCreationOperation creation when regex.Contains(creation.Type) && !IsBounded(creation.Arguments):
                    return TaintSinkRule.Argument(creation.Arguments, "pattern") is { } pattern ? new SinkUse(pattern, "regular expression without a timeout (new Regex)") : null;
                case IInvocationOperation call when regex.Contains(call.TargetMethod.ContainingType) && call.TargetMethod.IsStatic && !IsBounded(call.Arguments):
                    return TaintSinkRule.Argument(call.Arguments, "pattern") is { } staticPattern ? new SinkUse(staticPattern, $"regular expression without a timeout (Regex.{call.TargetMethod.Name})") : null;
                case IInvocationOperation call when xpath.ContainsOrInherits(call.TargetMethod.ContainingType) || xpath.Contains(call.TargetMethod.ContainingType):
                    return TaintSinkRule.Argument(call.Arguments, "xpath", "expression") is { } expression ? new SinkUse(expression, $"XPath expression ({call.TargetMethod.Name})") : null;
                case IObjectCreationOperation creation when ldap.Contains(creation.Type):
                    return TaintSinkRule.Argument(creation.Arguments, "filter", "ldapFilter") is { } filter ? new SinkUse(filter, $"LDAP filter (new {creation.Type!.Name})") : null;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Filter" } property } assignment when ldap.Contains(property.Property.ContainingType):
                    return new SinkUse(assignment.Value, "LDAP filter (DirectorySearcher.Filter)");
                default:
                    return null;
            }
        };
    }

    /// <summary>A match timeout or the non-backtracking engine bounds the cost of a hostile pattern.</summary>
    private static bool IsBounded(ImmutableArray<IArgumentOperation> arguments) =>
        arguments.Any(a => a.Parameter?.Name == "matchTimeout")
        || arguments.Any(a => a.Parameter?.Name == "options" && a.Value.ConstantValue is { HasValue: true, Value: int options } && (options & 1024) != 0);
}
