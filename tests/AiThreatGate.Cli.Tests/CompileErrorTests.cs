using System;
using System.IO;
using System.Threading.Tasks;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Cli.Tests;

/// <summary>Code that does not compile cannot be evaluated: the analyzers see nothing in it, so the gate never passes on it.</summary>
public sealed class CompileErrorTests
{
    private const string VerifiedRanker = SampleSources.VerifiedRanker;

    private const string UnverifiedRanker = SampleSources.UnverifiedRanker;

    [Fact]
    public async Task A_compile_error_stops_the_gate_with_file_and_line_and_can_be_allowed_explicitly()
    {
        using var sample = new SampleCopy();
        sample.Replace("samples/SupportAssistant/TicketRanker.cs", UnverifiedRanker, VerifiedRanker);

        // The new loader does not compile (an undefined name), and its unverified load must not pass unseen.
        sample.Write("samples/SupportAssistant/Reranker.cs", """
            using Microsoft.ML.OnnxRuntime;

            namespace SupportAssistant;

            public sealed class Reranker
            {
                public InferenceSession Open(string path) => new InferenceSession(pathh);
            }
            """);
        var result = await sample.CheckAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the code does not compile (1 error(s))", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("samples/SupportAssistant/Reranker.cs:7:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error CS0103", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--allow-compile-errors", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", result.StandardOutput, StringComparison.Ordinal);

        var allowed = await sample.CheckAsync("--allow-compile-errors");
        Assert.True(allowed.ExitCode is 0 or 1, allowed.Output);
        Assert.Contains("warning: The code has 1 compile error(s)", allowed.StandardOutput, StringComparison.Ordinal);

        var scan = await CliHarness.RunAsync(sample.Root, "scan", sample.Sample);
        Assert.Equal(2, scan.ExitCode);
        Assert.Contains("error CS0103", scan.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_using_csharp_14_features_scans_clean()
    {
        var root = Directory.CreateTempSubdirectory("aitg-csharp14-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "Modern.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <LangVersion>14</LangVersion>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(root, "Modern.cs"), """
                namespace Modern;

                public static class TextExtensions
                {
                    // C# 14 extension members.
                    extension(string text)
                    {
                        public int Words => text.Split(' ', System.StringSplitOptions.RemoveEmptyEntries).Length;
                    }
                }

                public sealed class Counter
                {
                    // C# 14 field-backed property.
                    public int Count { get => field; set => field = value < 0 ? 0 : value; }

                    public int Measure(Counter? other, string text)
                    {
                        // C# 14 null-conditional assignment.
                        other?.Count = text.Words;
                        return Count;
                    }
                }
                """);

            var result = await CliHarness.RunAsync(root, "scan", root, "--output", Path.Combine(root, "out.sarif"));

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.DoesNotContain("compile", result.StandardError, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("0 findings written", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
