using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG002: a model file or buffer is loaded with no digest or signature check before it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnverifiedModelLoadAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG002);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var apis = ModelArtifactApis.Create(start.Compilation);
            if (apis is null)
            {
                return;
            }

            var verification = new IntegrityVerification(start.Compilation);
            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.MembersOrMentioning(ModelArtifactApis.Names),
                (context, block) =>
                {
                    if (!apis.TryGetLoad(context.Operation, out var load))
                    {
                        return;
                    }

                    // Downloaded models are AITG003's, with a more precise message.
                    if (block.Flow.Reaches(load.Artifact, ArtifactOrigins.IsDownload, out _))
                    {
                        return;
                    }

                    var verifiers = AnalyzerSettings.ReadList(context.Options, context.Operation.Syntax.SyntaxTree, IntegrityVerification.VerifiersOption);
                    if (verification.IsVerifiedBefore(load.Operation, load.Artifact, block.Flow, verifiers))
                    {
                        return;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG002, load.Operation.Syntax.GetLocation(), load.ApiName));
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
        });
    }
}
