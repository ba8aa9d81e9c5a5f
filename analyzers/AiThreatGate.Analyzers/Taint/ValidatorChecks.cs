using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// What an application's validator actually tests: the values a <c>bool</c> validator returns, or the conditions on
/// which a <c>void</c> validator throws. A sink rule asks whether all of them are checks its context rejects
/// (<c>bool IsValidPath(string path) =&gt; path.StartsWith(root)</c> is not a path guard), so a validator's name
/// does not stand in for a check the rule would not accept written inline.
/// </summary>
internal static class ValidatorChecks
{
    /// <summary>Whether every check <paramref name="method"/>'s bodies make satisfies <paramref name="isInsufficient"/> (false when there is none to read).</summary>
    public static bool OnlyMakes(IMethodSymbol method, Func<SyntaxReference, IOperation?> bodyOf, Func<IOperation, bool> isInsufficient)
    {
        method = method.ReducedFrom ?? method;
        var checks = new List<IOperation>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (bodyOf(reference) is not { } body)
            {
                return false;
            }

            if (method.ReturnType.SpecialType == SpecialType.System_Boolean)
            {
                checks.AddRange(body.Descendants().OfType<IReturnOperation>().Select(r => r.ReturnedValue).OfType<IOperation>());
            }
            else
            {
                checks.AddRange(body.Descendants().OfType<IConditionalOperation>()
                    .Where(conditional => conditional.WhenTrue.DescendantsAndSelf().Any(o => o is IThrowOperation))
                    .Select(conditional => conditional.Condition));
            }
        }

        return checks.Count > 0 && checks.All(check => isInsufficient(Strip(check)));
    }

    private static IOperation Strip(IOperation check)
    {
        while (true)
        {
            switch (check)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    check = not.Operand;
                    break;
                case IConversionOperation { IsImplicit: true } conversion:
                    check = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    check = parenthesized.Operand;
                    break;
                default:
                    return check;
            }
        }
    }
}
