using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG004: pickle-based loading through pythonnet or TorchSharp.PyBridge, and evaluation of non-constant Python code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PickleModelFormatAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] PickleModules = { "pickle", "_pickle", "cPickle", "torch", "joblib", "dill", "cloudpickle", "pandas", "numpy", "shelve" };
    private static readonly string[] PythonCodeRunners = { "Exec", "Eval", "RunSimpleString", "RunString", "Compile" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG004);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var py = new TypeSet(start.Compilation, "Python.Runtime.Py");
            var codeRunners = new TypeSet(start.Compilation, "Python.Runtime.PythonEngine", "Python.Runtime.PyModule");
            // load_py of a module (weights) and of an optimizer (its state, saved by torch.save as a .pth pickle too).
            var pyBridge = new TypeSet(start.Compilation, "TorchSharp.PyBridge.PyBridgeModuleExtensions", "TorchSharp.PyBridge.PyBridgeOptimizerExtensions");
            if (py.IsEmpty && pyBridge.IsEmpty)
            {
                return;
            }

            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.Members,
                (context, block) =>
                {
                    switch (context.Operation)
                    {
                        case IDynamicInvocationOperation dynamicCall when !py.IsEmpty:
                            AnalyzeDynamicCall(context, dynamicCall, block, py);
                            break;
                        case IInvocationOperation invocation:
                            AnalyzeInvocation(context, invocation, block, py, codeRunners, pyBridge);
                            break;
                    }
                },
                OperationKind.DynamicInvocation,
                OperationKind.Invocation);
        });
    }

    private static void AnalyzeDynamicCall(OperationContext context, IDynamicInvocationOperation call, BlockFlow block, TypeSet py)
    {
        if (call.Operation is not IDynamicMemberReferenceOperation { Instance: { } receiver } member)
        {
            return;
        }

        var module = ImportedModule(receiver, block, py);
        if (module is null || !IsPickleLoad(module, member.MemberName, call))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG004, call.Syntax.GetLocation(), "Python '" + module + "." + member.MemberName + "'"));
    }

    private static void AnalyzeInvocation(
        OperationContext context,
        IInvocationOperation invocation,
        BlockFlow block,
        TypeSet py,
        TypeSet codeRunners,
        TypeSet pyBridge)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (pyBridge.Contains(containing) && method.Name.StartsWith("load_py", StringComparison.Ordinal))
        {
            context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG004, invocation.Syntax.GetLocation(), "TorchSharp.PyBridge '" + method.Name + "' reads a PyTorch pickle and"));
            return;
        }

        if (codeRunners.Contains(containing)
            && Array.IndexOf(PythonCodeRunners, method.Name) >= 0
            && !invocation.Arguments.IsEmpty
            && !invocation.Arguments[0].Value.ConstantValue.HasValue)
        {
            context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG004, invocation.Syntax.GetLocation(), "Running Python code that is not a constant with '" + containing!.Name + "." + method.Name + "'"));
            return;
        }

        // Non-dynamic pythonnet: module.InvokeMethod("loads", ...) or module.GetAttr("load").Invoke(...).
        if (!py.IsEmpty && method.Name is "InvokeMethod" or "GetAttr" && invocation.Instance is { } receiver && !invocation.Arguments.IsEmpty
            && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string memberName })
        {
            var module = ImportedModule(receiver, block, py);
            if (module is not null && IsPickleLoad(module, memberName, null))
            {
                context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG004, invocation.Syntax.GetLocation(), "Python '" + module + "." + memberName + "'"));
            }
        }
    }

    /// <summary>The pickle-family module a receiver comes from (<c>Py.Import("torch")</c>, possibly through locals and attribute access).</summary>
    private static string? ImportedModule(IOperation receiver, BlockFlow block, TypeSet py)
    {
        string? module = null;
        block.Flow.Walk(receiver, operation =>
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Import" } import
                && py.Contains(import.TargetMethod.ContainingType)
                && !import.Arguments.IsEmpty
                && import.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string name })
            {
                var root = name.Split('.')[0];
                if (Array.IndexOf(PickleModules, root) >= 0)
                {
                    module = name;
                    return true;
                }
            }

            // A property or field of this compilation that returns an import: read its declaration (no semantic model needed).
            if (ValueFlow.ReferencedSymbol(operation) is { } member and (IPropertySymbol or IFieldSymbol) && module is null)
            {
                module = ImportedModuleInDeclaration(member);
                return module is not null;
            }

            return false;
        });
        return module;
    }

    private static string? ImportedModuleInDeclaration(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            foreach (var call in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Import", Expression: IdentifierNameSyntax { Identifier.ValueText: "Py" } }
                    && call.ArgumentList.Arguments.Count == 1
                    && call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal
                    && literal.Token.Value is string name
                    && Array.IndexOf(PickleModules, name.Split('.')[0]) >= 0)
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static bool IsPickleLoad(string module, string member, IDynamicInvocationOperation? call)
    {
        var root = module.Split('.')[0];
        switch (root)
        {
            case "torch":
                return member == "load" && !HasKeywordTrue(call, "weights_only");
            case "numpy":
                return member == "load" && HasKeywordTrue(call, "allow_pickle");
            case "pandas":
                return member == "read_pickle";
            case "shelve":
                return member == "open";
            default:
                return member is "load" or "loads" or "Unpickler";
        }
    }

    private static bool HasKeywordTrue(IDynamicInvocationOperation? call, string keyword)
    {
        if (call is null)
        {
            return false;
        }

        for (var i = 0; i < call.Arguments.Length; i++)
        {
            var argument = call.Arguments[i];
            if (call.GetArgumentName(i) == keyword && argument.ConstantValue is { HasValue: true, Value: true })
            {
                return true;
            }

            // pythonnet's Py.kw("weights_only", true)
            if (argument is IInvocationOperation { TargetMethod.Name: "kw" } kw)
            {
                var values = new System.Collections.Generic.List<IOperation>();
                foreach (var kwArgument in kw.Arguments)
                {
                    if (kwArgument.ArgumentKind == ArgumentKind.ParamArray && kwArgument.Value is IArrayCreationOperation { Initializer: { } elements })
                    {
                        values.AddRange(elements.ElementValues);
                    }
                    else
                    {
                        values.Add(kwArgument.Value);
                    }
                }

                for (var k = 0; k + 1 < values.Count; k += 2)
                {
                    if (ValueFlow.Unwrap(values[k]).ConstantValue.Value as string == keyword && IsTrue(values[k + 1]))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsTrue(IOperation value) => ValueFlow.Unwrap(value).ConstantValue is { HasValue: true, Value: true };
}
