using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG003: a model (or serialized artefact) fetched over the network reaches a load with no integrity check in between.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DownloadedModelLoadAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG003);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (!TypeSet.AnyOf(start.Compilation, "System.Net.Http.HttpClient", "System.Net.WebClient"))
            {
                return;
            }

            var apis = ModelArtifactApis.Create(start.Compilation);
            var verification = new IntegrityVerification(start.Compilation);
            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.MembersOrMentioning(InsecureFormatters.Names.Concat(ModelArtifactApis.Names).ToArray()),
                (context, block) =>
                {
                    string apiName;
                    IOperation? artifact;
                    if (apis is not null && apis.TryGetLoad(context.Operation, out var load))
                    {
                        apiName = load.ApiName;
                        artifact = load.Artifact;
                    }
                    else if (context.Operation is IInvocationOperation invocation
                        && InsecureFormatters.IsInsecureDeserialize(invocation, null, out var formatter, out artifact) && artifact is not null)
                    {
                        apiName = formatter + "." + invocation.TargetMethod.Name;
                    }
                    else
                    {
                        return;
                    }

                    if (!block.Flow.Reaches(artifact, ArtifactOrigins.IsDownload, out var source) || source is not IInvocationOperation download)
                    {
                        return;
                    }

                    var verifiers = AnalyzerSettings.ReadList(context.Options, context.Operation.Syntax.SyntaxTree, IntegrityVerification.VerifiersOption);
                    if (verification.IsVerifiedBefore(context.Operation, artifact, block.Flow, verifiers))
                    {
                        return;
                    }

                    var plainHttp = ArtifactOrigins.IsPlainHttp(ArtifactOrigins.DownloadUrl(download, block.Flow));
                    context.ReportDiagnostic(Diagnostic.Create(
                        RuleCatalog.AITG003,
                        context.Operation.Syntax.GetLocation(),
                        plainHttp ? DiagnosticSeverity.Error : RuleCatalog.AITG003.DefaultSeverity,
                        additionalLocations: new[] { download.Syntax.GetLocation() },
                        properties: null,
                        apiName,
                        download.TargetMethod.ContainingType.Name + "." + download.TargetMethod.Name,
                        plainHttp ? " over plain HTTP, where anyone on the network path can replace it" : string.Empty));
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
        });
    }
}
