using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG016: model output used as a regular expression without a timeout, an XPath expression or an LDAP filter.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToQueryAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG016);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG016,
            TaintSources.LlmOutput,
            CreateSinkFinder,
            contextSanitizer: operation => operation is IInvocationOperation { TargetMethod: { Name: "Escape", ContainingType.Name: "Regex" } },
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.SimpleAssignment));
    }

    private static Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation)
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
