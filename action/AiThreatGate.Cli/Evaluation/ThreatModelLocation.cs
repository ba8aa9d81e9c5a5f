using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AiThreatGate.Cli.Evaluation;

/// <summary>Where the repository and its threat model are, and how paths are shown relative to the repository.</summary>
public static class ThreatModelLocation
{
    public static async Task<string> ResolveRepositoryRootAsync(string? repo)
    {
        if (repo is not null)
        {
            var full = Path.GetFullPath(repo);
            return Directory.Exists(full) ? full : throw new InputException($"--repo '{repo}': no such folder");
        }

        return await Git.FindRootAsync(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
    }

    public static string ResolveModelPath(string threatModel, string repositoryRoot)
    {
        var candidates = new[] { Path.GetFullPath(threatModel), Path.GetFullPath(Path.Combine(repositoryRoot, threatModel)) };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InputException($"{threatModel}: no such threat model (create one with 'aithreatgate init', or pass --threat-model)");
    }

    /// <summary>
    /// THREATMODEL.md beside the analyzed path or in a folder above it up to the repository root, then in the
    /// current folder: <c>aithreatgate check samples/App</c> finds <c>samples/App/THREATMODEL.md</c>.
    /// </summary>
    public static string FindDefaultModel(string? analyzedPath, string repositoryRoot)
    {
        var root = Path.GetFullPath(repositoryRoot);
        if (analyzedPath is not null)
        {
            var full = Path.GetFullPath(analyzedPath);
            var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
            while (folder is not null)
            {
                var candidate = Path.Combine(folder, Commands.DefaultThreatModel);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                if (string.Equals(Path.TrimEndingDirectorySeparator(folder), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
                {
                    break;
                }

                folder = Path.GetDirectoryName(folder);
            }
        }

        try
        {
            return ResolveModelPath(Commands.DefaultThreatModel, repositoryRoot);
        }
        catch (InputException)
        {
            var where = analyzedPath is null ? "the current folder or the repository root" : $"{ShellQuoting.Quote(analyzedPath)}, the folders above it, the current folder or the repository root";
            throw new InputException($"no {Commands.DefaultThreatModel} in {where} (create one with 'aithreatgate init', or pass --threat-model)");
        }
    }

    public static string DisplayPath(string path, string repositoryRoot)
    {
        var relative = Path.GetRelativePath(repositoryRoot, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
