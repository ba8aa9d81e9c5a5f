using System;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// The audit level of the taint sink rules (off by default): in the members a rule already looks into (they touch an
/// AI SDK), a sink whose value is not proven constant or sanitized is reported even when no known source reaches it,
/// so that a source the analyzers do not know yet (an SDK version, an HTTP hop, a database) degrades to an audit
/// finding instead of silence. Turned on per rule in <c>.editorconfig</c>:
/// <c>aithreatgate.audit_rules = AITG010, AITG011</c> (or <c>all</c>).
/// Audit findings carry <see cref="Marker"/> in their message and have suggestion severity unless configured.
/// </summary>
internal static class AuditLevel
{
    public const string Option = "aithreatgate.audit_rules";

    /// <summary>What an audit finding names instead of a source; tools tell audit findings apart by the leading marker.</summary>
    public const string Marker = "[audit]";

    public const string SourceDescription = Marker + " a value not proven constant or sanitized (no known source reaches it)";

    public static bool IsEnabled(AnalyzerOptions options, SyntaxTree tree, string ruleId)
    {
        foreach (var rule in AnalyzerSettings.ReadList(options, tree, Option))
        {
            if (string.Equals(rule, ruleId, StringComparison.OrdinalIgnoreCase) || string.Equals(rule, "all", StringComparison.OrdinalIgnoreCase) || rule == "*")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is derived from something other than constants before any barrier (sanitizer,
    /// conversion to a safe type): a parameter, a field or property that is not constant, or a call that produces text
    /// from nothing the block shows (<c>Console.ReadLine()</c>, <c>await reader.ReadToEndAsync()</c> of an unknown stream).
    /// </summary>
    public static bool IsUnproven(IOperation value, ValueFlow flow, Func<IOperation, bool> barrier) =>
        flow.Walk(value, IsOpenLeaf, barrier);

    private static bool IsOpenLeaf(IOperation operation)
    {
        // Constants, and values that cannot carry text (numbers, dates, enums) whatever their origin.
        if (operation.ConstantValue.HasValue || TaintEngine.IsSafeType(operation.Type))
        {
            return false;
        }

        return operation switch
        {
            IParameterReferenceOperation => true,
            IFieldReferenceOperation { Field.IsConst: false } => true,
            IPropertyReferenceOperation => true,
            IInvocationOperation invocation => invocation.Instance is null && invocation.Arguments.IsEmpty,
            _ => false,
        };
    }
}
