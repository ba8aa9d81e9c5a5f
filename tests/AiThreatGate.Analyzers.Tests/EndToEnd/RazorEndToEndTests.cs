using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.EndToEnd;

/// <summary>
/// Builds a fresh Blazor project with the SDK's compiler and its real Razor source generator (which the analyzer tests'
/// Roslyn cannot run), with the built analyzers referenced, and checks that model output rendered as markup in a
/// .razor component is reported at the component's line, and that the text-rendered and encoded look-alikes are not.
/// Slow (a restore and a build, about a minute).
/// </summary>
public sealed class RazorEndToEndTests
{
    private const string Component = """
        @page "/chat"
        @using System.Text.Encodings.Web
        @using Microsoft.Extensions.AI
        @inject IChatClient Client

        <div>@((MarkupString)answer)</div>
        <p>@answer</p>
        <div>@((MarkupString)HtmlEncoder.Default.Encode(answer))</div>
        <div>@((MarkupString)"<hr/>")</div>

        @code {
            private string answer = "";

            protected override async Task OnInitializedAsync()
            {
                answer = (await Client.GetResponseAsync("Say hello")).Text;
            }
        }
        """;

    [Fact]
    [Trait("Cost", "Slow")]
    public async Task Markup_string_of_model_output_in_a_razor_component_is_reported_at_the_razor_line()
    {
        var root = RepositoryPaths.Root;
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var work = Directory.CreateTempSubdirectory("aitg-razor-");
        try
        {
            var project = work.FullName;
            File.Copy(Path.Combine(root, "nuget.config"), Path.Combine(project, "nuget.config"));
            File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Razor">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="{versions["Microsoft.Extensions.AI.Abstractions"]}" />
                    <Analyzer Include="{typeof(RuleCatalog).Assembly.Location}" />
                  </ItemGroup>
                </Project>
                """);
            Directory.CreateDirectory(Path.Combine(project, "Pages"));
            File.WriteAllText(Path.Combine(project, "Pages", "Chat.razor"), Component);

            var build = await ProcessRunner.RunAsync("dotnet", new[] { "build", "App.csproj", "-nologo", "-clp:NoSummary" }, project, timeout: TimeSpan.FromMinutes(5));
            Assert.True(build.ExitCode == 0, "The Blazor project does not build:" + Environment.NewLine + build.Output);

            // MSBuild prints a diagnostic at its mapped location: Pages/Chat.razor(6,22): warning AITG014: ...
            var reported = Regex.Matches(build.Output, @"Chat\.razor\((\d+),\d+\): warning (AITG\d+)")
                .Select(m => (Rule: m.Groups[2].Value, Line: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .Distinct()
                .ToList();
            Assert.True(reported.SequenceEqual(new[] { ("AITG014", 6) }), "Expected AITG014 at Chat.razor line 6 only; the build printed:" + Environment.NewLine + build.Output);

            // Nothing is reported at the generated C# (scaffolding or the user's code).
            Assert.DoesNotContain("_razor.g.cs", build.Output, StringComparison.Ordinal);
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
}
