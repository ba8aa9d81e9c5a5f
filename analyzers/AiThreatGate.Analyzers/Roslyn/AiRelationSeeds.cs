using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// What makes a member AI-related in the first place (see <see cref="SyntaxIndex"/>): the SDKs, as names. The index
/// knows how the relation travels; which SDKs start it is knowledge of the API layer, which supplies it.
/// </summary>
internal sealed class AiRelationSeeds
{
    public AiRelationSeeds(
        IEnumerable<string> sdkNamespaces,
        IEnumerable<string> memberNames,
        IEnumerable<string> sourceOptions,
        IEnumerable<string> toolFactoryNames,
        IEnumerable<string> keyLiteralPrefixes,
        IEnumerable<string> endpointLiteralFragments,
        Func<AnalyzerOptions, IEnumerable<string>>? namesFromOptions = null)
    {
        NamesFromOptions = namesFromOptions;
        SdkNamespaces = sdkNamespaces.ToArray();
        MemberNames = memberNames.ToArray();
        SourceOptions = sourceOptions.ToArray();
        ToolFactoryNames = toolFactoryNames.ToArray();
        KeyLiteralPrefixes = keyLiteralPrefixes.ToArray();
        EndpointLiteralFragments = endpointLiteralFragments.ToArray();
    }

    /// <summary>Namespaces of the SDKs whose types make a member AI-related (<c>OpenAI</c>, <c>Microsoft.SemanticKernel</c>).</summary>
    public IReadOnlyList<string> SdkNamespaces { get; }

    /// <summary>Whether a namespace is the framework's (<c>System</c>, <c>Microsoft</c>) or one of the AI SDKs' (or nested in one).</summary>
    public bool IsFrameworkOrSdkNamespace(Microsoft.CodeAnalysis.INamespaceSymbol? ns)
    {
        var name = ns?.ToDisplayString() ?? string.Empty;
        return IsOrIn(name, "System") || IsOrIn(name, "Microsoft") || SdkNamespaces.Any(sdk => IsOrIn(name, sdk));
    }

    private static bool IsOrIn(string name, string ns) =>
        name.StartsWith(ns, StringComparison.Ordinal) && (name.Length == ns.Length || name[ns.Length] == '.');

    /// <summary>SDK members that make a member AI-related though their receiver's type name is not in it (a receiver from a base class).</summary>
    public IReadOnlyList<string> MemberNames { get; }

    /// <summary>
    /// Names that the analyzer options make sources besides the listed options (the methods and members that summaries
    /// of other projects name as sources): a member calling one is AI-related though it names no SDK.
    /// </summary>
    public Func<AnalyzerOptions, IEnumerable<string>>? NamesFromOptions { get; }

    /// <summary>The <c>.editorconfig</c> options listing methods configured as sources: their names are seeds too.</summary>
    public IReadOnlyList<string> SourceOptions { get; }

    /// <summary>
    /// Types whose <c>Create(method)</c> turns a method group into a tool the model can call (<c>AIFunctionFactory</c>):
    /// the methods handed to them are AI-related.
    /// </summary>
    public IReadOnlyList<string> ToolFactoryNames { get; }

    /// <summary>How API keys of the SDKs start (<c>sk-</c>): a string literal starting so marks its member with <see cref="SyntaxIndex.KeyLiteralMarker"/>.</summary>
    public IReadOnlyList<string> KeyLiteralPrefixes { get; }

    /// <summary>
    /// What the path of a model's HTTP endpoint contains (<c>/completions</c>): a string literal containing one marks its
    /// member with <see cref="SyntaxIndex.EndpointLiteralMarker"/>, which makes the member AI-related (a model called
    /// with <c>HttpClient</c>, no SDK).
    /// </summary>
    public IReadOnlyList<string> EndpointLiteralFragments { get; }
}
