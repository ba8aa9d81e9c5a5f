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

/// <summary>AITG006: training data (ML.NET loaders feeding Fit, OpenAI fine-tuning uploads) read from a download, request input or an external location without an integrity check.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnverifiedTrainingDataAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG006);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var loaders = new TypeSet(
                start.Compilation,
                "Microsoft.ML.TextLoaderSaverCatalog",
                "Microsoft.ML.BinaryLoaderSaverCatalog",
                "Microsoft.ML.Data.TextLoader",
                "Microsoft.ML.IDataLoader`1");
            var fileClient = new TypeSet(start.Compilation, "OpenAI.Files.OpenAIFileClient");
            if (loaders.IsEmpty && fileClient.IsEmpty)
            {
                return;
            }

            var verification = new IntegrityVerification(start.Compilation);
            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.Members,
                (context, block) =>
                {
                    var invocation = (IInvocationOperation)context.Operation;
                    var method = invocation.TargetMethod;
                    IOperation? data;
                    if (loaders.ContainsOrInherits(method.ContainingType) && (method.Name.StartsWith("LoadFrom", StringComparison.Ordinal) || method.Name == "Load"))
                    {
                        data = Argument(invocation, "path", "source", "fileSource", "stream");
                        if (data is null || !FeedsTraining(invocation, block))
                        {
                            return;
                        }
                    }
                    else if (fileClient.Contains(method.ContainingType)
                        && method.Name.StartsWith("UploadFile", StringComparison.Ordinal) && IsFineTunePurpose(invocation))
                    {
                        data = invocation.Arguments.IsEmpty ? null : invocation.Arguments[0].Value;
                        if (data is null)
                        {
                            return;
                        }
                    }
                    else
                    {
                        return;
                    }

                    string description;
                    if (block.Flow.Reaches(data, IsUntrustedOrigin, out var origin) && origin is not null)
                    {
                        description = ArtifactOrigins.Describe(origin);
                    }
                    else if (loaders.ContainsOrInherits(method.ContainingType) && DatasetDownloads.Before(invocation, context.Compilation) is { } download)
                    {
                        (origin, description) = download;
                    }
                    else
                    {
                        return;
                    }

                    var verifiers = AnalyzerSettings.ReadList(context.Options, context.Operation.Syntax.SyntaxTree, IntegrityVerification.VerifiersOption);
                    if (verification.IsVerifiedBefore(invocation, data, block.Flow, verifiers))
                    {
                        return;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        RuleCatalog.AITG006,
                        invocation.Syntax.GetLocation(),
                        additionalLocations: new[] { origin.Syntax.GetLocation() },
                        method.ContainingType.Name + "." + method.Name,
                        description));
                },
                OperationKind.Invocation);
        });
    }

    private static bool IsUntrustedOrigin(IOperation operation) =>
        ArtifactOrigins.IsDownload(operation) || ArtifactOrigins.IsRequestInput(operation) || ArtifactOrigins.IsExternalLocation(operation);

    private static IOperation? Argument(IInvocationOperation invocation, params string[] names)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not null && Array.IndexOf(names, argument.Parameter.Name) >= 0)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The loaded data reaches an ML.NET <c>Fit</c> in this block, or is returned unchanged for training elsewhere.</summary>
    private static bool FeedsTraining(IInvocationOperation load, BlockFlow block)
    {
        foreach (var root in block.Blocks)
        {
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod.Name: "Fit" } fit
                        when fit.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.ML", StringComparison.Ordinal) == true:
                        if (fit.Arguments.Any(argument => block.Flow.Reaches(argument.Value, candidate => ReferenceEquals(candidate, load), out _)))
                        {
                            return true;
                        }

                        break;
                    case IReturnOperation { ReturnedValue: { } returned }:
                        // Returned as is: the caller may train on it. Returned after scoring (Transform, ...): it is predictions, not training data.
                        if (block.Flow.Reaches(returned, candidate => ReferenceEquals(candidate, load), out _, candidate => candidate is IInvocationOperation && !ReferenceEquals(candidate, load)))
                        {
                            return true;
                        }

                        break;
                }
            }
        }

        return false;
    }

    private static bool IsFineTunePurpose(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.Name != "FileUploadPurpose")
            {
                continue;
            }

            var value = ValueFlow.Unwrap(argument.Value);
            if (value is IFieldReferenceOperation field)
            {
                return field.Field.Name == "FineTune";
            }

            if (value is IPropertyReferenceOperation property)
            {
                return property.Property.Name == "FineTune";
            }

            // A computed purpose may be fine-tuning: treat it as such rather than miss it.
            return !value.ConstantValue.HasValue;
        }

        return false;
    }
}
