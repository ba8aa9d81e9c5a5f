using System.IO;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Roslyn;

/// <summary>
/// A referenced assembly with no strong name is another project of the solution only when it is not read from a
/// package: many community packages (Dapper among them) have no strong name, and their member names would otherwise
/// make the application's data-access code look AI-related.
/// </summary>
public sealed class ApplicationTypesTests
{
    private static readonly MetadataReference CoreLibrary = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);

    private static MetadataReference Library(string name, string path) =>
        MetadataReference.CreateFromImage(Emit(name, "namespace " + name + " { public class Message { public string FunctionArgs { get; set; } = \"\"; } }"), filePath: path);

    private static byte[] Emit(string name, string source)
    {
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, new[] { CoreLibrary }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        return image.ToArray();
    }

    private static Compilation Using(MetadataReference library) => CSharpCompilation.Create(
        "App",
        new[] { CSharpSyntaxTree.ParseText("class App { Contoso.Message? M; Community.Message? C; }") },
        new[] { CoreLibrary, library },
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Theory]
    [InlineData("/home/dev/.nuget/packages/community/1.2.0/lib/net8.0/Community.dll")]
    [InlineData(@"C:\Users\dev\.nuget\packages\community\2.0.1-beta\ref\netstandard2.0\Community.dll")]
    [InlineData("/src/packages/Community.1.2.0/lib/net48/Community.dll")]
    [InlineData("/opt/nuget-cache/community/1.0.0/runtimes/linux-x64/lib/net8.0/Community.dll")]
    public void A_package_without_a_strong_name_is_not_a_project_of_the_application(string path)
    {
        var compilation = Using(Library("Community", path));
        Assert.True(ApplicationTypes.IsPackagePath(path));
        Assert.DoesNotContain("FunctionArgs", ApplicationTypes.MemberNamesOfReferencedProjects(compilation, AiRelation.Seeds));
        var type = compilation.GetTypeByMetadataName("Community.Message")!;
        Assert.False(ApplicationTypes.Contains(type, compilation, AiRelation.Seeds));
    }

    [Theory]
    [InlineData("/src/Contoso.Shared/bin/Debug/net8.0/Contoso.dll")]
    [InlineData(@"C:\repo\src\Contoso.Shared\obj\Release\net8.0\ref\Contoso.dll")]
    [InlineData("/src/lib/Contoso.dll")]
    public void A_project_output_without_a_strong_name_is_a_project_of_the_application(string path)
    {
        var compilation = Using(Library("Contoso", path));
        Assert.False(ApplicationTypes.IsPackagePath(path));
        Assert.Contains("FunctionArgs", ApplicationTypes.MemberNamesOfReferencedProjects(compilation, AiRelation.Seeds));
        var type = compilation.GetTypeByMetadataName("Contoso.Message")!;
        Assert.True(ApplicationTypes.Contains(type, compilation, AiRelation.Seeds));
    }
}
