using System;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Content the application fetches rather than receives from its user, which a third party may have written:
/// HTTP response bodies, files read from a path that is not a constant, vector-store and memory search results
/// (Semantic Kernel memory and text search, Microsoft.Extensions.VectorData, Azure AI Search) and values of their
/// result types wherever they come from, database rows (<see cref="DatabaseReads"/>), results of tool calls
/// (<c>AIFunction.InvokeAsync</c>, MCP <c>CallToolAsync</c>) and of MCP resource and prompt reads, and methods
/// configured in <c>aithreatgate.external_content_sources</c>.
/// </summary>
internal sealed class ExternalContentSources : SourceKind
{
    public ExternalContentSources()
        : base("aithreatgate.external_content_sources", "aithreatgate.external_content_sanitizers", "ExternalContentSanitizerAttribute")
    {
    }

    public override string Name => "external-content";

    public override BodyFilter Members => AiRelation.Members;

    // Result types of retrieval and tool calls: a parameter, field or property of one holds fetched content whoever
    // passed it in (a RAG helper taking the search results, a tool-result handler).
    private static readonly string[] ResultTypeNames =
    {
        "Microsoft.Extensions.VectorData.VectorSearchResult`1", "Azure.Search.Documents.Models.SearchResult`1", "Azure.Search.Documents.Models.SearchResults`1",
        "Microsoft.SemanticKernel.Data.TextSearchResult", ModelContextProtocolApis.ToolResultType,
    };

    public override SourceMatcher? CreateMatcher(Compilation compilation, bool configured) => new Matcher(new TypeSet(compilation, ResultTypeNames), new OwnFiles(compilation));

    private sealed class Matcher : SourceMatcher
    {
        private readonly TypeSet _resultTypes;
        private readonly OwnFiles _ownFiles;

        public Matcher(TypeSet resultTypes, OwnFiles ownFiles)
        {
            _resultTypes = resultTypes;
            _ownFiles = ownFiles;
        }

        public override bool IsSource(IOperation operation, TaintSettings settings) => operation switch
        {
            IInvocationOperation invocation => IsFetch(invocation) || IsFileRead(invocation) || IsSearch(invocation.TargetMethod) || IsToolInvocation(invocation.TargetMethod)
                || ModelContextProtocolApis.IsToolCall(invocation.TargetMethod) || ModelContextProtocolApis.IsContentRead(invocation.TargetMethod)
                || DatabaseReads.IsRowRead(invocation) && !DatabaseReads.ReadsCatalog(invocation) || IsConfigured(operation, settings),
            IPropertyReferenceOperation { Property: { Name: "Result", ContainingType.Name: "FunctionResultContent" } } => true,
            IPropertyReferenceOperation property when DatabaseReads.IsRowIndexer(property) => !DatabaseReads.ReadsCatalog(property),
            IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation => HoldsResult(operation),
            _ => false,
        };

        public override string Describe(IOperation source) => source switch
        {
            IInvocationOperation invocation when IsSearch(invocation.TargetMethod) => "search results of " + base.Describe(source),
            IInvocationOperation invocation when DatabaseReads.IsRowRead(invocation) => "a database row (" + base.Describe(source) + ")",
            IPropertyReferenceOperation property when DatabaseReads.IsRowIndexer(property) => "a database row (" + property.Syntax + ")",
            IPropertyReferenceOperation { Property: { Name: "Result", ContainingType.Name: "FunctionResultContent" } } => "a tool-call result (FunctionResultContent.Result)",
            IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when HoldsResult(source) => "retrieved content held by " + source.Syntax,
            _ => base.Describe(source),
        };

        private bool HoldsResult(IOperation reference) =>
            !_resultTypes.IsEmpty && reference.Type is { } type && ValueFlow.ReferencedSymbol(reference) is not null && LlmOutputSources.ReturnsOutputType(type, _resultTypes);

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
        private bool IsFileRead(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method is not { IsStatic: true, ContainingType: { Name: "File", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } } }
                || !(method.Name.StartsWith("Read", StringComparison.Ordinal) || method.Name is "OpenText" or "OpenRead"))
            {
                return false;
            }

            return invocation.Arguments.Length > 0 && !invocation.Arguments[0].Value.ConstantValue.HasValue && !_ownFiles.IsOwnFile(invocation.Arguments[0].Value);
        }

        /// <summary>Search over a vector store, a memory or a text-search plugin: whatever was indexed comes back.</summary>
        private static bool IsSearch(IMethodSymbol method)
        {
            var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;

            // Azure AI Search: SearchClient.Search<T>/SearchAsync<T> and GetDocument<T>/GetDocumentAsync<T>.
            if (ns == "Azure.Search.Documents" && method.ContainingType?.Name == "SearchClient")
            {
                return method.Name is "Search" or "SearchAsync" or "GetDocument" or "GetDocumentAsync";
            }

            if (!method.Name.StartsWith("Search", StringComparison.Ordinal) && !method.Name.StartsWith("HybridSearch", StringComparison.Ordinal)
                && !method.Name.StartsWith("GetTextSearchResults", StringComparison.Ordinal) && !method.Name.StartsWith("GetSearchResults", StringComparison.Ordinal)
                && method.Name != "GetAsync")
            {
                return false;
            }

            return ns.StartsWith("Microsoft.Extensions.VectorData", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.SemanticKernel.Memory", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.SemanticKernel.Data", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.KernelMemory", StringComparison.Ordinal);
        }

        private static bool IsToolInvocation(IMethodSymbol method) =>
            method.Name == "InvokeAsync" && method.ContainingType is { Name: "AIFunction" or "AIFunctionDeclaration" } type && SymbolNames.IsInNamespace(type, "Microsoft.Extensions.AI");
    }
}
