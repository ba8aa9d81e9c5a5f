using System;
using System.Linq;
using System.Reflection;

namespace AiThreatGate.Core.Reports;

/// <summary>The tool's name and address as reports (JSON, SARIF, HTML) state them.</summary>
public static class ToolInfo
{
    public static string Version { get; } = typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The repository's address, from the <c>RepositoryUrl</c> MSBuild property stamped into this assembly (see Directory.Build.props).</summary>
    public static string InformationUri { get; } = ReadRepositoryUrl(typeof(ToolInfo).Assembly);

    private static string ReadRepositoryUrl(Assembly assembly)
    {
        var url = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => string.Equals(a.Key, "RepositoryUrl", StringComparison.Ordinal))?.Value?.Trim() ?? string.Empty;
        url = url.TrimEnd('/');
        return url.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? url[..^".git".Length] : url;
    }
}
