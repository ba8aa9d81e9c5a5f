using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.AzureDevOps.Tests;

/// <summary>The extension manifest and the task definition, checked as data.</summary>
public sealed class ExtensionManifestTests
{
    private static JsonElement Read(params string[] parts) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, Path.Combine(parts)))).RootElement.Clone();

    [Fact]
    public void Vss_extension_json_is_valid_and_contributes_the_task()
    {
        var manifest = Read("extension", "vss-extension.json");
        var errors = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "azure-devops-extension-manifest-1.0.json")).Validate(manifest);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        var contribution = Assert.Single(manifest.GetProperty("contributions").EnumerateArray());
        Assert.Equal("ms.vss-distributed-task.task", contribution.GetProperty("type").GetString());
        var folder = contribution.GetProperty("properties").GetProperty("name").GetString()!;
        Assert.Contains(manifest.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == folder);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "extension", folder, "task.json")));

        // JSON cannot read an MSBuild property, so the manifest's copy of RepositoryUrl is held to Directory.Build.props here.
        var repositoryUrl = RepositoryPaths.BuildProperty("RepositoryUrl");
        Assert.Equal(repositoryUrl, manifest.GetProperty("repository").GetProperty("uri").GetString());
        Assert.Equal(repositoryUrl, manifest.GetProperty("links").GetProperty("repository").GetProperty("uri").GetString());
    }

    [Fact]
    public void Task_json_runs_on_node20_and_mirrors_the_github_action_inputs()
    {
        var task = Read("extension", "task", "task.json");
        Assert.True(Guid.TryParse(task.GetProperty("id").GetString(), out _));
        foreach (var required in new[] { "name", "friendlyName", "description", "author", "category", "instanceNameFormat" })
        {
            Assert.False(string.IsNullOrWhiteSpace(task.GetProperty(required).GetString()), required);
        }

        var version = task.GetProperty("version");
        Assert.All(new[] { "Major", "Minor", "Patch" }, part => Assert.Equal(JsonValueKind.Number, version.GetProperty(part).ValueKind));
        var handler = task.GetProperty("execution").GetProperty("Node20_1");
        Assert.Equal("index.js", handler.GetProperty("target").GetString());
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "extension", "task", "index.js")));

        var inputs = task.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(new[] { "threatModel", "path", "sarif", "mode", "blockPriority", "comment", "sarifOutput" }, inputs);
        var modes = task.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "mode").GetProperty("options").EnumerateObject().Select(o => o.Name);
        Assert.Equal(new[] { "pr", "release" }, modes);
    }

    [Fact]
    public void Schema_validation_catches_a_broken_manifest()
    {
        using var broken = JsonDocument.Parse("""{ "manifestVersion": 1, "id": 5, "contributions": "none" }""");
        Assert.NotEmpty(JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "azure-devops-extension-manifest-1.0.json")).Validate(broken.RootElement));
    }
}
