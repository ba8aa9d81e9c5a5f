using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
namespace AiThreatGate.Testing;

/// <summary>Runs the built CLI as a separate process, the way CI and users run it.</summary>
public static class CliHarness
{
    public const string Today = "2026-11-22";

    public static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(RepositoryPaths.Root, "action", "AiThreatGate.Cli", "bin", configuration, "net10.0", "aithreatgate.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the CLI first: " + dll);
        }
    }

    public static Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", new[] { CliDll }.Concat(arguments), workingDirectory, environment, TimeSpan.FromMinutes(5));

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) => RunAsync(workingDirectory, null, arguments);
}

/// <summary>
/// A throw-away copy of the sample with what it needs to build (the central package versions and build settings; its
/// SDKs are real packages), laid out like the repository. Optionally a git repository.
/// </summary>
public sealed class SampleCopy : IDisposable
{
    public SampleCopy()
    {
        Root = Directory.CreateTempSubdirectory("aitg-sample-").FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config", "global.json" })
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, file), Path.Combine(Root, file));
        }

        CopyTree(Path.Combine(RepositoryPaths.Root, "samples", "SupportAssistant"), Path.Combine(Root, "samples", "SupportAssistant"));
    }

    public string Root { get; }

    public string Sample => Path.Combine(Root, "samples", "SupportAssistant");

    public string ThreatModel => Path.Combine(Sample, "THREATMODEL.md");

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Replace(string relative, string oldText, string newText)
    {
        var text = Read(relative);
        if (!text.Contains(oldText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{oldText}' is not in {relative}");
        }

        Write(relative, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public Task<ProcessResult> CheckAsync(params string[] extra) =>
        CliHarness.RunAsync(Root, new[] { "check", "--threat-model", ThreatModel, "--path", Sample, "--today", CliHarness.Today }.Concat(extra).ToArray());

    /// <summary>Makes the copy a git repository with everything committed on <c>main</c>, and checks out a <c>feature</c> branch.</summary>
    public async Task StartFeatureBranchAsync()
    {
        await GitAsync("init", "-q", "-b", "main");
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", "base");
        await GitAsync("checkout", "-q", "-b", "feature");
    }

    public async Task GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", new[] { "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false" }.Concat(arguments), Root);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("git " + string.Join(' ', arguments) + " failed: " + result.Output);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
