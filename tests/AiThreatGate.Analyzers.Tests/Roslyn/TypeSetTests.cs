using System.IO;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Roslyn;

/// <summary>
/// TypeSet replaces Compilation.GetTypeByMetadataName (banned in the analyzer assembly), which returns null when two
/// referenced assemblies define the type, and so would switch a rule off.
/// </summary>
public sealed class TypeSetTests
{
    private static readonly MetadataReference CoreLibrary = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);

    private static MetadataReference Library(string name, string source)
    {
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) }, new[] { CoreLibrary }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static Compilation Using(params MetadataReference[] libraries) => CSharpCompilation.Create(
        "User",
        new[] { CSharpSyntaxTree.ParseText("class User { }") },
        libraries.Prepend(CoreLibrary),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    [Fact]
    public void A_type_defined_in_two_referenced_assemblies_is_found_in_both()
    {
        var compilation = Using(
            Library("SdkA", "namespace Contoso.Ai { public class ChatClient { } }"),
            Library("SdkB", "namespace Contoso.Ai { public class ChatClient { } }"));
        // The API banned in the analyzer assembly, to show the failure TypeSet avoids.
        Assert.Null(compilation.GetTypeByMetadataName("Contoso.Ai.ChatClient"));

        var set = new TypeSet(compilation, "Contoso.Ai.ChatClient");
        Assert.False(set.IsEmpty);
        Assert.Equal(new[] { "SdkA", "SdkB" }, set.Types.Select(t => t.ContainingAssembly.Name).OrderBy(n => n));
        Assert.True(TypeSet.AnyOf(compilation, "Contoso.Missing", "Contoso.Ai.ChatClient"));
    }

    [Fact]
    public void An_internal_copy_in_another_assembly_is_not_the_type_user_code_uses()
    {
        var compilation = Using(
            Library("Sdk", "namespace Contoso.Ai { public class ChatClient { } }"),
            Library("Polyfill", "namespace Contoso.Ai { internal class ChatClient { } }"));
        var set = new TypeSet(compilation, "Contoso.Ai.ChatClient");
        Assert.Equal("Sdk", Assert.Single(set.Types).ContainingAssembly.Name);
        Assert.True(new TypeSet(compilation, "Contoso.Missing").IsEmpty);
    }
}
