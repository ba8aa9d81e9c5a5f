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
                    var negated = IsNegated(conditional.Condition);
                    var guardsUse = ReferenceEquals(conditional.WhenTrue, current) ? !negated : negated;
                    if (guardsUse && isCheckingCondition(conditional.Condition))
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
            IBinaryOperation { OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } comparison
                when IsSize(comparison.LeftOperand) && comparison.RightOperand.ConstantValue.HasValue => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } comparison
                when IsSize(comparison.RightOperand) && comparison.LeftOperand.ConstantValue.HasValue => true,

            // `string.IsNullOrEmpty(text) || text.Length > 500`: an alternative of failed checks fails as a whole.
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } alternative => IsNegated(alternative.LeftOperand) || IsNegated(alternative.RightOperand),
            IIsPatternOperation { Pattern: INegatedPatternOperation } => true,
            _ => false,
        };

    private static bool IsSize(IOperation operand) =>
        ValueFlow.Unwrap(operand) is IPropertyReferenceOperation { Property.Name: "Length" or "Count" } or IInvocationOperation { TargetMethod.Name: "Count" };

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
