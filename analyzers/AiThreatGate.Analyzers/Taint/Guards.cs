using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// Whether a use is protected, on every path, by a check: an earlier statement of an enclosing block that throws or
/// returns when the check fails (or a void call that throws), or the condition of the <c>if</c> whose branch holds
/// the use. What counts as a check is the caller's: digests and signatures for artefacts, allowlists for LLM output.
/// </summary>
internal static class Guards
{
    /// <param name="use">The operation to protect.</param>
    /// <param name="isCheckingCondition">Whether a condition (of an <c>if</c> or a guard clause) performs the check.</param>
    /// <param name="isCheckingCall">Whether a standalone void call performs the check (it throws on failure).</param>
    public static bool IsGuarded(IOperation use, Func<IOperation, bool> isCheckingCondition, Func<IInvocationOperation, bool> isCheckingCall)
    {
        for (IOperation? current = use, parent = use.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, current):
                    if (GuardsBranch(conditional.Condition, ReferenceEquals(conditional.WhenTrue, current), isCheckingCondition))
                    {
                        return true;
                    }

                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (ReferenceEquals(statement, current))
                        {
                            break;
                        }

                        if (IsGuardStatement(statement, isCheckingCondition, isCheckingCall))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsGuardStatement(IOperation statement, Func<IOperation, bool> isCheckingCondition, Func<IInvocationOperation, bool> isCheckingCall) => statement switch
    {
        IConditionalOperation conditional =>
            (Exits(conditional.WhenTrue) || conditional.WhenFalse is not null && Exits(conditional.WhenFalse)) && isCheckingCondition(conditional.Condition),
        IExpressionStatementOperation expression =>
            ValueFlow.Unwrap(expression.Operation) is IInvocationOperation invocation && ReturnsNothing(invocation.TargetMethod) && isCheckingCall(invocation),
        IUsingOperation @using => IsGuardStatement(@using.Body, isCheckingCondition, isCheckingCall),
        ITryOperation @try => IsGuardStatement(@try.Body, isCheckingCondition, isCheckingCall),
        IBlockOperation block => block.Operations.Any(inner => IsGuardStatement(inner, isCheckingCondition, isCheckingCall)),
        _ => false,
    };

    public static bool ReturnsNothing(IMethodSymbol method) =>
        method.ReturnsVoid || method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", IsGenericType: false };

    // Whether the branch of `condition` (true or false) runs only when a check in it has passed. Both sides of `||` are
    // false in its false branch, so one side whose failure is the check guards it (`string.IsNullOrEmpty(q) ||
    // q.Length > 500 ? reject : use`), but a side that passes there does not (`Allowed.Contains(c) || c.Length > 64 ?
    // "Name" : c` runs `c` exactly when it is not allowed); `&&` is the mirror image.
    private static bool GuardsBranch(IOperation condition, bool whenTrue, Func<IOperation, bool> isCheckingCondition)
    {
        switch (ValueFlow.Unwrap(condition))
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                return whenTrue
                    ? GuardsBranch(either.LeftOperand, true, isCheckingCondition) && GuardsBranch(either.RightOperand, true, isCheckingCondition)
                    : GuardsBranch(either.LeftOperand, false, isCheckingCondition) || GuardsBranch(either.RightOperand, false, isCheckingCondition);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                return whenTrue
                    ? GuardsBranch(both.LeftOperand, true, isCheckingCondition) || GuardsBranch(both.RightOperand, true, isCheckingCondition)
                    : GuardsBranch(both.LeftOperand, false, isCheckingCondition) && GuardsBranch(both.RightOperand, false, isCheckingCondition);
            default:
                var negated = IsNegated(condition);
                return (whenTrue ? !negated : negated) && isCheckingCondition(condition);
        }
    }

    private static bool IsNegated(IOperation condition) =>
        ValueFlow.Unwrap(condition) switch
        {
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } => true,

            // An index lookup: `IndexOf(x) < 0` and `== -1` test that the value is absent, `!= -1` that it is present.
            IBinaryOperation { RightOperand.ConstantValue: { HasValue: true, Value: int bound } } comparison when IsIndexLookup(comparison.LeftOperand) =>
                comparison.OperatorKind switch
                {
                    BinaryOperatorKind.LessThan => bound <= 0,
                    BinaryOperatorKind.LessThanOrEqual => bound < 0,
                    BinaryOperatorKind.Equals => bound < 0,
                    _ => false,
                },
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } => true,

            // A length limit holds when `text.Length > 500` (or `500 < text.Length`) is false: `Length > 500 ? BadRequest() : Ok(Use(text))`.
            // `Length > 0` (or `>= 1`) tests that the text is not empty: not a limit, true when the text is usable.
            IBinaryOperation { OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } comparison
                when IsSize(comparison.LeftOperand) && IsLimit(comparison.RightOperand, comparison.OperatorKind == BinaryOperatorKind.GreaterThanOrEqual) => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } comparison
                when IsSize(comparison.RightOperand) && IsLimit(comparison.LeftOperand, comparison.OperatorKind == BinaryOperatorKind.LessThanOrEqual) => true,

            IInvocationOperation { TargetMethod.Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace" } => true,
            IIsPatternOperation { Pattern: INegatedPatternOperation } => true,
            _ => false,
        };

    private static bool IsSize(IOperation operand) => ValueFlow.Unwrap(operand) switch
    {
        IPropertyReferenceOperation { Property.Name: "Length" or "Count" } => true,

        // `items.Count()`, not `Allowed.Count(a => a == cmd)`: a predicate makes it a membership test.
        IInvocationOperation { TargetMethod.Name: "Count" } count => count.Arguments.Length == (count.TargetMethod.IsExtensionMethod ? 1 : 0),
        _ => false,
    };

    // A constant bound above "not empty": `> 0` and `>= 1` only test that something is there.
    private static bool IsLimit(IOperation bound, bool inclusive) =>
        bound.ConstantValue is { HasValue: true, Value: int limit } && (inclusive ? limit > 1 : limit > 0);

    private static bool IsIndexLookup(IOperation operand) =>
        ValueFlow.Unwrap(operand) is IInvocationOperation { TargetMethod.Name: "IndexOf" or "BinarySearch" or "FindIndex" };

    private static bool Exits(IOperation branch)
    {
        // A break or continue of a loop or switch inside the branch stays in the branch.
        var innerTargets = new HashSet<ILabelSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in OwnOperations(branch))
        {
            switch (operation)
            {
                case ILoopOperation loop:
                    innerTargets.Add(loop.ExitLabel);
                    innerTargets.Add(loop.ContinueLabel);
                    break;
                case ISwitchOperation @switch:
                    innerTargets.Add(@switch.ExitLabel);
                    break;
            }
        }

        foreach (var operation in OwnOperations(branch))
        {
            switch (operation)
            {
                case IThrowOperation:
                case IReturnOperation:
                    return true;
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } jump when !innerTargets.Contains(jump.Target):
                    return true;
                case IInvocationOperation invocation when invocation.TargetMethod.Name.StartsWith("Throw", StringComparison.Ordinal)
                    || invocation.TargetMethod.Name is "Exit" or "FailFast":
                    return true;
            }
        }

        return false;
    }

    // The branch's operations, without the bodies of lambdas and local functions it declares: a `return` there ends
    // the lambda (`methods.Add(ct => Launch(name, ct))`), not the branch, so it does not make the branch a guard clause.
    private static IEnumerable<IOperation> OwnOperations(IOperation branch)
    {
        var pending = new Stack<IOperation>();
        pending.Push(branch);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
