using System;
using System.Linq;
using System.Text.RegularExpressions;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Inventory;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.Tests.ThreatModels;
using AiThreatGate.Core.ThreatModels;
using Xunit;

namespace AiThreatGate.Core.Tests.Inventory;

public sealed class ThreatModelScaffoldTests
{
    private static readonly FoundAsset[] Assets =
    {
        new("model-weights", "ONNX model (ranker.onnx)", "model-storage, inference", "src/Ranker.cs", 12),
        new("connector", "OpenAI chat API", "inference", "src/Chat.cs", 20),
        new("prompt", "System prompt", "inference", "src/Chat.cs", 25),
        new("endpoint", "HTTP endpoint POST /api/chat", "inference, post-deployment", "src/Program.cs", 9),
    };

    [Fact]
    public void Scaffold_parses_without_errors_and_covers_every_asset()
    {
        var text = ThreatModelScaffold.Create("Demo", Assets, ModelText.Today);
        var model = ModelText.Load(text);
        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal(4, model.Assets.Count);
        Assert.Equal("`src/Ranker.cs:12`", model.Assets[0].Cells["found in"].Text);
        Assert.All(model.Assets, a => Assert.Contains(model.Threats, t => t.AssetIds.Contains(a.Id)));
        Assert.All(model.Threats, t => Assert.Equal(ThreatStatus.Open, t.Status));
        Assert.Contains(model.Threats, t => t.Detects.Any(d => d.Pattern == "AITG002"));
        Assert.Contains("```mermaid", text, StringComparison.Ordinal);
        // Stages no asset touches are listed without a reason, so the linter asks for one.
        Assert.Contains(model.Diagnostics, d => d.Code == ModelDiagnosticCodes.UncoveredStage);
    }

    [Fact]
    public void Update_adds_new_assets_and_keeps_every_existing_byte()
    {
        var original = ThreatModelScaffold.Create("Demo", Assets.Take(2).ToList(), ModelText.Today)
            .Replace("| TM-001 |", "| TM-001 |", StringComparison.Ordinal) + "\nNotes kept by hand.  \n";
        var existing = ModelText.Load(original);
        var (updated, added) = ThreatModelScaffold.Update(original, existing, Assets);

        Assert.Equal(2, added);
        var model = ModelText.Load(updated);
        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal(new[] { "A1", "A2", "A3", "A4" }, model.Assets.Select(a => a.Id));
        Assert.Equal(existing.Threats.Count + 4, model.Threats.Count);
        Assert.Equal(model.Threats.Count, model.Threats.Select(t => t.Id).Distinct().Count());

        // Removing the inserted lines gives back the original, byte for byte.
        var originalLines = original.Split('\n');
        var updatedLines = updated.Split('\n').ToList();
        var inserted = updatedLines.Count - originalLines.Length;
        Assert.Equal(6, inserted);
        var kept = updatedLines.Where(l => !(l.StartsWith("| A3 ", StringComparison.Ordinal) || l.StartsWith("| A4 ", StringComparison.Ordinal) || l.Contains("| A3 |", StringComparison.Ordinal) || l.Contains("| A4 |", StringComparison.Ordinal)));
        Assert.Equal(original, string.Join('\n', kept));

        var (again, none) = ThreatModelScaffold.Update(updated, model, Assets);
        Assert.Equal(0, none);
        Assert.Same(updated, again);
    }

    [Fact]
    public void Update_keeps_crlf_line_endings()
    {
        var original = ThreatModelScaffold.Create("Demo", Assets.Take(1).ToList(), ModelText.Today).Replace("\n", "\r\n", StringComparison.Ordinal);
        var (updated, added) = ThreatModelScaffold.Update(original, ModelText.Load(original), Assets);
        Assert.Equal(3, added);
        Assert.DoesNotContain("\r\r", updated, StringComparison.Ordinal);
        Assert.Equal(updated.Split('\n').Length - 1, updated.Split("\r\n").Length - 1);
    }

