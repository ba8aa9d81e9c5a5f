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
/// Follows the README's install steps: packs the analyzer NuGet package to a local folder feed, records the feed in a
/// fresh project's nuget.config, adds the package and builds the project (one violation per rule) with a SARIF 2.1
/// error log, then checks the package's contents, the build output, the SARIF (against the official schema), the
/// taxonomy tags and an .editorconfig severity override.
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

    /// <summary>The feed folder the README's install block packs to and records in the nuget.config.</summary>
    private const string ReadmeFeed = "~/aithreatgate-feed";

    /// <summary>
    /// The <c>dotnet</c> commands of the README's install block ("Add the analyzers to a project"), split on spaces:
    /// the test runs what a user copies, so a README step that stops working fails here.
    /// </summary>
    private static List<string[]> ReadmeInstallCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = readme.IndexOf("\n## Add the analyzers to a project\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no 'Add the analyzers to a project' section");
        var start = readme.IndexOf("```bash\n", section, StringComparison.Ordinal) + "```bash\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end].Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("dotnet ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
    }

    [Fact]
    public async Task Readme_install_steps_on_a_fresh_project_report_every_rule_in_build_output_and_valid_sarif()
    {
        var root = RepositoryPaths.Root;
        var readmeVersion = RepositoryPaths.BuildProperty("Version");
        var repositoryUrl = RepositoryPaths.BuildProperty("RepositoryUrl");
        var commands = ReadmeInstallCommands();
        var steps = new[] { "dotnet pack ", "dotnet new nugetconfig", "dotnet nuget add source ", "dotnet add package AiThreatGate.Analyzers ", "dotnet build" };
        Assert.Equal(steps.Length, commands.Count);
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.StartsWith(steps[i], string.Join(' ', commands[i]), StringComparison.Ordinal);
        }

        Assert.Contains(ReadmeFeed, commands[0]);
        Assert.Contains(ReadmeFeed, commands[2]);
        Assert.Contains(readmeVersion, commands[3]);

        var work = Directory.CreateTempSubdirectory("aitg-e2e-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");

            // A version of its own per run: NuGet's global packages folder would otherwise serve a package packed
            // by an earlier run under the README's version.
            var version = readmeVersion + "-e2e" + DateTime.UtcNow.Ticks;
            string[] AsRun(string[] command) =>
                command.Skip(1).Select(a => a == ReadmeFeed ? feed : a == readmeVersion ? version : a).ToArray();

            // Step 1 runs in the clone, exactly as written apart from the feed folder and the version.
            var pack = await ProcessRunner.RunAsync("dotnet", AsRun(commands[0]).Append("-p:Version=" + version), root, timeout: TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:" + Environment.NewLine + pack.Output);

            var nupkg = Directory.GetFiles(feed, "AiThreatGate.Analyzers." + version + ".nupkg").Single();
            using (var archive = System.IO.Compression.ZipFile.OpenRead(nupkg))
            {
                var entries = archive.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/AiThreatGate.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/AiThreatGate.CodeFixes.dll", entries);
                foreach (var descriptor in RuleCatalog.All)
                {
                    Assert.Contains("docs/rules/" + descriptor.Id + ".md", entries);
                }

                // Rule pages are reference material, not files to drop into the user's project.
                Assert.DoesNotContain(entries, e => e.StartsWith("content/", StringComparison.Ordinal) || e.StartsWith("contentFiles/", StringComparison.Ordinal));
                Assert.Contains("README.md", entries);
                var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
                Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec, StringComparison.Ordinal);
                Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
                Assert.Contains($"<projectUrl>{repositoryUrl}</projectUrl>", nuspec, StringComparison.Ordinal);
                Assert.Contains($"url=\"{repositoryUrl}\"", nuspec, StringComparison.Ordinal);
            }

            // A fresh project outside the repository (no Directory.Build.props, no nuget.config above it) with one
            // violation per rule; the analyzer reference comes only from the README's `dotnet add package`.
            var project = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(project);
            var stubs = Path.Combine(root, "tests", "AiThreatGate.Stubs");
            // The real SDK packages at the repository's central versions (the project is outside the repository, so
            // it names them itself); the stubs stand only for what the registry does not serve.
            var versions = System.Xml.Linq.XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
                .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
            var packages = string.Join(
                Environment.NewLine,
                new[] { "OpenAI", "Microsoft.Extensions.AI.Abstractions", "Microsoft.ML", "Microsoft.ML.OnnxRuntime.Managed", "pythonnet", "Microsoft.SemanticKernel.Core", "Microsoft.SemanticKernel.Connectors.OpenAI" }
                    .Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{versions[id]}\" />"));
            File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <NoWarn>$(NoWarn);NU1603;CS8981;CS1591;SYSLIB0050</NoWarn>
                    <ErrorLog>{Path.Combine(project, "build.sarif")},version=2.1</ErrorLog>
                  </PropertyGroup>
                  <ItemGroup>
                {packages}
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

            // Step 2 runs in the project's folder: nuget.config, add source, add package, build.
            ProcessResult? build = null;
            foreach (var command in commands.Skip(1))
            {
                var result = await ProcessRunner.RunAsync("dotnet", AsRun(command), project, timeout: TimeSpan.FromMinutes(5));
                if (command[1] == "build")
                {
                    build = result;
                }
                else
                {
                    Assert.True(result.ExitCode == 0, string.Join(' ', command) + " failed:" + Environment.NewLine + result.Output);
                }
            }

            Assert.Contains(feed, File.ReadAllText(Path.Combine(project, "nuget.config")), StringComparison.Ordinal);
            var appProject = File.ReadAllText(Path.Combine(project, "App.csproj"));
            Assert.Contains($"Include=\"AiThreatGate.Analyzers\" Version=\"{version}\"", appProject, StringComparison.Ordinal);
            Assert.Contains("<PrivateAssets>all</PrivateAssets>", appProject, StringComparison.Ordinal);

            Assert.NotNull(build);
            Assert.DoesNotContain(" error CS", build!.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("NU1101", build.Output, StringComparison.Ordinal);
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
        Assert.Contains(errors, e => e.Contains("\"name\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("level", StringComparison.Ordinal));
    }
}
