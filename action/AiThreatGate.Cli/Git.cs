using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace AiThreatGate.Cli;

/// <summary>The few git questions the gate asks, through the git executable.</summary>
public sealed class Git
{
    private readonly string _directory;

    public Git(string directory) => _directory = directory;

    /// <summary>The repository root containing <paramref name="directory"/>, or null outside a repository or without git.</summary>
    public static async Task<string?> FindRootAsync(string directory)
    {
        var (code, output, _) = await TryRunAsync(directory, "rev-parse", "--show-toplevel");
        return code == 0 ? output.Trim() : null;
    }

    public async Task<string> MergeBaseAsync(string baseRef)
    {
        var (code, output, error) = await TryRunAsync(_directory, "merge-base", baseRef, "HEAD");
        if (code != 0)
        {
            throw new InputException($"git could not find the merge base of '{baseRef}' and HEAD: {error.Trim()} (is the base branch fetched? use fetch-depth: 0 in CI)");
        }

        return output.Trim();
    }

    /// <summary>The change from <paramref name="commit"/> to the working tree, as a zero-context unified diff.</summary>
    public async Task<string> DiffAsync(string commit)
    {
        // The user's git configuration must not change what is parsed: prefixes, relative diffs, external diff
        // drivers and text conversion are all set here explicitly.
        var (code, output, error) = await TryRunAsync(
            _directory,
            "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "core.quotePath=true",
            "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--no-relative", "--text",
            "--submodule=short", "--ignore-submodules=none", "--src-prefix=a/", "--dst-prefix=b/", commit, "--");
        if (code != 0)
        {
            throw new InputException($"git diff against {commit} failed: {error.Trim()}");
        }

        return output;
    }

    /// <summary>
    /// Every path the change touches, NUL-separated and unquoted, including what the patch shows no lines of
    /// (binary files, <c>-diff</c> attributes, submodules).
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string commit)
    {
        var (code, output, error) = await TryRunAsync(
            _directory, "diff", "--name-only", "-z", "--no-renames", "--no-relative", "--ignore-submodules=none", "--no-ext-diff", commit, "--");
        if (code != 0)
        {
            throw new InputException($"git diff --name-only against {commit} failed: {error.Trim()}");
        }

        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Files in the working tree that git does not track and does not ignore: all their lines are new.</summary>
    public async Task<IReadOnlyList<string>> UntrackedFilesAsync() => await ListFilesAsync("--others", "--exclude-standard");

    /// <summary>Every file git tracks, repository-relative with forward slashes.</summary>
    public async Task<IReadOnlyList<string>> TrackedFilesAsync() => await ListFilesAsync("--cached");

    private async Task<IReadOnlyList<string>> ListFilesAsync(params string[] which)
    {
        // -z: NUL-separated and never quoted, so every name arrives as git stores it.
        var arguments = new List<string> { "ls-files", "-z", "--full-name" };
        arguments.AddRange(which);
        var (code, output, error) = await TryRunAsync(_directory, arguments.ToArray());
        if (code != 0)
        {
            throw new InputException($"git ls-files failed: {error.Trim()}");
        }

        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A file's content at a commit, or null when it did not exist there.</summary>
    public async Task<string?> ShowAsync(string commit, string relativePath)
    {
        var (code, output, _) = await TryRunAsync(_directory, "show", commit + ":" + relativePath.Replace('\\', '/'));
        return code == 0 ? output : null;
    }

    /// <summary>The date of the last commit that changed the file, or null when it is not committed.</summary>
    public async Task<DateOnly?> LastChangeAsync(string relativePath)
    {
        var (code, output, _) = await TryRunAsync(_directory, "log", "-1", "--format=%cs", "--", relativePath);
        return code == 0 && DateOnly.TryParse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var date) ? date : null;
    }

    private static async Task<(int Code, string Output, string Error)> TryRunAsync(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, string.Empty, "git is not installed: " + exception.Message);
        }
        catch (IOException exception)
        {
            return (-1, string.Empty, exception.Message);
        }
    }
}
