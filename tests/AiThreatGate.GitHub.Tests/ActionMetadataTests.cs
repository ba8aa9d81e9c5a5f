using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Testing;
using Xunit;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiThreatGate.GitHub.Tests;

/// <summary>action.yml and the documented workflow validate against SchemaStore's schemas in ../shared.</summary>
public sealed class ActionMetadataTests
{
    /// <summary>YAML to JSON with YAML 1.2 core-schema typing of plain scalars (booleans, numbers, null), as GitHub reads it.</summary>
    private static JsonElement YamlAsJson(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return JsonDocument.Parse(ToJson(stream.Documents[0].RootNode)!.ToJsonString()).RootElement.Clone();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => scalar.Value switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" or "" or null => null,
            var text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            var text => JsonValue.Create(text),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    [Fact]
    public void Action_yml_is_a_valid_composite_action_with_the_documented_inputs_and_outputs()
    {
        var action = YamlAsJson(Path.Combine(RepositoryPaths.Root, "action.yml"));
        var errors = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "github-action.json")).Validate(action);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        Assert.Equal("composite", action.GetProperty("runs").GetProperty("using").GetString());
        var inputs = action.GetProperty("inputs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(new[] { "threat-model", "path", "sarif", "mode", "block-priority", "github-token", "comment", "sarif-output" }, inputs);
        Assert.Equal("${{ github.token }}", action.GetProperty("inputs").GetProperty("github-token").GetProperty("default").GetString());
        var outputs = action.GetProperty("outputs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(new[] { "verdict", "blocking-count", "report-path", "sarif-path" }, outputs);
        var script = string.Join('\n', action.GetProperty("runs").GetProperty("steps").EnumerateArray().Where(s => s.TryGetProperty("run", out _)).Select(s => s.GetProperty("run").GetString()));
        Assert.DoesNotContain("${{", script, StringComparison.Ordinal); // inputs reach scripts through env only
        Assert.Contains("--github", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_workflow_is_valid_and_asks_for_the_minimum_permissions()
    {
        var workflow = YamlAsJson(Path.Combine(RepositoryPaths.Root, "docs", "examples", "github-workflow.yml"));
        var errors = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "github-workflow.json")).Validate(workflow);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var permissions = workflow.GetProperty("permissions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal("read", permissions["contents"]);
        Assert.Equal("write", permissions["checks"]);
        Assert.Equal("write", permissions["pull-requests"]);
        Assert.Equal("write", permissions["security-events"]);
        Assert.Equal(4, permissions.Count);
    }

    [Fact]
    public void Schema_validation_catches_a_broken_action()
    {
        var validator = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "github-action.json"));
        using var broken = JsonDocument.Parse("""{ "name": "x", "runs": { "using": "composite", "steps": [ { "run": "echo" } ] } }""");
        Assert.NotEmpty(validator.Validate(broken.RootElement));
    }
}
