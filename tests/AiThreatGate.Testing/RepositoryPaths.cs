using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace AiThreatGate.Testing;

/// <summary>Locates the repository root (the folder with AiThreatGate.sln) and the reference folder beside it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>The <c>shared/</c> reference folder beside the checkout; fails with a clear message when it is missing.</summary>
    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            if (!Directory.Exists(shared))
            {
                throw new InvalidOperationException(
                    $"The reference folder '{shared}' is missing. Tests validate against the official schemas kept in ../shared beside the checkout (see README).");
            }

            return shared;
        }
    }

    public static string SharedFile(params string[] parts)
    {
        var path = Path.Combine(Shared, Path.Combine(parts));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Reference file '{path}' is missing from ../shared.", path);
        }

        return path;
    }

    /// <summary>
    /// A property as written in Directory.Build.props. Tests compare built artefacts with the source of truth
    /// itself, not with a value the build computed, so a property that failed to flow shows up.
    /// </summary>
    public static string BuildProperty(string name)
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var element = props.Descendants(name).SingleOrDefault()
            ?? throw new InvalidOperationException($"Directory.Build.props does not set <{name}>.");
        return element.Value.Trim();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiThreatGate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find AiThreatGate.sln above " + AppContext.BaseDirectory);
    }
}
