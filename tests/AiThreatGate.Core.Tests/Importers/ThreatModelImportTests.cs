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
            Assert.Contains("model.json is not a model the importer recognises", Assert.Single(ThreatModelLoader.Load(json, RuleTaxonomy.Default, ModelText.Today).Diagnostics).Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("{ \"summary\": {} }", "its top-level keys are: summary")]
    [InlineData("{ \"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [] }", "its top-level keys are: bomFormat, specVersion, components")]
    [InlineData("[ 1, 2 ]", "its top level is a JSON array")]
    public void Unrecognised_json_is_an_error_naming_the_file_and_the_expected_shapes(string json, string detail)
    {
        var error = Assert.Throws<ImportException>(() => ThreatModelImport.Import(json, "models/other.json", ModelText.Today));

        Assert.StartsWith("models/other.json:1:1: error: other.json is not a model the importer recognises", error.Message, StringComparison.Ordinal);
        Assert.Contains("Threat Dragon 1.x (detail.diagrams[].diagramJson.cells), Threat Dragon 2.x (detail.diagrams[].cells) or TM-BOM", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threat_dragon_diagrams_without_cells_are_an_error_not_an_empty_model()
    {
        const string Json = "{ \"summary\": { \"title\": \"X\" }, \"detail\": { \"diagrams\": [ { \"title\": \"Main\", \"diagramType\": \"STRIDE\" } ] } }";

        var error = Assert.Throws<ImportException>(() => ThreatModelImport.Import(Json, "td.json", ModelText.Today));

        Assert.StartsWith("td.json:1:1: error: Threat Dragon model whose diagrams have no cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_without_threagile_content_is_an_error_not_an_empty_model()
    {
        var error = Assert.Throws<ImportException>(() => ThreatModelImport.Import("title: Not a model\nitems:\n  - one\n", "notes.yaml", ModelText.Today));

        Assert.StartsWith("notes.yaml:1:1: error: notes.yaml is not a model the importer recognises", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threat_dragon_statuses_are_mapped_faithfully_and_nothing_is_dropped_silently()
    {
        const string Json = """
            { "version": "2.3.0", "summary": { "title": "Statuses" }, "detail": { "diagrams": [ { "title": "Main", "cells": [
              { "shape": "process", "id": "p1", "data": { "name": "Chat API", "type": "tm.Process", "threats": [
                { "title": "Prompt injection", "status": "Open", "severity": "High", "type": "Tampering", "mitigation": "", "number": 1 },
                { "title": "Token flooding", "status": "Mitigated", "severity": "Medium", "type": "Denial of service", "mitigation": "Rate limiter", "number": 2 },
                { "title": "Log read by staff", "status": "NotApplicable", "severity": "Low", "type": "Information disclosure", "number": 3 },
                { "title": "Linkable user IDs", "status": "Investigating", "severity": "Low", "type": "Linking", "modelType": "LINDDUN", "number": 4 },
                "not a threat"
              ] } },
              { "shape": "trust-boundary-box", "id": "b1", "data": { "name": "Cloud", "type": "tm.BoundaryBox", "threats": [
                { "title": "Boundary bypass", "status": "Open", "severity": "High", "type": "Elevation of privilege", "number": 5 } ] } }
            ] } ] } }
            """;
        var folder = Directory.CreateTempSubdirectory("aitg-import-");
        try
        {
            var path = Path.Combine(folder.FullName, "td.json");
            File.WriteAllText(path, Json);
            var result = ThreatModelImport.Import(Json, path, ModelText.Today);
            var model = ThreatModelLoader.Load(path, RuleTaxonomy.Default, ModelText.Today);

            Assert.False(model.HasErrors, ModelText.Dump(model));
            Assert.Equal(new[] { "TD-1", "TD-2", "TD-3", "TD-4", "TD-5" }, model.Threats.Select(t => t.Id));
            Assert.Equal(new[] { ThreatStatus.Open, ThreatStatus.Mitigated, ThreatStatus.NotApplicable, ThreatStatus.Open, ThreatStatus.Open }, model.Threats.Select(t => t.Status));
            Assert.Contains("LINDDUN: Linking", model.FindThreat("TD-4")!.Column("Source notes"), StringComparison.Ordinal);
            Assert.Equal("Cloud", model.Assets.Single(a => a.Id == model.FindThreat("TD-5")!.AssetIds.Single()).Name);

            var skipped = Assert.Single(result.Skipped);
            Assert.Equal("threat #5 of 'Chat API': a JSON string, not a threat object", skipped.ToString());
            var adjusted = Assert.Single(result.Adjusted);
            Assert.Contains("status 'Investigating' is not a Threat Dragon status; imported as open", adjusted.Reason, StringComparison.Ordinal);

            // Loaded in memory (no CLI report), the same notes arrive as warnings.
            Assert.Contains(model.Diagnostics, d => d.Code == ModelDiagnosticCodes.ImportFailed && d.Level == DiagnosticLevel.Warning && d.Message.Contains("import skipped threat #5 of 'Chat API'", StringComparison.Ordinal));
            Assert.Contains(model.Diagnostics, d => d.Code == ModelDiagnosticCodes.ImportFailed && d.Level == DiagnosticLevel.Warning && d.Message.Contains("Investigating", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
