using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// An application that runs the model's tool calls itself, in its own agent loop, instead of letting the SDK do it:
/// Semantic Kernel's <c>FunctionCallContent.InvokeAsync(kernel)</c>, or Microsoft.Extensions.AI's
/// <c>AIFunction.InvokeAsync</c> inside a <c>foreach</c> over the response's <c>FunctionCallContent</c>s. Inside a
/// loop (or a lambda applied to every call: <c>Select</c>, <c>ForEach</c>) with nothing deciding whether each call runs, it is automatic invocation
/// written by hand. A condition that decides (a permission prompt, an allowlist of tool names, a
/// <c>RequiresPermission(call)</c> check) is an approval step, unless it can never hold (a check that returns
/// <c>false</c> on every path, see <see cref="ImpossibleConditions"/>). A single invocation outside a loop (the
/// "approved, now run it" handler of an approval flow) is not counted.
/// </summary>
internal static class ManualToolInvocation
{
    private const int CheckDepth = 3;

    /// <summary>Whether <paramref name="invocation"/> runs a model-requested tool call automatically, with no approval step that can apply.</summary>
    public static bool IsUnapprovedLoopInvocation(IInvocationOperation invocation, Compilation compilation)
    {
        var kernelCall = IsKernelCallInvocation(invocation.TargetMethod);
        if (!kernelCall && !IsAIFunctionInvocation(invocation.TargetMethod))
        {
            return false;
        }

        // What names the call being run: the call object, the function looked up for it, the loop variable.
        var call = new HashSet<ISymbol>(invocation.DescendantsAndSelf().Select(ValueFlow.ReferencedSymbol).OfType<ISymbol>().Where(IsVariable), SymbolEqualityComparer.Default);
        var inLoop = false;
        for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IForEachLoopOperation loop when kernelCall || IsOverFunctionCalls(loop):
                    call.UnionWith(loop.Locals);
                    inLoop = true;
                    break;
                case ILoopOperation when kernelCall:
                case IAnonymousFunctionOperation lambda when kernelCall && IsAppliedToEach(lambda):
                    inLoop = true;
                    break;
            }
        }

        // A condition about this call decides whether it runs: in either branch of an if (approval asked, or not
        // needed), or as an earlier guard clause (`if (!allowed.Contains(call.FunctionName)) continue;`).
        bool DecidesOnCall(IOperation condition) =>
            condition.DescendantsAndSelf().Any(operation => operation is IInvocationOperation)
            && condition.DescendantsAndSelf().Any(operation => ValueFlow.ReferencedSymbol(operation) is { } symbol && call.Contains(symbol))
            && !ImpossibleConditions.NeverTrue(condition, compilation, CheckDepth);

        for (IOperation? current = invocation, parent = invocation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, current) && DecidesOnCall(conditional.Condition))
            {
                return false;
            }
        }

        return inLoop && !Guards.IsGuarded(invocation, DecidesOnCall, check => ValidatorMethods.IsValidator(check.TargetMethod));
    }

    /// <summary><c>calls.Select(call => call.InvokeAsync(kernel))</c>, <c>List.ForEach</c>, <c>Parallel.ForEachAsync</c>: a lambda run for every call (an event handler is not).</summary>
    private static bool IsAppliedToEach(IAnonymousFunctionOperation lambda)
    {
        IOperation? current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Select" or "SelectMany" or "ForEach" or "ForEachAsync" } };
    }

    // The kernel and the cancellation token an invocation is given name no call: `if (!kernel.Plugins.Any()) return;` decides nothing about it.
    private static bool IsVariable(ISymbol symbol) =>
        symbol is ILocalSymbol { Type.Name: not ("Kernel" or "CancellationToken") } or IParameterSymbol { Type.Name: not ("Kernel" or "CancellationToken") };

    /// <summary>Semantic Kernel's <c>FunctionCallContent.InvokeAsync</c>: runs the kernel function the model asked for.</summary>
    private static bool IsKernelCallInvocation(IMethodSymbol method) =>
        method.Name == "InvokeAsync" && method.ContainingType is { Name: "FunctionCallContent" } type && type.ContainingNamespace?.ToDisplayString() == "Microsoft.SemanticKernel";

    private static bool IsAIFunctionInvocation(IMethodSymbol method)
    {
        if (method.Name != "InvokeAsync")
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name == "AIFunction" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.AI")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>foreach (var call in response.Messages.SelectMany(...).OfType&lt;FunctionCallContent&gt;())</c>.</summary>
    private static bool IsOverFunctionCalls(IForEachLoopOperation loop) =>
        loop.Locals.Any(local => local.Type.Name == "FunctionCallContent");
}
