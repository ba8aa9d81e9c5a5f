using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// Conditions that can never hold: the constant <c>false</c>, a conjunction with such a part, a disjunction of them,
/// or a call of a method of this compilation that cannot return <c>true</c> (every <c>return</c> gives <c>false</c>,
/// or <c>true</c> only under a condition that never holds). A check left disabled (<c>bool RequiresPermission(...)
/// { return false; }</c>, a TODO in place of the real test) looks like a check but decides nothing.
/// </summary>
internal static class ImpossibleConditions
{
    /// <summary>Whether <paramref name="condition"/> is false whatever the input, following calls <paramref name="depth"/> levels deep.</summary>
    public static bool NeverTrue(IOperation condition, Compilation compilation, int depth)
    {
        switch (Unwrap(condition))
        {
            case { ConstantValue: { HasValue: true, Value: bool value } }:
                return !value;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and:
                return NeverTrue(and.LeftOperand, compilation, depth) || NeverTrue(and.RightOperand, compilation, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } or:
                return NeverTrue(or.LeftOperand, compilation, depth) && NeverTrue(or.RightOperand, compilation, depth);
            case IInvocationOperation { TargetMethod: { ReturnType.SpecialType: SpecialType.System_Boolean } method } when depth > 0:
                var bodies = ImplementationIndex.For(compilation).BodiesOf(method);
                return bodies.Count > 0 && bodies.All(body => NeverReturnsTrue(body, compilation, depth - 1));
            default:
                return false;
        }
    }

    private static bool NeverReturnsTrue(IMethodSymbol method, Compilation compilation, int depth)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (CompilationScan.Operation(compilation, reference) is not { } body)
            {
                return false;
            }

            var returns = body.Descendants().OfType<IReturnOperation>().Where(r => r.ReturnedValue is not null).ToList();
            if (returns.Count == 0 || !returns.All(r => NeverTrue(r.ReturnedValue!, compilation, depth) || OnlyUnderImpossibleCondition(r, compilation, depth)))
            {
                return false;
            }
        }

        return !method.DeclaringSyntaxReferences.IsEmpty;
    }

    /// <summary><c>if (never) return true;</c>: the return sits in the true branch of a condition that never holds.</summary>
    private static bool OnlyUnderImpossibleCondition(IOperation operation, Compilation compilation, int depth)
    {
        for (IOperation? current = operation, parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && ReferenceEquals(conditional.WhenTrue, current) && NeverTrue(conditional.Condition, compilation, depth))
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation or IAwaitOperation)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => ((IAwaitOperation)operation).Operation,
            };
        }

        return operation;
    }
}
