using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AiThreatGate.Core.Inventory;

/// <summary>
/// A project <c>init</c> loaded: its project name, assembly name and root (default) namespace, and whether another loaded
/// project references it (loading a project loads its references too: those are libraries of the system, not its name).
/// </summary>
public sealed record ScannedProject(string Name, string? AssemblyName, string? RootNamespace, bool IsReferenced = false);

/// <summary>
/// The <c>system:</c> name <c>init</c> writes. The folder scanned is often <c>src</c> or a clone's directory, so the
/// name comes from the code: the solution, else the single project, else what the projects' namespaces share.
/// </summary>
public static class SystemName
{
    public static string Choose(string? solutionPath, IReadOnlyList<ScannedProject> projects, string folderName)
    {
        if (!string.IsNullOrEmpty(solutionPath)
            && (solutionPath.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)))
        {
            return Path.GetFileNameWithoutExtension(solutionPath);
        }

        // A multi-targeted project is loaded once per framework: same assembly, one project.
        var roots = projects.Any(p => !p.IsReferenced) ? projects.Where(p => !p.IsReferenced) : projects;
        var distinct = roots
            .GroupBy(p => string.IsNullOrEmpty(p.AssemblyName) ? p.Name : p.AssemblyName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();
        if (distinct.Count == 1)
        {
            return distinct[0].AssemblyName is { Length: > 0 } assembly ? assembly : distinct[0].Name;
        }

        var common = CommonNamespace(distinct.Select(p => !string.IsNullOrEmpty(p.RootNamespace) ? p.RootNamespace : !string.IsNullOrEmpty(p.AssemblyName) ? p.AssemblyName : p.Name));
        return common.Length > 0 ? common : folderName;
    }

    /// <summary>The leading dotted segments all the namespaces share: <c>Contoso.Support</c> for <c>Contoso.Support.Api</c> and <c>Contoso.Support.Tests</c>.</summary>
    private static string CommonNamespace(IEnumerable<string> namespaces)
    {
        List<string>? common = null;
        foreach (var segments in namespaces.Select(n => n.Split('.')))
        {
            if (common is null)
            {
                common = segments.ToList();
                continue;
            }

            var shared = 0;
            while (shared < common.Count && shared < segments.Length && string.Equals(common[shared], segments[shared], StringComparison.Ordinal))
            {
                shared++;
            }

            common.RemoveRange(shared, common.Count - shared);
        }

        return common is null ? string.Empty : string.Join('.', common);
    }
}
