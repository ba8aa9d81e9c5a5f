using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Importers;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.Tests.ThreatModels;
using AiThreatGate.Core.ThreatModels;
using Xunit;

namespace AiThreatGate.Core.Tests.Importers;

public sealed class ThreatModelImportTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Importers", "Fixtures", name);

    [Fact]
    public void Threagile_risk_tracking_becomes_threats_with_statuses_and_decisions()
    {
        var model = ThreatModelLoader.Load(Fixture("threagile.yaml"), RuleTaxonomy.Default, ModelText.Today);

        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal("Recommender Platform", model.FrontMatter.SystemName);
        Assert.Equal(new[] { "customer-profiles", "training-set", "model-server", "feature-store" }, model.Assets.Select(a => a.Id));
        Assert.Equal("model-weights", model.Assets.Single(a => a.Id == "model-server").Kind);
        var poisoning = model.FindThreat("model-poisoning@model-server")!;
        Assert.Equal(ThreatStatus.Mitigated, poisoning.Status);
        Assert.Equal(Priority.High, poisoning.Priority);
        Assert.Equal(new[] { "stride:T" }, poisoning.Categories);
        Assert.Equal("Dataset digests verified by the training job", poisoning.Controls);
        var leak = model.FindThreat("prompt-leak@model-server")!;
        Assert.Equal(ThreatStatus.Accepted, leak.Status);
        Assert.True(ThreatResolution.Evaluate(leak, model, ModelText.Today).IsResolved);
        Assert.Equal("Bo", model.DecisionsFor(leak.Id).Single().ApprovedBy);
        Assert.Equal(ThreatStatus.InProgress, model.FindThreat("unencrypted-communication@feature-store")!.Status);
    }

    [Fact]
    public void Threat_dragon_elements_and_threats_are_imported()
    {
        var model = ThreatModelLoader.Load(Fixture("threat-dragon.json"), RuleTaxonomy.Default, ModelText.Today);

        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal(new[] { "Customer", "Chat API", "Conversation log" }, model.Assets.Select(a => a.Name));
        Assert.Equal(new[] { "TD-1", "TD-2", "TD-3" }, model.Threats.Select(t => t.Id));
        Assert.Equal(new[] { ThreatStatus.Open, ThreatStatus.Mitigated, ThreatStatus.NotApplicable }, model.Threats.Select(t => t.Status));
        Assert.Equal(new[] { Priority.High, Priority.Medium, Priority.Low }, model.Threats.Select(t => t.Priority));
        Assert.Equal("Rate limiter per user", model.Threats[1].Controls);
        Assert.Equal(new[] { "stride:D" }, model.Threats[1].Categories);
        Assert.Equal(new[] { "A2" }, model.Threats[0].AssetIds);
    }

    [Fact]
    public void Broken_import_input_is_a_positioned_error()
    {
        var folder = Directory.CreateTempSubdirectory("aitg-import-");
        try
        {
            var yaml = Path.Combine(folder.FullName, "model.yaml");
            File.WriteAllText(yaml, "title: x\nrisk_tracking: [unclosed\n");
            var model = ThreatModelLoader.Load(yaml, RuleTaxonomy.Default, ModelText.Today);
            var diagnostic = Assert.Single(model.Diagnostics);
            Assert.Equal(ModelDiagnosticCodes.ImportFailed, diagnostic.Code);
            Assert.Contains("model.yaml:", diagnostic.Message, StringComparison.Ordinal);

            var json = Path.Combine(folder.FullName, "model.json");
            File.WriteAllText(json, "{ \"summary\": {} }");
            Assert.Contains("not a Threat Dragon v2 model", Assert.Single(ThreatModelLoader.Load(json, RuleTaxonomy.Default, ModelText.Today).Diagnostics).Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
