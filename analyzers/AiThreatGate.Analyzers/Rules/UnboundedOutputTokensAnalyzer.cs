using System;
using System.Collections.Concurrent;
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
/// AITG023: a completion call whose options set no output-token limit (OpenAI <c>MaxOutputTokenCount</c>,
/// Microsoft.Extensions.AI <c>MaxOutputTokens</c>, Semantic Kernel <c>MaxTokens</c>, LLamaSharp <c>MaxTokens</c>,
/// OllamaSharp <c>NumPredict</c>). Options are followed within the method, into helpers and fields of the
/// compilation that build them; options received as a parameter are the caller's business; a
/// Microsoft.Extensions.AI pipeline with <c>ConfigureOptions</c> setting the limit covers every
/// <c>IChatClient</c> call. Anthropic requires <c>MaxTokens</c>, so its calls are never flagged. A limit set in the
/// method from request input (a bound parameter, a DTO member) with no cap on the way (<c>Math.Min</c>/<c>Clamp</c>,
/// a range check that rejects, a validated <c>[Range]</c>) is no limit: the caller picks it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedOutputTokensAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG023);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (PromptSinks.Create(start.Compilation) is null)
            {
                return;
            }

            var limits = new LimitSearch(start.Compilation);
            var requestLimits = new RequestChosenLimit(start.Compilation);
            BlockFlow.RegisterOperationAction(start, AiRelation.Members, (operationContext, block) => Analyze(operationContext, block, limits, requestLimits), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationContext context, BlockFlow block, LimitSearch limits, RequestChosenLimit requestLimits)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!OutputTokenLimits.TryGet(method, out var api))
        {
            return;
        }

        if (api.CoveredByPipeline && limits.PipelineSetsDefault)
        {
            return;
        }

        IOperation? options;
        if (api.OptionsOnReceiver)
        {
            options = invocation.Instance;
        }
        else
        {
            var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && api.IsOptionsParameter(p));
            if (argument is null && OutputTokenLimits.HasProtocolBody(invocation))
            {
                return; // protocol methods: the JSON body is the caller's
            }

            options = argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Value.ConstantValue is { HasValue: true, Value: null } ? null : argument.Value;
        }

        var name = method.ContainingType.Name + "." + method.Name;
        if (options is null || limits.SetsLimit(options, block, api.LimitProperty, out var limitAssignment) == false)
        {
            context.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG023, invocation.Syntax.GetLocation(), name, "without an output-token limit; set " + api.Advice));
            return;
        }

        if (limitAssignment is not null && requestLimits.UncappedSource(limitAssignment, block, context.Options) is { } source)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                RuleCatalog.AITG023,
                invocation.Syntax.GetLocation(),
                additionalLocations: new[] { source.Syntax.GetLocation() },
                properties: null,
                name,
                "with an output-token limit taken from the request (" + requestLimits.Describe(source) + ") without a cap; clamp it to a server-side maximum (Math.Min) or reject larger values"));
        }
    }

    /// <summary>
    /// A limit the caller chooses: the value assigned to the limit property is derived from request input (a bound
    /// parameter or DTO member, a read of the request) with nothing on the way that caps it: <c>Math.Min</c>,
    /// <c>Math.Clamp</c>, a conditional on a comparison, a range check before it that rejects, or DataAnnotations
    /// (<c>[Range]</c>) that model binding enforces. Console and command-line input is the operator's own and does not count.
    /// </summary>
    private sealed class RequestChosenLimit
    {
        private readonly SourceMatcher _requestInput;
        private readonly InputValidation _validation;

        public RequestChosenLimit(Compilation compilation)
        {
            _requestInput = UntrustedInputSources.RequestValues(compilation);
            _validation = new InputValidation(compilation);
        }

        public string Describe(IOperation source) => _requestInput.Describe(source);

        public IOperation? UncappedSource(ISimpleAssignmentOperation limit, BlockFlow block, AnalyzerOptions options)
        {
            var requestInput = _requestInput;
            if (limit.Value.ConstantValue.HasValue)
            {
                return null;
            }

            var settings = TaintSettings.Read(options, limit.Syntax.SyntaxTree, TaintSources.UntrustedInput);
            bool IsSource(IOperation operation) =>
                requestInput.IsSource(operation, settings) && requestInput.SeverityOf(operation) is null && !_validation.IsValidatedByModelBinding(operation);
            if (!block.Flow.Reaches(limit.Value, IsSource, out var source, operation => IsCap(operation) || _validation.IsValidatedByModelBinding(operation)))
            {
                return null;
            }

            // `if (request.MaxTokens > 4000) return BadRequest();` before the assignment: a check of the limit's own
            // numeric values (not of another member of the same request object).
            var limitValues = new HashSet<object>(block.Flow.Roots(limit.Value).Where(root => root is ISymbol symbol && TaintEngine.IsSafeType(TypeOf(symbol))));
            bool ChecksLimit(IOperation operation) => IsRangeCheck(operation) && block.Flow.Roots(operation).Overlaps(limitValues);
            return Guards.IsGuarded(limit, condition => block.Flow.Walk(condition, ChecksLimit), ChecksLimit) ? null : source;
        }

        private static bool IsCap(IOperation operation) => operation switch
        {
            IInvocationOperation { TargetMethod: { Name: "Min" or "Clamp" } method } => method.ContainingType?.Name is "Math" or "MathF" || method.ContainingType?.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double,
            IConditionalOperation { Condition: { } condition } => IsRangeCheck(condition) || condition.Descendants().Any(IsRangeCheck),
            ISwitchExpressionOperation { Arms: var arms } => arms.Any(arm => arm.Pattern.DescendantsAndSelf().Any(p => p is IRelationalPatternOperation)),
            _ => false,
        };

        // `max > 2000`, `max is <= 0 or > 2000`, a validator call.
        private static bool IsRangeCheck(IOperation operation) =>
            InputValidation.IsCheck(operation) || operation is IIsPatternOperation { Pattern: { } pattern } && pattern.DescendantsAndSelf().Any(p => p is IRelationalPatternOperation);

        private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };
    }

    /// <summary>Where an options value gets its output-token limit: in the method, in a helper that builds it, in a field's initializer.</summary>
    private sealed class LimitSearch
    {
        private readonly Compilation _compilation;
        private readonly Lazy<bool> _pipelineSetsDefault;
        private readonly ConcurrentDictionary<(ISymbol, string, int), bool> _memberSetsLimit = new();

        public LimitSearch(Compilation compilation)
        {
            _compilation = compilation;
            _pipelineSetsDefault = new Lazy<bool>(FindPipelineDefault, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public bool PipelineSetsDefault => _pipelineSetsDefault.Value;

        /// <summary>True: a limit is set; false: none is; null: the options come from the caller (unknown here).</summary>
        /// <param name="limitAssignment">The assignment in this method that sets the limit, when that is where it is set.</param>
        public bool? SetsLimit(IOperation options, BlockFlow block, string limit, out ISimpleAssignmentOperation? limitAssignment)
        {
            var limitedSymbols = new Dictionary<ISymbol, ISimpleAssignmentOperation?>(SymbolEqualityComparer.Default);
            foreach (var root in block.Blocks)
            {
                foreach (var assignment in root.Descendants().OfType<ISimpleAssignmentOperation>())
                {
                    // options.MaxOutputTokenCount = 100; chat.Options = new RequestOptions { NumPredict = 200 };
                    if (assignment.Target is IPropertyReferenceOperation { Instance: { } instance } && LimitedSymbol(instance) is { } symbol
                        && (IsLimitAssignment(assignment, limit) ? assignment : assignment.Value.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>().FirstOrDefault(inner => IsLimitAssignment(inner, limit))) is { } setting)
                    {
                        limitedSymbols[symbol] = setting;
                    }
                }
            }

            var fromCaller = false;
            ISimpleAssignmentOperation? setter = null;
            var found = block.Flow.Walk(options, operation =>
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation direct when IsLimitAssignment(direct, limit):
                        setter = direct;
                        return true;
                    case IParameterReferenceOperation parameter when IsSameKind(parameter.Parameter.Type, options.Type):
                        fromCaller = true;
                        return false;
                    case IInvocationOperation call when !call.TargetMethod.DeclaringSyntaxReferences.IsEmpty:
                        return MemberSetsLimit(call.TargetMethod.OriginalDefinition, limit);
                    case IFieldReferenceOperation or IPropertyReferenceOperation when ValueFlow.ReferencedSymbol(operation) is { DeclaringSyntaxReferences.IsEmpty: false } member
                        && MemberSetsLimit(member, limit):
                        return true;
                }

                if (ValueFlow.ReferencedSymbol(operation) is { } referenced && limitedSymbols.TryGetValue(referenced, out var statement))
                {
                    setter = statement;
                    return true;
                }

                return false;
            });
            limitAssignment = setter;
            return found ? true : fromCaller ? null : false;
        }

        /// <summary>A parameter of the options' own type (or a subtype): the options come from the caller.</summary>
        private static bool IsSameKind(ITypeSymbol parameterType, ITypeSymbol? optionsType)
        {
            if (optionsType is null)
            {
                return false;
            }

            for (var type = parameterType; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, optionsType))
                {
                    return true;
                }
            }

            return parameterType.AllInterfaces.Contains(optionsType, SymbolEqualityComparer.Default);
        }

        // The wire names of the output-token limit (OpenAI, Azure OpenAI, Gemini, Ollama), as extension data carries them.
        private static readonly string[] LimitEntryNames = { "max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens", "maxTokens", "num_predict" };

        private static bool IsLimitEntry(IOperation target) =>
            target is IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
            && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }
            && Array.IndexOf(LimitEntryNames, key) >= 0;

        private static ISymbol? LimitedSymbol(IOperation instance)
        {
            // options.MaxOutputTokenCount = 100; request.Options.NumPredict = 200; chat.Options = ... (the holder is what is passed)
            var current = ValueFlow.Unwrap(instance);
            while (current is IPropertyReferenceOperation { Instance: { } inner } && ValueFlow.ReferencedSymbol(current) is IPropertySymbol { Name: "Options" or "ExtensionData" })
            {
                current = ValueFlow.Unwrap(inner);
            }

            return ValueFlow.ReferencedSymbol(current);
        }

        /// <summary>
        /// A positive limit: <c>null</c>, zero and negative values (LLamaSharp's -1) mean "no limit". Set through its
        /// property, or through the provider's own JSON name in the settings' extension data
        /// (<c>ExtensionData = new() { ["max_tokens"] = 1000 }</c>, <c>settings.ExtensionData["max_tokens"] = 1000</c>).
        /// </summary>
        private static bool IsLimitAssignment(ISimpleAssignmentOperation assignment, string limit) =>
            (assignment.Target is IPropertyReferenceOperation { Property.Name: { } name } && name == limit || IsLimitEntry(assignment.Target))
            && !(ValueFlow.Unwrap(assignment.Value).ConstantValue is { HasValue: true } constant
                 && (constant.Value is null || constant.Value is IConvertible number && !(number is string) && Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture) <= 0));

        /// <summary>
        /// A helper method, field or property of this compilation whose declaration or body sets the limit, or a helper
        /// whose body calls one that does and returns options (<c>var (prompt, options) = PrepareOptions(agent)</c>, where
        /// <c>PrepareOptions</c> starts from <c>InitChatCompletionOption(agent)</c>), up to three helpers deep.
        /// </summary>
        private bool MemberSetsLimit(ISymbol member, string limit) => MemberSetsLimit(member, limit, 3);

        private bool MemberSetsLimit(ISymbol member, string limit, int depth) => _memberSetsLimit.GetOrAdd((member, limit, depth), key =>
        {
            var declarations = member switch
            {
                IMethodSymbol method => method.DeclaringSyntaxReferences,
                IPropertySymbol or IFieldSymbol => member.DeclaringSyntaxReferences.AddRange(
                    member.ContainingType.InstanceConstructors.Concat(member.ContainingType.StaticConstructors).SelectMany(c => c.DeclaringSyntaxReferences)),
                _ => ImmutableArray<SyntaxReference>.Empty,
            };
            foreach (var reference in declarations)
            {
                var syntax = reference.GetSyntax();
                var node = syntax is VariableDeclaratorSyntax { Initializer: { } initializer } ? initializer : syntax;
                foreach (var descendant in node.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>())
                {
                    if (CompilationScan.Operation(_compilation, reference, descendant) is ISimpleAssignmentOperation assignment && IsLimitAssignment(assignment, limit))
                    {
                        return true;
                    }
                }

                if (member is IMethodSymbol && depth > 1)
                {
                    foreach (var call in node.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (CompilationScan.Operation(_compilation, reference, call) is IInvocationOperation { TargetMethod: { DeclaringSyntaxReferences.IsEmpty: false } helper }
                            && !SymbolEqualityComparer.Default.Equals(helper.OriginalDefinition, member) && CarriesLimit(helper.ReturnType, limit)
                            && MemberSetsLimit(helper.OriginalDefinition, limit, depth - 1))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        });

        /// <summary>Options with the limit property, or a tuple or task of them.</summary>
        private static bool CarriesLimit(ITypeSymbol type, string limit) => type switch
        {
            INamedTypeSymbol { IsTupleType: true } tuple => tuple.TupleElements.Any(element => CarriesLimit(element.Type, limit)),
            INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task => CarriesLimit(task.TypeArguments[0], limit),
            _ => HasMember(type, limit),
        };

        private static bool HasMember(ITypeSymbol? type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (!current.GetMembers(name).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A Microsoft.Extensions.AI pipeline that sets a default limit: <c>.ConfigureOptions(o => o.MaxOutputTokens = 500)</c>.</summary>
        private bool FindPipelineDefault()
        {
            foreach (var (tree, model) in CompilationScan.TreesMentioning(_compilation, AiRelation.Seeds, "ConfigureOptions"))
            {
                foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureOptions" }
                        && invocation.ArgumentList.Arguments.Any(argument => argument.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment =>
                            model.GetOperation(assignment) is ISimpleAssignmentOperation operation && IsLimitAssignment(operation, "MaxOutputTokens"))))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
