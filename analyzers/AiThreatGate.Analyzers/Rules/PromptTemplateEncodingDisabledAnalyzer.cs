using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>
/// AITG027: <c>AllowDangerouslySetContent</c> turned on for a Semantic Kernel prompt template (<c>PromptTemplateConfig</c>,
/// <c>InputVariable</c>, a prompt-template factory), in code or in a YAML prompt file given as an additional file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PromptTemplateEncodingDisabledAnalyzer : DiagnosticAnalyzer
{
    private const string PropertyName = "AllowDangerouslySetContent";
    private const string YamlKey = "allow_dangerously_set_content";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG027);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (TypeSet.AnyOf(start.Compilation, "Microsoft.SemanticKernel.PromptTemplateConfig", "Microsoft.SemanticKernel.IPromptTemplateFactory"))
            {
                BlockFlow.RegisterOperationAction(start, AiRelation.MembersOrMentioning(PropertyName), (operationContext, _) => AnalyzeAssignment(operationContext), OperationKind.SimpleAssignment);
            }
        });
        context.RegisterAdditionalFileAction(AnalyzePromptFile);
    }

    private static void AnalyzeAssignment(OperationContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: PropertyName } property }
            || assignment.Value.ConstantValue is { HasValue: true, Value: false }
            || !IsPromptTemplateType(property.ContainingType))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG027, assignment.Syntax.GetLocation(), property.ContainingType.Name));
    }

    private static bool IsPromptTemplateType(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true
        || type.AllInterfaces.Any(i => i.Name == "IPromptTemplateFactory");

    /// <summary>Semantic Kernel YAML prompt files (<c>allow_dangerously_set_content: true</c>), when the project passes them as AdditionalFiles.</summary>
    private static void AnalyzePromptFile(AdditionalFileAnalysisContext context)
    {
        var path = context.AdditionalFile.Path;
        if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || context.AdditionalFile.GetText(context.CancellationToken) is not { } text)
        {
            return;
        }

        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            var trimmed = content.TrimStart();
            if (!trimmed.StartsWith(YamlKey, StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed.Substring(YamlKey.Length).TrimStart();
            if (value.StartsWith(":", StringComparison.Ordinal) && value.Substring(1).Trim().StartsWith("true", StringComparison.OrdinalIgnoreCase))
            {
                var start = line.Start + (content.Length - trimmed.Length);
                var span = TextSpan.FromBounds(start, line.End);
                context.ReportDiagnostic(Diagnostic.Create(
                    RuleCatalog.AITG027,
                    Location.Create(path, span, text.Lines.GetLinePositionSpan(span)),
                    "prompt file '" + System.IO.Path.GetFileName(path) + "'"));
            }
        }
    }
}
