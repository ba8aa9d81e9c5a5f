using System;
using System.Collections.Immutable;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG015: model output chooses an outbound request's target (HttpClient, HttpRequestMessage, BaseAddress, WebClient, WebRequest).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToRequestAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] UriParameters = { "requestUri", "address", "requestUriString" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG015);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => TaintSinkRule.Register(
            start,
            RuleCatalog.AITG015,
            TaintSources.LlmOutput,
            CreateSinkFinder,
            contextSanitizer: operation => operation is IInvocationOperation { TargetMethod: { Name: "EscapeDataString" or "UrlEncode", ContainingType.Name: "Uri" or "WebUtility" or "HttpUtility" } },
            contextCheck: null,
            OperationKind.ObjectCreation,
            OperationKind.Invocation,
            OperationKind.SimpleAssignment));
    }

    private static Func<IOperation, SinkUse?>? CreateSinkFinder(Compilation compilation)
    {
        var clients = new TypeSet(compilation, "System.Net.Http.HttpClient", "System.Net.WebClient", "System.Net.WebRequest", "System.Net.Http.Json.HttpClientJsonExtensions");
        var message = new TypeSet(compilation, "System.Net.Http.HttpRequestMessage");
        if (clients.IsEmpty)
        {
            return null;
        }

        return operation => operation switch
        {
            IInvocationOperation invocation when clients.Contains(invocation.TargetMethod.ContainingType) && TaintSinkRule.Argument(invocation.Arguments, UriParameters) is { } uri =>
                new SinkUse(uri, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name),
            IObjectCreationOperation creation when message.Contains(creation.Type) && TaintSinkRule.Argument(creation.Arguments, "requestUri") is { } uri =>
                new SinkUse(uri, "new HttpRequestMessage"),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BaseAddress" or "RequestUri" } property } assignment
                when clients.Contains(property.Property.ContainingType) || message.Contains(property.Property.ContainingType) =>
                new SinkUse(assignment.Value, property.Property.ContainingType.Name + "." + property.Property.Name),
            _ => null,
        };
    }
}
