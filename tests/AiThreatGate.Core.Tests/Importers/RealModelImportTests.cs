using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Core.Importers;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.Tests.ThreatModels;
using AiThreatGate.Core.ThreatModels;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Core.Tests.Importers;

/// <summary>
/// Imports of real models published by the tools' own projects (../shared/fixtures/importers): every threat and status
/// of the source arrives, or is reported as skipped with a reason, and the Markdown lints without errors.
/// </summary>
public sealed class RealModelImportTests
{
    [Fact]
    public void Threat_dragon_2_demo_keeps_all_14_threats_including_the_5_on_data_flows()
    {
        var path = Fixture("threat-dragon-v2-demo.json");
        var (result, model) = Import(path);

        Assert.Equal(ImportFormat.ThreatDragonV2, result.Format);
        Assert.Empty(result.Skipped);
        Assert.Equal(14, model.Threats.Count);
        AssertSameThreatsAndStatuses(ThreatDragonThreats(path, v1: false), model);
        AssertFlowThreats(model);
    }

    [Fact]
    public void Threat_dragon_1_demo_is_read_from_diagram_json_cells()
    {
        var path = Fixture("threat-dragon-v1-demo.json");
        var (result, model) = Import(path);

        Assert.Equal(ImportFormat.ThreatDragonV1, result.Format);
        Assert.Empty(result.Skipped);
        Assert.Equal(14, model.Threats.Count);
        Assert.Contains(model.Assets, a => a.Name == "Background Worker Process");
        AssertSameThreatsAndStatuses(ThreatDragonThreats(path, v1: true), model);
        AssertFlowThreats(model);
    }

    [Fact]
    public void Tm_bom_threats_arrive_with_status_from_their_controls_and_priority_from_their_risks()
    {
        var path = Fixture("threat-dragon-huskyai.tmbom.json");
        var (result, model) = Import(path);

        Assert.Equal(ImportFormat.TmBom, result.Format);
        Assert.Equal("Husky AI", model.FrontMatter.SystemName);
        Assert.Empty(result.Skipped);

        // Every threat object of the file arrives under its symbolic name, with its title.
        using var source = JsonDocument.Parse(File.ReadAllText(path));
        var threats = source.RootElement.GetProperty("threats").EnumerateArray().ToList();
        Assert.Equal(threats.Count, model.Threats.Count);
        foreach (var threat in threats)
        {
            var imported = model.FindThreat(threat.GetProperty("symbolic_name").GetString()!);
            Assert.NotNull(imported);
            Assert.Equal(threat.GetProperty("title").GetString(), imported!.Title);
        }

        // Actors, components, data stores and data sets are the assets.
        var assetCount = new[] { "actors", "components", "data_stores", "data_sets" }.Sum(s => source.RootElement.GetProperty(s).GetArrayLength());
        Assert.Equal(assetCount, model.Assets.Count);

        // An active control makes the threat mitigated; only suggested controls leave it open, with each control's status kept.
        var tampering = model.FindThreat("image-tampering")!;
        Assert.Equal(ThreatStatus.Mitigated, tampering.Status);
        Assert.Contains("Ensure appropriate access control and authorization for any Azure Blob storage (active, priority critical)", tampering.Controls, StringComparison.Ordinal);
        Assert.Contains("(suggested, priority high)", tampering.Controls, StringComparison.Ordinal);
        var perturbation = model.FindThreat("perturbation-attack")!;
        Assert.Equal(ThreatStatus.Open, perturbation.Status);
        Assert.Contains("Rate Limiting (suggested, priority high)", perturbation.Controls, StringComparison.Ordinal);

        // The priority is the level of the risk the threat factors into ("Web Attacks" is high).
        Assert.Equal(Priority.High, model.FindThreat("supply-chain-attack")!.Priority);
        Assert.Equal(Priority.Medium, model.FindThreat("perturbation-attack")!.Priority);
    }

