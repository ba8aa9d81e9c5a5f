using System;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>What a summary says about a symbol (see docs/summaries.md).</summary>
public enum FlowSummaryVerb
{
    /// <summary>A method returns, or a field or property holds, data of a source kind (<c>llm-output</c>).</summary>
    Source,

    /// <summary>A parameter of a method reaches a rule's sink with no sanitizer or guard on the way.</summary>
    Sink,

    /// <summary>A method's result carries none of its arguments' data (an allowlist helper, a helper returning constants), for every rule or one.</summary>
    Sanitizer,
}

/// <summary>
/// One line of a summaries file: a fact about a method, field or property, keyed by its documentation comment ID
/// (<c>M:Contoso.Ai.ChatService.AskAsync(System.String)</c>), that the analyzers cannot compute because the symbol's
/// code is in another project, or that a team states by hand (an internal wrapper of a model backend).
/// </summary>
public sealed class FlowSummary : IEquatable<FlowSummary>
{
    public FlowSummary(FlowSummaryVerb verb, string category, string symbol, int? parameter = null, string? origin = null, string? description = null, string? members = null)
    {
        Members = members;
        Verb = verb;
        Category = category;
        Symbol = symbol;
        Parameter = parameter;
        Origin = origin;
        Description = description;
    }

    public FlowSummaryVerb Verb { get; }

    /// <summary>For a source, the kind (<c>llm-output</c>, <c>untrusted-input</c>, <c>external-content</c>); for a sink, the rule (<c>AITG010</c>); for a sanitizer, a rule or <c>all</c>.</summary>
    public string Category { get; }

    /// <summary>The documentation comment ID of the method, field or property.</summary>
    public string Symbol { get; }

    /// <summary>For a sink, the ordinal of the parameter that reaches it.</summary>
    public int? Parameter { get; }

    /// <summary>
    /// For a sink, the fields or auto-properties of the parameter that reach it, comma-separated (<c>#0.FileName</c>,
    /// <c>#0.Instruction,Knowledges</c>); null when the parameter as a whole does. A caller's object that it builds is
    /// then checked in those members only.
    /// </summary>
    public string? Members { get; }

    /// <summary>Where the fact comes from, <c>path:line</c> (the model call, the sink), relative to the summaries file's folder; null when not known.</summary>
    public string? Origin { get; }

    /// <summary>What the source or sink is, as a finding's message names it (<c>ChatClient.CompleteChatAsync</c>, <c>SqlCommand.CommandText</c>).</summary>
    public string? Description { get; }

    public bool Equals(FlowSummary? other) =>
        other is not null && Verb == other.Verb && Category == other.Category && Symbol == other.Symbol && Parameter == other.Parameter
        && Members == other.Members && Origin == other.Origin && Description == other.Description;

    public override bool Equals(object? obj) => Equals(obj as FlowSummary);

    public override int GetHashCode() => ((((int)Verb * 31) + StringComparer.Ordinal.GetHashCode(Category)) * 31) + StringComparer.Ordinal.GetHashCode(Symbol);

    public override string ToString() => FlowSummaryFile.Format(this);
}
