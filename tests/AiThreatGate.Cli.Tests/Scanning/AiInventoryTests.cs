using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AiThreatGate.Cli.Scanning;
using AiThreatGate.Core.Inventory;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AiThreatGate.Cli.Tests.Scanning;

public sealed class AiInventoryTests
{
    // The models come from the real ONNX Runtime package; the web app is a minimal-API look-alike (ASP.NET Core is
    // not referenced here), which the inventory recognises by the Map call's shape.
    private const string Stubs = """
        namespace Web
        {
            public sealed class App
            {
                public void MapPost(string route, System.Delegate handler) { }
            }
        }
        """;

    private const string Ranker = """
        using Microsoft.ML.OnnxRuntime;

        namespace Demo.Ranking;

        public sealed class Ranker
        {
            private readonly InferenceSession _session = new InferenceSession("models/ranker.onnx");

            public int Score(string ticket) => _session.Run(new[] { NamedOnnxValue.CreateFromTensor("text", new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<string>(new[] { ticket }, new[] { 1 })) }).Count;
        }
        """;

    private const string Searcher = """
        using Microsoft.ML.OnnxRuntime;

        namespace Demo.Search;

        public sealed class Searcher
        {
            private readonly InferenceSession _session;

            public Searcher() => _session = new InferenceSession("models/search.onnx");

            public int Find(string query) => _session.Run(new[] { NamedOnnxValue.CreateFromTensor("text", new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<string>(new[] { query }, new[] { 1 })) }).Count;
        }
        """;

    private const string Endpoints = """
        using Demo.Ranking;
        using Demo.Search;

        namespace Demo;

        public static class Endpoints
        {
            public static void Map(Web.App app)
            {
                app.MapPost("/api/rank", (Ranker ranker, string ticket) => ranker.Score(ticket));
                app.MapPost("/api/search", (string query) => new Searcher().Find(query));
            }
        }
        """;

    [Fact]
    public void Each_endpoint_is_linked_only_to_the_model_its_handler_uses()
    {
        var assets = Scan(("src/Stubs.cs", Stubs), ("src/Ranking/Ranker.cs", Ranker), ("src/Search/Searcher.cs", Searcher), ("src/Api/Endpoints.cs", Endpoints));

        Assert.Equal(
            new[] { "model-weights ONNX model (ranker.onnx)", "model-weights ONNX model (search.onnx)", "endpoint HTTP endpoint POST /api/rank", "endpoint HTTP endpoint POST /api/search" },
            assets.Select(a => a.Kind + " " + a.Name));
        Assert.Equal(new[] { "src/Ranking/Ranker.cs" }, assets[0].Files);
        Assert.Equal(new AssetKey("model-weights", "ONNX model (ranker.onnx)"), Assert.Single(assets[2].Uses));
        Assert.Equal(new AssetKey("model-weights", "ONNX model (search.onnx)"), Assert.Single(assets[3].Uses));

        var text = ThreatModelScaffold.Create("Demo", assets, new DateOnly(2026, 11, 22));
        Assert.Equal(
            new[] { "n_A3 -->|uses| n_A1", "n_A4 -->|uses| n_A2", "user -->|request| n_A3", "user -->|request| n_A4" },
            Edges(text).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("%% TODO", text, StringComparison.Ordinal);
        Assert.Contains("| AITG002 @ src/Ranking/Ranker.cs, AITG003 @ src/Ranking/Ranker.cs, AITG005 @ src/Ranking/Ranker.cs |", text, StringComparison.Ordinal);
    }

    private const string Health = """
        namespace Demo.Ranking;

        public static class Health
        {
            public static string Status() => "ok";
        }
        """;

    private const string WebEndpoints = """
        using Demo.Ranking;

        namespace Demo.Site;

        public static class WebEndpoints
        {
            public static void Map(Web.App app)
            {
                app.MapPost("/api/rank", (Ranker ranker, string ticket) => Score(ranker, ticket));
                app.MapPost("/api/health", () => Health.Status());
            }

            private static int Score(Ranker ranker, string ticket) => ranker.Score(ticket);
        }
        """;

    [Fact]
    public void An_endpoint_reaching_a_model_through_another_project_is_linked_to_it()
    {
        var ai = Compile("Demo.Ranking", Array.Empty<MetadataReference>(), ("src/Ranking/Ranker.cs", Ranker), ("src/Ranking/Health.cs", Health));
        var web = Compile("Demo.Web", new[] { ai.ToMetadataReference() }, ("src/Web/Stubs.cs", Stubs), ("src/Web/WebEndpoints.cs", WebEndpoints));

        var assets = AiInventory.Scan(new[] { ai, web }, Root);

        // The model is the library's; the web project's handler reaches it through a helper and the library's service.
        Assert.Equal(new[] { "model-weights ONNX model (ranker.onnx)", "endpoint HTTP endpoint POST /api/rank" }, assets.Select(a => a.Kind + " " + a.Name));
        Assert.Equal(new[] { "src/Web/WebEndpoints.cs" }, assets[1].Files);
        Assert.Equal(new AssetKey("model-weights", "ONNX model (ranker.onnx)"), Assert.Single(assets[1].Uses));

        // Scanned alone, the web project cannot see into the library: no AI endpoint.
        Assert.Equal(Array.Empty<string>(), AiInventory.Scan(new[] { web }, Root).Select(a => a.Kind + " " + a.Name));
    }

    private static readonly string Root = Path.Combine(Path.GetTempPath(), "aitg-inventory");

    private static System.Collections.Generic.IReadOnlyList<FoundAsset> Scan(params (string Path, string Source)[] sources) =>
        AiInventory.Scan(new[] { Compile("Demo", Array.Empty<MetadataReference>(), sources) }, Root);

    private static Compilation Compile(string name, MetadataReference[] projects, params (string Path, string Source)[] sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, new CSharpParseOptions(LanguageVersion.Latest), Path.Combine(Root, s.Path)));
        var references = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location))
            .Concat(projects);
        var compilation = CSharpCompilation.Create(name, trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation;
    }

    // The scaffold's Mermaid edges, as ThreatModelScaffoldTests reads them.
    private static string[] Edges(string scaffold) =>
        Regex.Matches(scaffold, @"^  (\S+ -->\|[^|]+\| \S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
}
