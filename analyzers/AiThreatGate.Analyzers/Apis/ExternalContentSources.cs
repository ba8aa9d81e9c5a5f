using System;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Content the application fetches rather than receives from its user, which a third party may have written:
/// HTTP response bodies, files read from a path that is not a constant, vector-store and memory search results
/// (Semantic Kernel memory and text search, Microsoft.Extensions.VectorData), results of tool calls, and methods
/// configured in <c>aithreatgate.external_content_sources</c>.
/// </summary>
internal sealed class ExternalContentSources : SourceKind
{
    public ExternalContentSources()
        : base("aithreatgate.external_content_sources", "aithreatgate.external_content_sanitizers", "ExternalContentSanitizerAttribute")
    {
    }

    public override BodyFilter Members => AiRelation.Members;

    public override SourceMatcher? CreateMatcher(Compilation compilation, bool configured) => new Matcher();

    private sealed class Matcher : SourceMatcher
    {
        public override bool IsSource(IOperation operation, TaintSettings settings) => operation switch
        {
            IInvocationOperation invocation => IsFetch(invocation) || IsFileRead(invocation) || IsSearch(invocation.TargetMethod) || IsToolInvocation(invocation.TargetMethod) || IsConfigured(operation, settings),
            IPropertyReferenceOperation { Property: { Name: "Result", ContainingType.Name: "FunctionResultContent" } } => true,
            _ => false,
        };

        public override string Describe(IOperation source) => source switch
        {
            IInvocationOperation invocation when IsSearch(invocation.TargetMethod) => "search results of " + base.Describe(source),
            IPropertyReferenceOperation => "a tool-call result (FunctionResultContent.Result)",
            _ => base.Describe(source),
        };

        private static bool IsFetch(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            return type.Name switch
            {
                "HttpClient" => method.Name is "GetStringAsync" or "GetByteArrayAsync" or "GetStreamAsync" or "GetString",
                "HttpContent" => method.Name.StartsWith("ReadAs", StringComparison.Ordinal),
                "HttpContentJsonExtensions" => method.Name.StartsWith("ReadFromJson", StringComparison.Ordinal),
                "HttpClientJsonExtensions" => method.Name.StartsWith("GetFromJson", StringComparison.Ordinal),
                "WebClient" => method.Name.StartsWith("DownloadString", StringComparison.Ordinal) || method.Name.StartsWith("DownloadData", StringComparison.Ordinal),
                _ => false,
            } && (SymbolNames.IsInNamespace(type, "System.Net.Http") || SymbolNames.IsInNamespace(type, "System.Net.Http.Json") || SymbolNames.IsInNamespace(type, "System.Net"));
        }

        /// <summary>A file read whose path is not a constant: a constant path is the application's own file.</summary>
        private static bool IsFileRead(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method is not { IsStatic: true, ContainingType: { Name: "File", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } } }
                || !(method.Name.StartsWith("Read", StringComparison.Ordinal) || method.Name is "OpenText" or "OpenRead"))
            {
                return false;
            }

            return invocation.Arguments.Length > 0 && !invocation.Arguments[0].Value.ConstantValue.HasValue;
        }

        /// <summary>Search over a vector store, a memory or a text-search plugin: whatever was indexed comes back.</summary>
        private static bool IsSearch(IMethodSymbol method)
        {
            if (!method.Name.StartsWith("Search", StringComparison.Ordinal) && !method.Name.StartsWith("GetTextSearchResults", StringComparison.Ordinal)
                && !method.Name.StartsWith("GetSearchResults", StringComparison.Ordinal) && method.Name != "GetAsync")
            {
                return false;
            }

            var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            return ns.StartsWith("Microsoft.Extensions.VectorData", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.SemanticKernel.Memory", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.SemanticKernel.Data", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.KernelMemory", StringComparison.Ordinal);
        }

        private static bool IsToolInvocation(IMethodSymbol method) =>
            method.Name == "InvokeAsync" && method.ContainingType is { Name: "AIFunction" or "AIFunctionDeclaration" } type && SymbolNames.IsInNamespace(type, "Microsoft.Extensions.AI");
    }
}
