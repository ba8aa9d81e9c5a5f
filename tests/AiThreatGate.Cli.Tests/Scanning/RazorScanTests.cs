using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests.Scanning;

/// <summary>
/// The CLI's scan runs the project's source generators, the Razor generator among them: a finding in a .razor
/// component or a .cshtml view is written at the Razor file and line (the #line-mapped span), not at generated C#.
/// </summary>
public sealed class RazorScanTests
{
    [Fact]
    [Trait("Cost", "Slow")]
    public async Task Findings_in_razor_markup_point_at_the_razor_file_and_line()
    {
        var versions = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var root = Directory.CreateTempSubdirectory("aitg-razor-scan-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, "nuget.config"), Path.Combine(root, "nuget.config"));
            File.WriteAllText(Path.Combine(root, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Razor">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <AddRazorSupportForMvc>true</AddRazorSupportForMvc>
                  </PropertyGroup>
                  <ItemGroup>
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="{versions["Microsoft.Extensions.AI.Abstractions"]}" />
                  </ItemGroup>
                </Project>
                """);
            Directory.CreateDirectory(Path.Combine(root, "Pages"));
            File.WriteAllText(Path.Combine(root, "Pages", "Chat.razor"), """
                @page "/chat"
                @using Microsoft.Extensions.AI
                @inject IChatClient Client

                <h1>Chat</h1>
                <div>@((MarkupString)answer)</div>
                <p>@answer</p>

                @code {
                    private string answer = "";

                    protected override async Task OnInitializedAsync() => answer = (await Client.GetResponseAsync("hello")).Text;
                }
                """);
            Directory.CreateDirectory(Path.Combine(root, "Views"));
            File.WriteAllText(Path.Combine(root, "Views", "Index.cshtml"), """
                @using Microsoft.Extensions.AI
                @inject IChatClient Chat
                @{
                    var answer = (await Chat.GetResponseAsync("hi")).Text;
                }
                <div>@Html.Raw(answer)</div>
                <p>@answer</p>
                """);

            var sarif = Path.Combine(root, "scan.sarif");
            var scan = await CliHarness.RunAsync(root, "scan", Path.Combine(root, "App.csproj"), "--output", sarif);
            Assert.True(scan.ExitCode == 0, scan.Output);

            using var log = JsonDocument.Parse(File.ReadAllText(sarif));
            var findings = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => (
                    Rule: r.GetProperty("ruleId").GetString(),
                    Path: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
                    Line: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()))
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(new[] { ("AITG014", "Pages/Chat.razor", 6), ("AITG014", "Views/Index.cshtml", 6) }, findings.Select(f => (f.Rule!, f.Path!, f.Line)));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
