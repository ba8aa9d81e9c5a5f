using System;
using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG005: native libraries or assemblies loaded from a path that comes with a model (its configuration, its folder, a download).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NativeCodeWithModelAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] ModelWords = { "model", "onnx", "gguf", "checkpoint", "weights", "customop", "custom_op" };

    private static readonly string[] NonMlModelWords = { "ViewModel", "viewModel", "PageModel", "pageModel", "ModelState", "modelState", "ModelBind", "modelBind", "DataModel", "dataModel", "ReadModel", "readModel", "DomainModel", "domainModel" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG005);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var sessionOptions = CodeLoaders.CustomOpRegistrars(start.Compilation);
            var modelApis = ModelArtifactApis.Create(start.Compilation);
            if (sessionOptions.IsEmpty && modelApis is null)
            {
                // Without a model library there is no model to come with the native code.
                return;
            }

            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.MembersOrMentioning(CodeLoaders.Names),
                (context, block) =>
                {
                    var invocation = (IInvocationOperation)context.Operation;
                    var method = invocation.TargetMethod;
                    if (invocation.Arguments.IsEmpty)
                    {
                        return;
                    }

                    var path = invocation.Arguments[0].Value;
                    if (CodeLoaders.IsCustomOpRegistration(method, sessionOptions))
                    {
                        if (!path.ConstantValue.HasValue)
                        {
                            Report(context, invocation, Origin(path, block) ?? "a value that is not a constant");
                        }

                        return;
                    }

                    if (!CodeLoaders.IsCodeLoader(method))
                    {
                        return;
                    }

                    var origin = Origin(path, block);
                    if (origin is not null)
                    {
                        Report(context, invocation, origin);
                    }
                },
                OperationKind.Invocation);
        });
    }

    /// <summary>Where a path comes from when that is a download or the model's own configuration; null when it is neither.</summary>
    private static string? Origin(IOperation path, BlockFlow block)
    {
        string? origin = null;
        block.Flow.Walk(path, operation =>
        {
            if (ArtifactOrigins.IsDownload(operation))
            {
                origin = "a download";
                return true;
            }

            if (IsAboutModel(operation))
            {
                origin = "the model's configuration or location";
                return true;
            }

            return false;
        });
        return origin;
    }

    private static bool IsAboutModel(IOperation operation)
    {
        // The value's own name (modelDir, OnnxPath, options.ModelFolder) says it belongs to a model; the name of the
        // class that holds it does not: a plugin loader in a "ModelManager" or a view model loads no model.
        var symbol = ValueFlow.ReferencedSymbol(operation);
        if (symbol is not null && MentionsModel(symbol.Name))
        {
            return true;
        }

        if (operation.ConstantValue is { HasValue: true, Value: string text } && MentionsModel(text))
        {
            return true;
        }

        // A value of a model's type (a ModelConfig read from disk) counts; `this` of the class doing the loading does not.
        return operation is not IInstanceReferenceOperation && operation.Type is { } type && MentionsModel(type.Name) && type.SpecialType == SpecialType.None;
    }

    private static bool MentionsModel(string text)
    {
        // MVC and UI "models" (view models, page models, model binding and state) are not machine-learning models.
        foreach (var unrelated in NonMlModelWords)
        {
            text = text.Replace(unrelated, string.Empty);
        }

        foreach (var word in ModelWords)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationContext context, IInvocationOperation invocation, string origin) =>
        context.ReportDiagnostic(Diagnostic.Create(
            RuleCatalog.AITG005,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
            origin));
}
