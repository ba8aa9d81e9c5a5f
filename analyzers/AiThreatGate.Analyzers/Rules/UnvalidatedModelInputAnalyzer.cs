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

/// <summary>
/// AITG021: untrusted input reaches a user prompt or a model's inference input with no validation on the way: no
/// dominating length or range check, no DataAnnotations enforced by <c>[ApiController]</c>, <c>ModelState.IsValid</c>
/// or minimal-API validation, no FluentValidation call, no configured validator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnvalidatedModelInputAnalyzer : DiagnosticAnalyzer, ITaintRule
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG021);

    private static readonly ImmutableArray<TaintRuleDefinition> RuleDefinitions = ImmutableArray.Create(
        new TaintRuleDefinition(
            RuleCatalog.AITG021,
            compilation => PromptSinks.Create(compilation)?.FinderFor(PromptRole.User, PromptRole.ModelInput),
            compilation => new SinkRuleOptions(TaintSources.UntrustedInput)
            {
                ContextSanitizer = InputValidation.IsTruncation,
                ContextCheck = InputValidation.IsCheck,
                ExemptSource = new InputValidation(compilation).IsValidatedByModelBinding,
            },
            PromptSinks.OperationKinds));

    ImmutableArray<TaintRuleDefinition> ITaintRule.Definitions => RuleDefinitions;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor markup compiles to generated code: the driver analyzes that and skips all other generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(start, RuleDefinitions));
    }
}
