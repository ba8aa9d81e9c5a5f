using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// A kind of data the taint engine tracks, with its <c>.editorconfig</c> options: model output (the LLM-output sink
/// rules), untrusted request input (prompt injection, unvalidated model input) and external content (indirect prompt
/// injection). The engine is the same for all; only where data enters differs. The kinds, and which APIs produce
/// their data, are the API layer's.
/// </summary>
internal abstract class SourceKind
{
    protected SourceKind(string sourcesOption, string sanitizersOption, string validatorAttributeName)
    {
        SourcesOption = sourcesOption;
        SanitizersOption = sanitizersOption;
        ValidatorAttributeName = validatorAttributeName;
    }

    /// <summary>The kind as summaries name it (<c>llm-output</c>; <see cref="FlowSummaryFile.SourceKinds"/>).</summary>
    public abstract string Name { get; }

    /// <summary>The <c>.editorconfig</c> option listing extra source methods.</summary>
    public string SourcesOption { get; }

    /// <summary>The <c>.editorconfig</c> option listing sanitizer and validator methods.</summary>
    public string SanitizersOption { get; }

    /// <summary>Methods carrying an attribute of this name are sanitizers (returning a clean value) or guards (returning bool).</summary>
    public string ValidatorAttributeName { get; }

    /// <summary>
    /// Whether the audit level (<see cref="AuditLevel"/>) applies to rules of this kind: a dangerous sink fed by a value of
    /// unknown origin is worth a look when the data is model output; for prompts, where almost every value is of
    /// unknown origin, it is not.
    /// </summary>
    public virtual bool Auditable => false;

    /// <summary>
    /// The route of the application's own HTTP API that <paramref name="operation"/> requests (an <c>HttpClient</c> call),
    /// when a response can carry data of this kind (a server endpoint of another project returning it); null otherwise.
    /// </summary>
    public virtual HttpRoute? RouteRequestedBy(IOperation operation) => null;

    /// <summary>The members a taint rule with these sources looks into: where data of this kind can reach a sink.</summary>
    public abstract BodyFilter Members { get; }

    /// <summary>The per-compilation source test; null when the compilation cannot produce this kind of data.</summary>
    public abstract SourceMatcher? CreateMatcher(Compilation compilation, bool configured);
}

/// <summary>Recognizes the sources of one kind in one compilation (types resolved once).</summary>
internal abstract class SourceMatcher
{
    public abstract bool IsSource(IOperation operation, TaintSettings settings);

    public virtual string Describe(IOperation source) => source switch
    {
        IInvocationOperation invocation => invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
        _ => ValueFlow.ReferencedSymbol(source)?.Name ?? source.Syntax.ToString(),
    };

    public virtual DiagnosticSeverity? SeverityOf(IOperation source) => null;

    protected static bool IsConfigured(IOperation operation, TaintSettings settings) =>
        operation is IInvocationOperation invocation && AnalyzerSettings.MatchesMethod(settings.Sources, invocation.TargetMethod);
}
