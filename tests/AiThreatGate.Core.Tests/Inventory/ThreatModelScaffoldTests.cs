using System;
using System.Linq;
using AiThreatGate.Core.Inventory;
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
}
