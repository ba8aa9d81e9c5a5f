using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// Whether a method's result can carry what it was given: a helper that returns constants
/// (<c>string OrderClause(string hint) => "ORDER BY Created"</c>), or returns its argument only where an allowlist check
/// let it through (<c>Allowed.Contains(column) ? column : "Name"</c>, or after <c>if (!Allowed.Contains(column)) throw</c>),
/// gives back none of its callers' data. Such a call stops taint wherever it is called, in this project or, through a
/// <c>sanitizer</c> summary, in another.
/// </summary>
internal static class CleanResults
{
    /// <summary>Whether no value returned by <paramref name="body"/> carries an argument's data unchecked, nor anything but constants and checked arguments.</summary>
    public static bool CarriesNoInput(IOperation body, TaintSettings settings)
    {
        var flow = ValueFlow.Build(body);
        var returned = body.Descendants().OfType<IReturnOperation>().Where(r => !InNestedFunction(r, body))
            .Select(r => r.ReturnedValue).Where(v => v is not null).Select(v => v!).ToList();
        if (body is IMethodBodyOperation { ExpressionBody: { } expression })
        {
            returned.AddRange(expression.Operations.Where(o => o is not IReturnOperation));
        }

        return returned.Count > 0 && returned.All(value => IsClean(value, flow, settings));
    }

    // A lambda's or local function's return (`k => k == column` of an allowlist check) is not the method's result.
    private static bool InNestedFunction(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsClean(IOperation value, ValueFlow flow, TaintSettings settings)
    {
        // Each arm of `check ? column : "Name"` on its own: the arm the check lets through is guarded by the condition.
        if (ValueFlow.Unwrap(value) is IConditionalOperation { WhenFalse: { } whenFalse } conditional)
        {
            return IsClean(conditional.WhenTrue, flow, settings) && IsClean(whenFalse, flow, settings);
        }

        if (ValueFlow.Unwrap(value) is ISwitchExpressionOperation @switch)
        {
            return @switch.Arms.All(arm => IsClean(arm.Value, flow, settings));
        }

        // Anything but constants and parameters is an input of unknown origin: the instance, fields, other calls.
        var parameters = new List<IParameterReferenceOperation>();
        var other = flow.Walk(value, operation =>
        {
            if (operation is IParameterReferenceOperation reference)
            {
                parameters.Add(reference);
                return false;
            }

            return operation is IInstanceReferenceOperation or IFieldReferenceOperation { Field.IsConst: false } or IPropertyReferenceOperation
                or IInvocationOperation or IObjectCreationOperation;
        });
        if (other)
        {
            return false;
        }

        var carried = parameters.Where(reference => !TaintEngine.IsSafeType(reference.Parameter.Type)).ToList();
        if (carried.Count == 0)
        {
            return true;
        }

        var roots = flow.Roots(value);
        bool ChecksValue(IOperation operation) => TaintEngine.IsAllowlistCheck(operation, settings) && flow.CheckedRoots(operation).Overlaps(roots);
        return Guards.IsGuarded(value, condition => flow.Walk(condition, ChecksValue), ChecksValue);
    }
}
