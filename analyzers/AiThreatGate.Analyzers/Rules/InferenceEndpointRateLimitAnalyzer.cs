using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>
/// AITG024: an ASP.NET Core endpoint (controller action or minimal-API handler) that calls an LLM, embedding or
/// model-inference API (<see cref="ModelCalls"/>), directly or through methods of the compilation and the
/// implementations of its interfaces, with no rate limiting: no <c>[EnableRateLimiting]</c> on the
/// action or controller, no <c>RequireRateLimiting</c> on the endpoint, its route group or <c>MapControllers()</c>,
/// and no global limiter (<c>RateLimiterOptions.GlobalLimiter</c> with <c>UseRateLimiter</c>). Such an endpoint with
/// <c>[DisableRateLimiting]</c>, <c>DisableRateLimiting()</c> or <c>[DisableRequestSizeLimit]</c> is flagged too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferenceEndpointRateLimitAnalyzer : DiagnosticAnalyzer
{
    // Controller → service interface → its implementation → ... → the SDK client: four methods of the compilation
    // between the endpoint and the model call. Answers are cached per method and depth, so the cost is bounded by the
    // number of methods times the depth, and nothing is searched for code that references no model SDK.
    private const int CalleeDepth = 4;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG024);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (!TypeSet.AnyOf(start.Compilation, "Microsoft.AspNetCore.Builder.WebApplication", "Microsoft.AspNetCore.Mvc.ControllerBase")
                || PromptSinks.Create(start.Compilation) is null)
            {
                return;
            }

            var state = new EndpointState(start.Compilation, FlowSummaries.For(start.Options));
            start.RegisterSymbolAction(symbolContext => AnalyzeAction(symbolContext, state), SymbolKind.Method);
            // A Map call whose handler reaches the model only through a mediator or a service names nothing of an AI SDK:
            // the members that map endpoints are looked into like controller actions are.
            var members = AiRelation.MembersOrMentioning(AspNetCoreEndpoints.MapMethodNames);
            BlockFlow.RegisterOperationAction(start, members, (operationContext, block) => AnalyzeMap(operationContext, block, state), OperationKind.Invocation);
        });
    }

    private static void AnalyzeAction(SymbolAnalysisContext context, EndpointState state)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!AspNetCoreEndpoints.IsControllerAction(method) || state.ModelCallIn(method, CalleeDepth) is not { } modelCall)
        {
            return;
        }

        var types = Types(method.ContainingType).ToList();
        string? problem = null;
        if (AnalyzerSettings.HasAttributeNamed(method, "DisableRateLimitingAttribute")
            || !AnalyzerSettings.HasAttributeNamed(method, "EnableRateLimitingAttribute") && types.Any(t => AnalyzerSettings.HasAttributeNamed(t, "DisableRateLimitingAttribute")))
        {
            problem = "with [DisableRateLimiting]";
        }
        else if (AnalyzerSettings.HasAttributeNamed(method, "DisableRequestSizeLimitAttribute") || types.Any(t => AnalyzerSettings.HasAttributeNamed(t, "DisableRequestSizeLimitAttribute")))
        {
            problem = "with [DisableRequestSizeLimit]";
        }
        else if (!AnalyzerSettings.HasAttributeNamed(method, "EnableRateLimitingAttribute")
            && !types.Any(t => AnalyzerSettings.HasAttributeNamed(t, "EnableRateLimitingAttribute"))
            && !state.GlobalLimiter && !state.ControllersRateLimited
            && state.LimiterIn(method, CalleeDepth) is null)
        {
            problem = "without rate limiting";
        }

        if (problem is null || method.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG024, location, method.ContainingType.Name + "." + method.Name, modelCall, problem));
    }

    private static void AnalyzeMap(OperationContext context, BlockFlow block, EndpointState state)
    {
        var map = (IInvocationOperation)context.Operation;
        if (!map.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal) || map.TargetMethod.ContainingType?.Name != "EndpointRouteBuilderExtensions")
        {
            return;
        }

        var handler = map.Arguments.Select(a => ValueFlow.Unwrap(a.Value)).FirstOrDefault(v => v is IDelegateCreationOperation or IAnonymousFunctionOperation);
        var modelCall = handler switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => state.ModelCallInBody(lambda.Body, CalleeDepth),
            IAnonymousFunctionOperation lambda => state.ModelCallInBody(lambda.Body, CalleeDepth),
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => state.ModelCallIn(reference.Method, CalleeDepth),
            _ => null,
        };
        if (modelCall is null)
        {
            return;
        }

        var chain = FluentChain(map).ToList();
        var handlerMethod = handler switch
        {
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method,
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol,
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            _ => null,
        };
        string? problem = null;
        if (chain.Any(c => c.TargetMethod.Name == "DisableRateLimiting" || IsMetadata(c, "DisableRateLimitingAttribute"))
            || handlerMethod is not null && AnalyzerSettings.HasAttributeNamed(handlerMethod, "DisableRateLimitingAttribute"))
        {
            problem = "with rate limiting disabled";
        }
        else if (!chain.Any(c => c.TargetMethod.Name == "RequireRateLimiting" || IsMetadata(c, "EnableRateLimitingAttribute"))
            && !(handlerMethod is not null && AnalyzerSettings.HasAttributeNamed(handlerMethod, "EnableRateLimitingAttribute"))
            && !GroupIsRateLimited(map, block)
            && !state.GlobalLimiter
            && LimiterInHandler(handler, state) is null)
        {
            problem = "without rate limiting";
        }

        if (problem is null)
        {
            return;
        }

        var verb = map.TargetMethod.Name.Length > 3 ? map.TargetMethod.Name.Substring(3).ToUpperInvariant() : "ANY";
        var pattern = map.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value.ConstantValue is { HasValue: true, Value: string route } ? route : "?";
        context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG024, map.Syntax.GetLocation(), verb + " " + pattern, modelCall, problem));
    }

    private static string? LimiterInHandler(IOperation? handler, EndpointState state) => handler switch
    {
        IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => state.LimiterInBody(lambda.Body, CalleeDepth),
        IAnonymousFunctionOperation lambda => state.LimiterInBody(lambda.Body, CalleeDepth),
        IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => state.LimiterIn(reference.Method, CalleeDepth),
        _ => null,
    };

    /// <summary><c>.WithMetadata(new EnableRateLimitingAttribute("ai"))</c>.</summary>
    private static bool IsMetadata(IInvocationOperation call, string attributeName) =>
        call.TargetMethod.Name == "WithMetadata"
        && call.Arguments.Any(a => a.Value.DescendantsAndSelf().OfType<IObjectCreationOperation>().Any(c => c.Type?.Name == attributeName));

    /// <summary>The calls made on the endpoint builder a Map call returns: <c>app.MapPost(...).RequireRateLimiting("ai").WithName(...)</c>.</summary>
    private static IEnumerable<IInvocationOperation> FluentChain(IInvocationOperation map)
    {
        IOperation current = map;
        while (current.Parent is { } parent)
        {
            if (parent is IArgumentOperation { Parent: IInvocationOperation extension } && extension.TargetMethod.IsExtensionMethod && ReferenceEquals(extension.Arguments[0], parent))
            {
                yield return extension;
                current = extension;
            }
            else if (parent is IInvocationOperation instanceCall && ReferenceEquals(instanceCall.Instance, current))
            {
                yield return instanceCall;
                current = instanceCall;
            }
            else if (parent is IConversionOperation)
            {
                current = parent;
            }
            else
            {
                yield break;
            }
        }
    }

    /// <summary>Whether the route group the endpoint is mapped on requires rate limiting (where built, or by a later call on it).</summary>
    private static bool GroupIsRateLimited(IInvocationOperation map, BlockFlow block)
    {
        var builder = map.Arguments.FirstOrDefault()?.Value;
        if (builder is null)
        {
            return false;
        }

        if (block.Flow.Walk(builder, operation => operation is IInvocationOperation { TargetMethod.Name: "RequireRateLimiting" }))
        {
            return true;
        }

        // group.RequireRateLimiting("ai") as a statement of its own, on the very group the endpoint is mapped on (not on
        // another group of the same app).
        var group = ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(builder));
        return group is not null && block.Blocks.SelectMany(b => b.Descendants()).OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name == "RequireRateLimiting" && call.Arguments.Length > 0
            && SymbolEqualityComparer.Default.Equals(ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(call.Arguments[0].Value)), group));
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            yield return type;
        }
    }

    /// <summary>Per-compilation facts: which methods call a model, and the app-wide rate-limiting set-up.</summary>
    private sealed class EndpointState
    {
        private readonly Compilation _compilation;
        private readonly CalleeSearch _modelCalls;
        private readonly CalleeSearch _limiters;
        private readonly Lazy<(bool Global, bool Controllers)> _appWide;

        public EndpointState(Compilation compilation, FlowSummaries summaries)
        {
            _compilation = compilation;
            var modelCalls = new ModelCalls(compilation, summaries);
            var mediator = MediatorDispatch.For(compilation);
            _modelCalls = new CalleeSearch(
                compilation,
                invocation => modelCalls.IsModelCall(invocation.TargetMethod) ? invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name : null,
                mediator.HandlersRunBy);
            _limiters = new CalleeSearch(
                compilation,
                invocation => RateLimiters.IsLimit(invocation.TargetMethod) && LeaseCoversModelCalls(invocation)
                    ? invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name
                    : null,
                mediator.HandlersRunBy);
            _appWide = new Lazy<(bool, bool)>(FindAppWideLimits, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>
        /// A lease the endpoint takes from a <c>System.Threading.RateLimiting</c> limiter on its way to the model (a
        /// <c>TokenBucketRateLimiter</c> in the service that calls it), or null: limiting in code, not in the pipeline.
        /// </summary>
        public string? LimiterIn(IMethodSymbol method, int depth) => _limiters.In(method, depth);

        public string? LimiterInBody(IOperation body, int depth) => _limiters.InBody(body, depth);

        // A lease limits only the model calls made while it is held: every call of the acquiring method that reaches the
        // model must come after the lease in its block (or inside its using statement). A method that also calls the
        // model on another branch (`if (enforce) { lease... } else { call }`) lets some requests through unlimited.
        private bool LeaseCoversModelCalls(IInvocationOperation acquire)
        {
            var root = ValueFlow.Root(acquire);

            if (acquire.Syntax.FirstAncestorOrSelf<StatementSyntax>() is not { } statement)
            {
                return false;
            }

            bool Covered(SyntaxNode call) => statement is UsingStatementSyntax { Statement: { } body }
                ? body.Span.Contains(call.Span)
                : statement.Parent is BlockSyntax block && block.Span.Contains(call.Span) && call.SpanStart > statement.Span.End;

            return root.Descendants().OfType<IInvocationOperation>()
                .Where(call => !ReferenceEquals(call, acquire) && !Covered(call.Syntax))
                .All(call => _modelCalls.InBody(call, CalleeDepth - 1) is null);
        }

        public bool GlobalLimiter => _appWide.Value.Global;

        public bool ControllersRateLimited => _appWide.Value.Controllers;

        /// <summary>The model API a method calls, directly or through methods of the compilation, or null.</summary>
        public string? ModelCallIn(IMethodSymbol method, int depth) => _modelCalls.In(method, depth);

        public string? ModelCallInBody(IOperation body, int depth) => _modelCalls.InBody(body, depth);

        /// <summary>A global limiter (<c>GlobalLimiter = ...</c> with <c>UseRateLimiter()</c>, or a rate-limiting middleware) and <c>MapControllers().RequireRateLimiting(...)</c>.</summary>
        private (bool, bool) FindAppWideLimits()
        {
            bool globalLimiter = false, useRateLimiter = false, middlewareLimiter = false, controllers = false;
            foreach (var (tree, model) in CompilationScan.TreesMentioning(_compilation, AiRelation.Seeds, "RateLimit"))
            {
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GlobalLimiter" } or IdentifierNameSyntax { Identifier.ValueText: "GlobalLimiter" } } assignment
                            when model.GetSymbolInfo(assignment.Left).Symbol is IPropertySymbol { ContainingType.Name: "RateLimiterOptions" }:
                            globalLimiter = true;
                            break;
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "UseRateLimiter" } }:
                            useRateLimiter = true;
                            break;

                        // A rate-limiting middleware of the app's own or of a package (app.UseRateLimiting(),
                        // AspNetCoreRateLimit's app.UseIpRateLimiting()): every request passes it, like a global limiter.
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var use } }
                            when use.StartsWith("Use", StringComparison.Ordinal) && use.IndexOf("RateLimit", StringComparison.Ordinal) >= 0:
                            middlewareLimiter = true;
                            break;
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RequireRateLimiting", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapControllers" } } } }:
                            controllers = true;
                            break;
                    }
                }
            }

            return (globalLimiter && useRateLimiter || middlewareLimiter, controllers);
        }
    }
}
