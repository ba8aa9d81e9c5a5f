using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>The locals a pattern declares hold the value the pattern tests (<c>if (value is string text)</c>).</summary>
internal sealed partial class ValueFlow
{
    private static ILocalSymbol? DeclaredLocal(IPatternOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        _ => null,
    };

    // What a pattern tests: the value of the `is` or `switch` it belongs to, through `and`/`or`/`not` combinators. A
    // pattern nested in a property pattern tests a member, not the whole value: not followed.
    private static IOperation? PatternInput(IPatternOperation pattern)
    {
        IOperation current = pattern;
        while (current.Parent is IBinaryPatternOperation or INegatedPatternOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IIsPatternOperation isPattern => isPattern.Value,
            ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } => switchExpression.Value,
            IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } } => switchStatement.Value,
            _ => null,
        };
    }
}