    [Fact]
    public void A_finding_evidences_only_the_threat_of_the_asset_in_its_file()
    {
        var assets = new FoundAsset[]
        {
            new("model-weights", "ONNX model (ranker.onnx)", "model-storage, inference", "src/Ranking/Ranker.cs", 12),
            new("model-weights", "ONNX model (search.onnx)", "model-storage, inference", "src/Search/Searcher.cs", 8),
            new("endpoint", "HTTP endpoint POST /api/rank", "inference, post-deployment", "src/Api/RankEndpoints.cs", 5),
            new("endpoint", "HTTP endpoint POST /api/search", "inference, post-deployment", "src/Api/SearchEndpoints.cs", 5),
        };
        var model = ThreatModelLoader.LoadText(ThreatModelScaffold.Create("Demo", assets, ModelText.Today), "THREATMODEL.md", RuleTaxonomy.Default, ModelText.Today);
        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Contains("LLM01", RuleTaxonomy.Default.TagsOf("AITG021"));

        var tampered = Finding("AITG002", "src/Ranking/Ranker.cs");
        var injected = Finding("AITG021", "src/Api/SearchEndpoints.cs");
        var elsewhere = Finding("AITG002", "src/Other/Loader.cs");
        var verdict = GateEngine.Evaluate(model, new[] { tampered, injected, elsewhere }, GateOptions.FromModel(model, GateMode.PullRequest, ModelText.Today));

        string Title(string id) => model.Threats.Single(t => t.Id == id).Title;
        Assert.Equal(new[] { "Tampered or backdoored model is loaded: ONNX model (ranker.onnx)" }, verdict.ThreatsByFinding[tampered].Select(Title));
        Assert.Equal(new[] { "Untrusted input through HTTP endpoint POST /api/search reaches the model unvalidated" }, verdict.ThreatsByFinding[injected].Select(Title));
        Assert.True(!verdict.ThreatsByFinding.TryGetValue(elsewhere, out var none) || none.Count == 0);
    }

    [Fact]
    public void Detects_name_every_file_of_the_asset_and_keep_unscoped_only_for_in_memory_code()
    {
        var assets = new FoundAsset[]
        {
            new("connector", "OpenAI chat API", "inference", "src/Chat.cs", 20) { Files = new[] { "src/Chat.cs", "src/Program.cs" } },
            new("prompt", "System prompt", "inference", FoundAsset.InMemoryPath, 3),
        };
        var model = ModelText.Load(ThreatModelScaffold.Create("Demo", assets, ModelText.Today));
        Assert.False(model.HasErrors, ModelText.Dump(model));
        var leak = model.Threats.Single(t => t.Title.StartsWith("Credential for OpenAI chat API", StringComparison.Ordinal));
        Assert.Equal(new[] { "AITG025 @ src/Chat.cs", "AITG025 @ src/Program.cs" }, leak.Detects.Select(d => $"{d.Pattern} @ {d.PathGlob}"));
        var injection = model.Threats.Single(t => t.Title.StartsWith("Prompt injection", StringComparison.Ordinal));
        Assert.Null(Assert.Single(injection.Detects).PathGlob);
    }

    [Fact]
    public void Without_uses_found_in_code_the_diagram_draws_no_guessed_edge_and_says_so()
    {
        var text = ThreatModelScaffold.Create("Demo", Assets, ModelText.Today);

        // A4 is the endpoint: users reach it, but nothing in the inventory says what it uses.
        Assert.Equal(new[] { "user -->|request| n_A4" }, Edges(text));
        Assert.Contains("%% TODO A4 (HTTP endpoint POST /api/chat): the code scan could not establish which models or clients its handler uses", text, StringComparison.Ordinal);
        Assert.Contains("%% TODO A1 (ONNX model (ranker.onnx)): the code scan could not establish which endpoint or job uses it", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Edges_are_the_uses_the_inventory_found()
    {
        var assets = new FoundAsset[]
        {
            new("model-weights", "ONNX model (ranker.onnx)", "model-storage, inference", "src/Ranker.cs", 12),
            new("connector", "OpenAI chat API", "inference", "src/Chat.cs", 20),
            new("prompt", "System prompt", "inference", "src/Chat.cs", 25),
            new("endpoint", "HTTP endpoint POST /api/chat", "inference, post-deployment", "src/Program.cs", 9)
            {
                Uses = new[] { new AssetKey("prompt", "System prompt"), new AssetKey("connector", "OpenAI chat API"), new AssetKey("connector", "Not an asset") },
            },
        };
        var text = ThreatModelScaffold.Create("Demo", assets, ModelText.Today);
        Assert.Equal(new[] { "n_A4 -->|calls| n_A2", "n_A4 -->|uses| n_A3", "user -->|request| n_A4" }, Edges(text).Order(StringComparer.Ordinal));
        Assert.Contains("%% TODO A1 (ONNX model (ranker.onnx))", text, StringComparison.Ordinal);
        Assert.DoesNotContain("%% TODO A4", text, StringComparison.Ordinal);
    }

    internal static string[] Edges(string scaffold) =>
        Regex.Matches(scaffold, @"^  (\S+ -->\|[^|]+\| \S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();

    private static Finding Finding(string rule, string path) =>
        new(rule, FindingLevel.Warning, rule + " message", path, 10, 5, RuleTaxonomy.Default.TagsOf(rule), null);
}
