using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using AiThreatGate.Analyzers.Tests.CodeFixes;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.EndToEnd;

/// <summary>
/// Runs the real <c>dotnet format analyzers</c>, as the docs tell users to, on a fresh project that references the
/// built analyzer and code fix assemblies, with two findings per documented code fix, and checks that one run fixed
/// them all and that the result builds without them. Slow (about a minute: restore, one format run, one build), so it
/// is the only such test and covers every rule at once.
/// </summary>
public sealed class DotnetFormatEndToEndTests
{
    /// <summary>Two findings per fixable rule, shaped so that batch-merged fixes would collide (same method, same list).</summary>
    private static readonly Dictionary<string, string> Findings = new(StringComparer.Ordinal)
    {
        ["AITG001"] = """
                public static JsonSerializerSettings Aitg001A() => new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
                public static JsonSerializerSettings Aitg001B() => new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };
            """,
        ["AITG002"] = """
                public static InferenceSession Aitg002(string encoder, string decoder)
                {
                    var first = new InferenceSession(encoder);
                    return new InferenceSession(decoder);
                }
            """,
        ["AITG010"] = """
                public static async Task Aitg010(IChatClient chat, IDbCommand select, IDbCommand delete)
                {
                    var category = (await chat.GetResponseAsync("category?")).Text;
                    select.CommandText = $"SELECT * FROM T WHERE C = {category}";
                    delete.CommandText = $"DELETE FROM T WHERE C = {category}";
                }
            """,
        ["AITG014"] = """
                public static async Task<HtmlString> Aitg014A(IChatClient chat) => new HtmlString((await chat.GetResponseAsync("a")).Text);
                public static async Task<HtmlString> Aitg014B(IChatClient chat) => new HtmlString((await chat.GetResponseAsync("b")).Text);
            """,
        ["AITG020"] = """
                [Microsoft.AspNetCore.Mvc.HttpGet]
                public Microsoft.Extensions.AI.ChatMessage[] Aitg020(string persona, string tone) => new[]
                {
                    new Microsoft.Extensions.AI.ChatMessage(ChatRole.System, $"You are {persona}."),
                    new Microsoft.Extensions.AI.ChatMessage(ChatRole.System, "Use a " + tone + " tone."),
                };
            """,
        ["AITG025"] = """
                public static ChatClient Aitg025A() => new ChatClient("gpt-4o", "abc123");
                public static ChatClient Aitg025B() => new ChatClient("gpt-4o-mini", "def456");
            """,
    };

    /// <summary>Text each rule's fix writes; it must appear once per finding after the run.</summary>
    private static readonly Dictionary<string, string> FixedMarkers = new(StringComparer.Ordinal)
    {
        ["AITG001"] = "TypeNameHandling.None",
        ["AITG002"] = "SHA256.HashData(",
        ["AITG010"] = ".CreateParameter()",
        ["AITG014"] = "HtmlEncoder.Default.Encode(",
        ["AITG020"] = "ChatRole.User,",
        ["AITG025"] = "GetEnvironmentVariable(\"OPENAI_API_KEY\")",
    };

    [Fact]
    [Trait("Cost", "Slow")]
    public async Task Dotnet_format_applies_every_documented_code_fix_in_one_run()
    {
        var ids = DocumentedCodeFixes.RuleIds();
        foreach (var id in ids)
        {
            Assert.True(Findings.ContainsKey(id) && FixedMarkers.ContainsKey(id), $"{id} is documented as having a code fix: add two findings and the text its fix writes to this test.");
        }

        var work = Directory.CreateTempSubdirectory("aitg-format-");
        try
        {
            var project = work.FullName;
            WriteProject(project);
            var source = Path.Combine(project, "Findings.cs");
            File.WriteAllText(source, Program(ids));

            // The command the docs give, with every fixable rule at once (as the README shows).
            var arguments = new List<string> { "format", "analyzers", "App.csproj", "--diagnostics" };
            arguments.AddRange(ids);
            arguments.AddRange(new[] { "--severity", "info", "-v", "diag" });
            var format = await ProcessRunner.RunAsync("dotnet", arguments, project, timeout: TimeSpan.FromMinutes(5));
            Assert.True(format.ExitCode == 0, "dotnet format failed:" + Environment.NewLine + format.Output);
            Assert.DoesNotContain("Unable to fix", format.Output, StringComparison.Ordinal);

            var fixedText = File.ReadAllText(source);
            foreach (var id in ids)
            {
                var count = Regex.Matches(fixedText, Regex.Escape(FixedMarkers[id])).Count;
                Assert.True(count == 2, $"{id}: expected its fix twice, found '{FixedMarkers[id]}' {count} times." + Environment.NewLine + fixedText);
            }

            var build = await ProcessRunner.RunAsync("dotnet", new[] { "build", "App.csproj", "--no-restore", "-nologo" }, project, timeout: TimeSpan.FromMinutes(5));
            Assert.True(build.ExitCode == 0, "The fixed project does not build:" + Environment.NewLine + build.Output + Environment.NewLine + fixedText);
            foreach (var id in ids)
            {
                Assert.DoesNotContain(id + ":", build.Output, StringComparison.Ordinal);
            }
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

    private static string Program(IEnumerable<string> ids) => $$"""
        using System.Data;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Html;
        using Microsoft.Extensions.AI;
        using Microsoft.ML.OnnxRuntime;
        using Newtonsoft.Json;
        using OpenAI.Chat;

        public sealed class FindingsController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
        {{string.Join(Environment.NewLine, ids.Select(id => Findings[id]))}}
        }
        """;

    private static void WriteProject(string project)
    {
        var root = RepositoryPaths.Root;
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var analyzers = typeof(RuleCatalog).Assembly.Location;
        var codeFixes = typeof(AiThreatGate.CodeFixes.ParameterizeSqlCodeFix).Assembly.Location;
        File.Copy(Path.Combine(root, "nuget.config"), Path.Combine(project, "nuget.config"));
        File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);NU1603;CS8981;CS1591;SYSLIB0011;SYSLIB0050;SYSLIB0051</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpenAI" Version="{versions["OpenAI"]}" />
                <PackageReference Include="Newtonsoft.Json" Version="{versions["Newtonsoft.Json"]}" />
                <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="{versions["Microsoft.Extensions.AI.Abstractions"]}" />
                <PackageReference Include="Microsoft.ML" Version="{versions["Microsoft.ML"]}" />
                <PackageReference Include="Microsoft.ML.OnnxRuntime.Managed" Version="{versions["Microsoft.ML.OnnxRuntime.Managed"]}" />
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <Compile Include="{Path.Combine(root, "tests", "AiThreatGate.Stubs")}/*.cs" Link="Stubs/%(Filename).cs" />
                <Analyzer Include="{analyzers}" />
                <Analyzer Include="{codeFixes}" />
              </ItemGroup>
            </Project>
            """);

        // A rule lowered to a suggestion is still fixed: that is what --severity info in the docs is for.
        File.WriteAllText(Path.Combine(project, ".editorconfig"), """
            root = true
            [*.cs]
            dotnet_diagnostic.AITG014.severity = suggestion
            """);
    }
}
