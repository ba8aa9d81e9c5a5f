using System.Collections.Generic;
using System.Linq;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// What makes a member AI-related in the first place (see <see cref="SyntaxIndex"/>): the SDKs, as names. The index
/// knows how the relation travels; which SDKs start it is knowledge of the API layer, which supplies it.
/// </summary>
internal sealed class AiRelationSeeds
{
    public AiRelationSeeds(IEnumerable<string> sdkNamespaces, IEnumerable<string> memberNames, IEnumerable<string> sourceOptions)
    {
        SdkNamespaces = sdkNamespaces.ToArray();
        MemberNames = memberNames.ToArray();
        SourceOptions = sourceOptions.ToArray();
    }

    /// <summary>Namespaces of the SDKs whose types make a member AI-related (<c>OpenAI</c>, <c>Microsoft.SemanticKernel</c>).</summary>
    public IReadOnlyList<string> SdkNamespaces { get; }

    /// <summary>SDK members that make a member AI-related though their receiver's type name is not in it (a receiver from a base class).</summary>
    public IReadOnlyList<string> MemberNames { get; }

    /// <summary>The <c>.editorconfig</c> options listing methods configured as sources: their names are seeds too.</summary>
    public IReadOnlyList<string> SourceOptions { get; }
}