    [Fact]
    public void Threagile_risk_without_a_technical_asset_is_one_threat_with_its_tracked_status()
    {
        // The real example, with the second individual risk pointing at a data asset instead of a technical asset
        // and a risk_tracking entry under the ID Threagile gives such a risk (category@data-asset).
        var yaml = File.ReadAllText(Fixture("threagile-example.yaml"));
        const string Original = "most_relevant_data_asset:\n        most_relevant_technical_asset: contract-file-server";
        Assert.Contains(Original, yaml, StringComparison.Ordinal);
        yaml = yaml.Replace(Original, "most_relevant_data_asset: customer-contracts\n        most_relevant_technical_asset:", StringComparison.Ordinal)
            .Replace("risk_tracking:\n", "risk_tracking:\n\n  something-strange@customer-contracts:\n    status: accepted\n    justification: Contracts are encrypted at rest\n    ticket: XYZ-42\n    checked_by: Jane Doe\n", StringComparison.Ordinal);

        var result = ThreatModelImport.Import(yaml, "threagile.yaml", ModelText.Today);
        var model = ThreatModelLoader.LoadText(result.Markdown, "threagile.yaml", RuleTaxonomy.Default, ModelText.Today);

        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal(model.Threats.Count, model.Threats.Select(t => t.Id).Distinct().Count());
        Assert.Equal(model.Threats.Count, model.Threats.Select(t => t.Title).Distinct().Count());

        // One threat for the risk, the one from the file, carrying the tracked status; no open twin under the bare
        // category ID and no second row made from the tracking entry.
        var risk = Assert.Single(model.Threats, t => t.Id.StartsWith("something-strange", StringComparison.Ordinal) && !t.Id.EndsWith("@sql-database", StringComparison.Ordinal));
        Assert.Equal("something-strange@customer-contracts", risk.Id);
        Assert.Equal("<b>Example Individual Risk</b> at <b>Contract Filesystem</b>", risk.Title);
        Assert.Equal(ThreatStatus.Accepted, risk.Status);
        Assert.DoesNotContain(model.Threats, t => t.Title.StartsWith("something strange", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Jane Doe", model.DecisionsFor(risk.Id).Single().ApprovedBy);
        Assert.Equal(new[] { "customer-contracts" }, risk.AssetIds);

        // The file's own tracked statuses are kept.
        Assert.Equal(ThreatStatus.Accepted, model.FindThreat("untrusted-deserialization@erp-system")!.Status);
        Assert.Equal(ThreatStatus.Mitigated, model.FindThreat("ldap-injection@*@ldap-auth-server@*")!.Status);
        Assert.Equal(ThreatStatus.InProgress, model.FindThreat("dos-risky-access-across-trust-boundary@*@*@*")!.Status);
        Assert.Equal(ThreatStatus.Open, model.FindThreat("something-strange@sql-database")!.Status);
    }

    [Fact]
    public void Loader_imports_a_real_threat_dragon_file_in_memory()
    {
        var model = ThreatModelLoader.Load(Fixture("threat-dragon-v2-demo.json"), RuleTaxonomy.Default, ModelText.Today);

        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal(14, model.Threats.Count);
    }

    [Fact]
    public void The_format_is_read_from_the_content_not_the_extension()
    {
        var text = File.ReadAllText(Fixture("threat-dragon-huskyai.tmbom.json"));

        var result = ThreatModelImport.Import(text, "husky.tmbom", ModelText.Today);

        Assert.Equal(ImportFormat.TmBom, result.Format);
        Assert.Equal(9, result.Threats);
    }

    private static string Fixture(string name) => RepositoryPaths.SharedFile("fixtures", "importers", name);

    private static (ImportResult Result, ThreatModelDocument Model) Import(string path)
    {
        var result = ThreatModelImport.Import(File.ReadAllText(path), path, ModelText.Today);
        var model = ThreatModelLoader.LoadText(result.Markdown, Path.ChangeExtension(path, ".md"), RuleTaxonomy.Default, ModelText.Today);
        Assert.False(model.HasErrors, ModelText.Dump(model));
        Assert.Equal(result.Threats, model.Threats.Count);
        Assert.Equal(result.Assets, model.Assets.Count);
        return (result, model);
    }

    /// <summary>(title, status) of every threat in a Threat Dragon file, read straight from the JSON, independent of the importer.</summary>
    private static List<(string Title, string Status)> ThreatDragonThreats(string path, bool v1)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var threats = new List<(string, string)>();
        foreach (var diagram in document.RootElement.GetProperty("detail").GetProperty("diagrams").EnumerateArray())
        {
            var cells = v1 ? diagram.GetProperty("diagramJson").GetProperty("cells") : diagram.GetProperty("cells");
            foreach (var cell in cells.EnumerateArray())
            {
                var holder = v1 ? cell : cell.TryGetProperty("data", out var data) ? data : cell;
                if (holder.TryGetProperty("threats", out var list))
                {
                    threats.AddRange(list.EnumerateArray().Select(t => (t.GetProperty("title").GetString()!, t.GetProperty("status").GetString()!)));
                }
            }
        }

        return threats;
    }

    private static void AssertSameThreatsAndStatuses(List<(string Title, string Status)> source, ThreatModelDocument model)
    {
        static string Word(ThreatStatus status) => status switch
        {
            ThreatStatus.Mitigated => "Mitigated",
            ThreatStatus.NotApplicable => "NotApplicable",
            _ => status.ToString(),
        };

        Assert.Equal(
            source.Select(t => $"{t.Title} [{t.Status}]").OrderBy(t => t, StringComparer.Ordinal),
            model.Threats.Select(t => $"{t.Title} [{Word(t.Status)}]").OrderBy(t => t, StringComparer.Ordinal));
    }

    /// <summary>The demo's five flow threats name their flow: the threat's asset is the flow, and the notes say which.</summary>
    private static void AssertFlowThreats(ThreatModelDocument model)
    {
        foreach (var flow in new[] { "Web Request", "Put Message", "Message", "Worker Query Results", "Web Response" })
        {
            var asset = Assert.Single(model.Assets, a => a.Name.StartsWith(flow + " (data flow ", StringComparison.Ordinal));
            var threat = Assert.Single(model.Threats, t => t.AssetIds.Contains(asset.Id));
            Assert.Contains($"On data flow '{flow}'", threat.Column("Source notes"), StringComparison.Ordinal);
            Assert.Equal(flow == "Worker Query Results" ? "Man in the middle attack" : "Data flow should use HTTP/S", threat.Title);
        }

        Assert.Equal(new[] { ThreatStatus.Mitigated, ThreatStatus.Open, ThreatStatus.Open, ThreatStatus.Open, ThreatStatus.Mitigated }, new[] { "Web Request", "Put Message", "Message", "Worker Query Results", "Web Response" }
            .Select(flow => model.Threats.Single(t => t.AssetIds.Contains(model.Assets.Single(a => a.Name.StartsWith(flow + " (data flow ", StringComparison.Ordinal)).Id)).Status));
    }
}
