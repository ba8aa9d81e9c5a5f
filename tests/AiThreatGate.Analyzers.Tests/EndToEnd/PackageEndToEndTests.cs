using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.EndToEnd;

/// <summary>
/// Packs the analyzer NuGet package, installs it from a local folder feed into a fresh project with one violation
/// per rule, builds it with a SARIF 2.1 error log, and checks the build output, the SARIF (against the official
/// schema), the taxonomy tags and an .editorconfig severity override.
/// </summary>
public sealed class PackageEndToEndTests
{
    private const string ViolatingProgram = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Runtime.Serialization.Formatters.Binary;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;
        using OpenAI.Chat;
        using Python.Runtime;

        public sealed class Row { public string Text { get; set; } = ""; public bool Label { get; set; } }

        public static class Violations
        {
        #pragma warning disable SYSLIB0011
            public static object Aitg001(Stream s) => new BinaryFormatter().Deserialize(s);
        #pragma warning restore SYSLIB0011
            public static InferenceSession Aitg002(string path) => new InferenceSession(path);
            public static async Task<InferenceSession> Aitg003(HttpClient http) => new InferenceSession(await http.GetByteArrayAsync("https://models.example.com/m.onnx"));
            public static object Aitg004(string path) { dynamic torch = Py.Import("torch"); return torch.load(path); }
            public static void Aitg005(SessionOptions options, string modelConfigOps) => options.RegisterCustomOpLibrary(modelConfigOps);
            public static ITransformer Aitg006(MLContext ml, IEstimator<ITransformer> pipeline) => pipeline.Fit(ml.Data.LoadFromTextFile<Row>("https://data.example.com/train.csv"));
            public static ChatClient Aitg025() => new ChatClient("gpt-4o", "abc123");
            public static void Aitg010(ChatClient chat, System.Data.IDbCommand command)
            {
                ChatCompletion completion = chat.CompleteChat("Write a SQL filter");
                command.CommandText = "SELECT * FROM T WHERE " + completion.Content[0].Text;
            }
            public static void Aitg011(ChatClient chat)
            {
                ChatCompletion completion = chat.CompleteChat("git arguments");
                System.Diagnostics.Process.Start("git", completion.Content[0].Text);
            }
            public static string Aitg013(ChatClient chat)
            {
                ChatCompletion completion = chat.CompleteChat("which file?");
                return File.ReadAllText(completion.Content[0].Text);
            }
            public static Task<string> Aitg015(ChatClient chat, HttpClient http)
            {
                ChatCompletion completion = chat.CompleteChat("which url?");
                return http.GetStringAsync(completion.Content[0].Text);
            }
            public static Type? Aitg012(ChatClient chat)
            {
                ChatCompletion completion = chat.CompleteChat("type name?");
                return Type.GetType(completion.Content[0].Text);
            }
            public static bool Aitg016(ChatClient chat, string log)
            {
                ChatCompletion completion = chat.CompleteChat("regex?");
                return System.Text.RegularExpressions.Regex.IsMatch(log, completion.Content[0].Text);
            }
            public static Microsoft.AspNetCore.Html.HtmlString Aitg014(ChatClient chat)
            {
                ChatCompletion completion = chat.CompleteChat("greeting as HTML");
                return new Microsoft.AspNetCore.Html.HtmlString(completion.Content[0].Text);
            }
            public static void Aitg020To024(Microsoft.AspNetCore.Builder.WebApplication app) =>
                Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/ask", async (string persona, string question, Microsoft.Extensions.AI.IChatClient chat) =>
                    (await chat.GetResponseAsync(new[]
                    {
                        new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.System, "You are " + persona),
                        new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, question),
                    })).Text);
            public static async Task<ChatMessage> Aitg022(HttpClient http) => new SystemChatMessage("Use this page: " + await http.GetStringAsync("https://example.com"));
            public static Microsoft.SemanticKernel.PromptTemplateConfig Aitg027() => new() { AllowDangerouslySetContent = true };
        }

        public sealed class ShellPlugin
        {
            [Microsoft.SemanticKernel.KernelFunction]
            public void Aitg026(string command) => System.Diagnostics.Process.Start("bash", command);
            public static Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings Settings() =>
                new() { FunctionChoiceBehavior = Microsoft.SemanticKernel.FunctionChoiceBehavior.Auto() };
        }
        """;

    [Fact]
    public async Task Packed_analyzers_report_every_rule_in_build_output_and_valid_sarif()
    {
        var root = RepositoryPaths.Root;
        var work = Directory.CreateTempSubdirectory("aitg-e2e-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var version = "0.1.0-e2e" + DateTime.UtcNow.Ticks;
            var pack = await ProcessRunner.RunAsync(
                "dotnet",
                new[] { "pack", Path.Combine(root, "analyzers", "AiThreatGate.Analyzers.Package", "AiThreatGate.Analyzers.Package.csproj"), "-c", "Release", "-o", feed, "-p:Version=" + version },
                root,
                timeout: TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:" + Environment.NewLine + pack.Output);

            var nupkg = Directory.GetFiles(feed, "AiThreatGate.Analyzers." + version + ".nupkg").Single();
            using (var archive = System.IO.Compression.ZipFile.OpenRead(nupkg))
            {
                var entries = archive.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/AiThreatGate.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/AiThreatGate.CodeFixes.dll", entries);
                Assert.Contains("README.md", entries);
                var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
                Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec, StringComparison.Ordinal);
            }

            var project = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(project);
            var stubs = Path.Combine(root, "tests", "AiThreatGate.Stubs");
            File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <NoWarn>$(NoWarn);NU1603;CS8981;CS1591;SYSLIB0050</NoWarn>
                    <ErrorLog>{Path.Combine(project, "build.sarif")},version=2.1</ErrorLog>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AiThreatGate.Analyzers" Version="{version}" PrivateAssets="all" />
                    <PackageReference Include="OpenAI" Version="2.15.0" />
                    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <Compile Include="{stubs}/*.cs" Link="Stubs/%(Filename).cs" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, ".editorconfig"), """
                root = true
                [*.cs]
                dotnet_diagnostic.AITG006.severity = error
                # Informational rules are raised so they show in the build output too.
                dotnet_diagnostic.AITG022.severity = warning
                dotnet_diagnostic.AITG023.severity = warning
                """);
            File.WriteAllText(Path.Combine(project, "Violations.cs"), ViolatingProgram);

            var build = await ProcessRunner.RunAsync("dotnet", new[] { "build", "App.csproj", "-nologo" }, project, timeout: TimeSpan.FromMinutes(5));
            Assert.DoesNotContain(" error CS", build.Output, StringComparison.Ordinal);
            Assert.NotEqual(0, build.ExitCode); // AITG001/004/025 are errors by default.
            foreach (var descriptor in RuleCatalog.All)
            {
                Assert.Contains(descriptor.Id + ":", build.Output, StringComparison.Ordinal);
            }

            var sarifPath = Path.Combine(project, "build.sarif");
            var sarifText = File.ReadAllText(sarifPath);
            var errors = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "sarif-schema-2.1.0.json")).Validate(sarifText);
            Assert.True(errors.Count == 0, "SARIF is not valid against the 2.1.0 schema:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Take(20)));

            using var sarif = JsonDocument.Parse(sarifText);
            var run = sarif.RootElement.GetProperty("runs")[0];
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
                .ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
            var results = run.GetProperty("results").EnumerateArray().ToList();
            foreach (var descriptor in RuleCatalog.All)
            {
                Assert.True(rules.TryGetValue(descriptor.Id, out var rule), descriptor.Id + " missing from SARIF rules");
                var tags = rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToHashSet();
                foreach (var tag in descriptor.CustomTags)
                {
                    Assert.Contains(tag, tags);
                }

                Assert.Equal(descriptor.HelpLinkUri, rule.GetProperty("helpUri").GetString());
                Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == descriptor.Id);
            }

            var aitg006 = results.Single(r => r.GetProperty("ruleId").GetString() == "AITG006");
            Assert.Equal("error", aitg006.GetProperty("level").GetString());
            var aitg025 = results.Single(r => r.GetProperty("ruleId").GetString() == "AITG025");
            Assert.DoesNotContain("abc123", aitg025.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    [Fact]
    public void Schema_validator_rejects_a_broken_sarif_log()
    {
        var validator = JsonSchemaValidator.FromFile(RepositoryPaths.SharedFile("schemas", "sarif-schema-2.1.0.json"));
        Assert.Empty(validator.Validate("""{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[]}]}"""));
        var errors = validator.Validate("""{"version":"2.0.0","runs":[{"tool":{"driver":{}},"results":[{"level":"fatal"}]}]}""");
        Assert.Contains(errors, e => e.Contains("$.version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'name'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("level", StringComparison.Ordinal));
    }
}
