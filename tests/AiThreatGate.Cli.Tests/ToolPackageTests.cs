using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

public sealed class ToolPackageTests
{
    [Fact]
    public async Task The_cli_packs_as_a_dotnet_tool_named_aithreatgate()
    {
        var output = Directory.CreateTempSubdirectory("aitg-tool-");
        try
        {
            var pack = await ProcessRunner.RunAsync(
                "dotnet",
                new[] { "pack", Path.Combine(RepositoryPaths.Root, "action", "AiThreatGate.Cli", "AiThreatGate.Cli.csproj"), "-c", "Release", "-o", output.FullName, "-p:Version=0.1.0-test" },
                RepositoryPaths.Root,
                timeout: TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, pack.Output);

            using var package = ZipFile.OpenRead(Directory.GetFiles(output.FullName, "AiThreatGate.Tool.*.nupkg").Single());
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(entries, e => e.EndsWith("/aithreatgate.dll", StringComparison.Ordinal) && e.StartsWith("tools/net10.0/any/", StringComparison.Ordinal));
            var settings = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal)).Open()).ReadToEnd();
            Assert.Contains("<Command Name=\"aithreatgate\" EntryPoint=\"aithreatgate.dll\"", settings, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
