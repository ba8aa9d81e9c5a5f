using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Core.Tests.Schemas;

/// <summary>
/// The schema validator the tests rely on (JsonSchema.Net behind <see cref="JsonSchemaValidator"/>) accepts a valid
/// document and rejects an invalid one for every kind of schema the tests validate against, so that no validating
/// test can pass because the schema did not load or a reference did not resolve.
/// </summary>
public sealed class SchemaValidationTests
{
    private static JsonSchemaValidator Shared(params string[] parts) => JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile(parts));

    [Fact]
    public void Sarif_draft04_schema_rejects_a_broken_log()
    {
        var sarif = Shared("schemas", "sarif-schema-2.1.0.json");
        Assert.Empty(sarif.Validate("""{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","informationUri":"https://example.org/x"}},"results":[]}]}"""));

        var errors = sarif.Validate("""{"version":"2.0.0","runs":[{"tool":{"driver":{"informationUri":"not a uri"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}""");
        Assert.Contains(errors, e => e.StartsWith("$.version:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].tool.driver: required:", StringComparison.Ordinal) && e.Contains("\"name\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].tool.driver.informationUri: format:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.runs[0].results[0].level: enum:", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_schema_rejects_a_broken_report()
    {
        var errors = JsonSchemaValidator.FromFile(Path.Combine(RepositoryPaths.Root, "docs", "report.schema.json")).Validate("""{"verdict":"maybe"}""");
        Assert.Contains(errors, e => e.StartsWith("$.verdict: enum:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$: required:", StringComparison.Ordinal));
    }

    [Fact]
    public void Github_action_schema_rejects_a_broken_action()
    {
        var action = Shared("schemas", "github-action.json");
        Assert.Empty(action.Validate("""{"name":"x","description":"d","runs":{"using":"composite","steps":[{"run":"echo","shell":"bash"}]}}"""));
        Assert.NotEmpty(action.Validate("""{"name":"x","description":"d","runs":{"using":"composite","steps":[{"run":"echo"}]}}"""));
        Assert.Contains(action.Validate("""{"name":"x","description":"d","runs":{"using":"node99","main":"a.js"}}"""), e => e.StartsWith("$.runs", StringComparison.Ordinal));
    }

    [Fact]
    public void Github_workflow_schema_rejects_a_broken_workflow()
    {
        var workflow = Shared("schemas", "github-workflow.json");
        Assert.Empty(workflow.Validate("""{"on":"push","permissions":{"contents":"read"},"jobs":{"build":{"runs-on":"ubuntu-latest","steps":[{"run":"echo"}]}}}"""));
        Assert.Contains(workflow.Validate("""{"on":"push","permissions":{"contents":"sometimes"},"jobs":{"build":{"runs-on":"ubuntu-latest","steps":[{"run":"echo"}]}}}"""), e => e.StartsWith("$.permissions", StringComparison.Ordinal));
        Assert.Contains(workflow.Validate("""{"on":"push"}"""), e => e.StartsWith("$: required:", StringComparison.Ordinal));
    }

    [Fact]
    public void Azure_devops_extension_manifest_schema_rejects_a_broken_manifest()
    {
        var manifest = Shared("schemas", "azure-devops-extension-manifest-1.0.json");
        var errors = manifest.Validate("""{"manifestVersion":1,"id":5,"contributions":"none"}""");
        Assert.Contains(errors, e => e.StartsWith("$.id:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.contributions:", StringComparison.Ordinal));
    }

    [Fact]
    public void Azure_devops_swagger_definition_rejects_a_broken_body()
    {
        var swagger = Shared("schemas", "azure-devops", "git-7.1.json");
        using var valid = JsonDocument.Parse("""{"state":"succeeded","description":"ok","context":{"name":"n","genre":"g"},"iterationId":2}""");
        Assert.Empty(swagger.ValidateAgainst(valid.RootElement, "#/definitions/GitPullRequestStatus"));

        // state through allOf -> GitStatus, context through a $ref to GitStatusContext: both resolve inside the Swagger document.
        using var broken = JsonDocument.Parse("""{"state":"bogus","context":{"name":1},"iterationId":"two"}""");
        var errors = swagger.ValidateAgainst(broken.RootElement, "#/definitions/GitPullRequestStatus");
        Assert.Contains(errors, e => e.StartsWith("$.state: enum:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.context.name: type:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.iterationId: type:", StringComparison.Ordinal));

        Assert.ThrowsAny<Exception>(() => swagger.ValidateAgainst(valid.RootElement, "#/definitions/NoSuchDefinition"));
        Assert.Throws<InvalidOperationException>(() => swagger.Validate(valid.RootElement));
    }

    [Theory]
    [InlineData("bom-1.6.schema.json", "1.6")]
    [InlineData("bom-1.7.schema.json", "1.7")]
    public void Cyclonedx_schema_resolves_its_sibling_schemas_and_rejects_a_broken_bom(string file, string version)
    {
        var bom = Shared("schemas", "cyclonedx", file);
        Assert.Empty(bom.Validate($$$"""{"bomFormat":"CycloneDX","specVersion":"{{{version}}}","version":1,"components":[{"type":"library","name":"a","licenses":[{"license":{"id":"MIT"}}]}]}"""));

        // The licence id enum lives in spdx.schema.json, a sibling reached by $ref.
        var errors = bom.Validate($$$"""{"bomFormat":"CycloneDX","specVersion":"{{{version}}}","version":1,"components":[{"type":"library","name":"a","licenses":[{"license":{"id":"NOT-A-LICENCE"}}]}]}""");
        Assert.Contains(errors, e => e.StartsWith("$.components[0].licenses[0].license.id: enum:", StringComparison.Ordinal) && e.Contains("spdx.schema.json", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_to_an_unregistered_schema_fails_instead_of_downloading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aitg-schema-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://example.invalid/a.json","properties":{"x":{"$ref":"https://example.invalid/missing.json"}}}""");
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => JsonSchemaValidator.FromFile(path));
            Assert.Contains("missing.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_ad_hoc_schema_can_reference_a_shared_schema_by_its_id()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aitg-schema-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://example.invalid/licence.json","properties":{"licence":{"$ref":"http://cyclonedx.org/schema/spdx.schema.json"}}}""");
        try
        {
            var validator = JsonSchemaValidator.FromFile(path);
            Assert.Empty(validator.Validate("""{"licence":"Apache-2.0"}"""));
            Assert.Single(validator.Validate("""{"licence":"nope"}"""));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("/runs/0/tool", "$.runs[0].tool")]
    [InlineData("/a~1b/c~0d", "$.a/b.c~d")]
    public void Pointers_read_as_paths(string pointer, string path) => Assert.Equal(path, JsonSchemaValidator.ToPath(pointer));
}
