using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>The analyzer tests run on the Roslyn chosen with <c>-p:RoslynTestVersion</c> (default: the newest used).</summary>
public class RoslynVersionTests
{
    [Fact]
    public void Tests_load_the_requested_roslyn()
    {
        var requested = typeof(RoslynVersionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RoslynTestVersion").Value;
        Assert.False(string.IsNullOrEmpty(requested));
        foreach (var assembly in new[] { typeof(Compilation).Assembly, typeof(CodeFixProvider).Assembly })
        {
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty;
            Assert.Equal(requested, informational.Split('-', '+')[0]);
        }
    }
}
