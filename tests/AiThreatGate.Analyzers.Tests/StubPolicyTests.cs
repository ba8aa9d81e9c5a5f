using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AiThreatGate.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace AiThreatGate.Analyzers.Tests;

/// <summary>
/// The stubs project holds only what the NuGet registry does not serve. A stub of a served SDK would let a test pass
/// against a guessed signature instead of the real metadata (as the KernelArguments indexer, declared on a base type
/// in the real Semantic Kernel, showed), so any file declaring a served SDK's namespace fails here.
/// </summary>
public sealed class StubPolicyTests
{
    /// <summary>Root namespaces of the SDKs referenced as real packages by the analyzer tests.</summary>
    private static readonly string[] ServedNamespaces =
    {
        "OpenAI", "Anthropic", "Azure", "Microsoft.ML", "Microsoft.ML.OnnxRuntime", "Microsoft.SemanticKernel", "TorchSharp", "LLama",
        "OllamaSharp", "Python.Runtime", "MessagePack", "Microsoft.Extensions.AI", "Microsoft.Extensions.VectorData", "Grpc",
        "Microsoft.CodeAnalysis", "System.DirectoryServices",
    };

    /// <summary>
    /// Types of unserved packages that live in a served SDK's namespace (Microsoft.ML.TensorFlow extends ML.NET in ML.NET's
    /// own namespaces). Listed one by one, by file; each must be absent from every real package.
    /// </summary>
    private static readonly Dictionary<string, string[]> AllowedInServedNamespaces = new(StringComparer.Ordinal)
    {
        ["MLNetTensorFlow.cs"] = new[] { "Microsoft.ML.TensorflowCatalog", "Microsoft.ML.Transforms.TensorFlowModel" },
    };

    private static string StubsFolder => Path.Combine(RepositoryPaths.Root, "tests", "AiThreatGate.Stubs");

    public static TheoryData<string> StubFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(StubsFolder, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(StubsFolder, file));
        }

        return data;
    }

    [Fact]
    public void The_stubs_project_has_sources() => Assert.NotEmpty(StubFiles());

    [Theory]
    [MemberData(nameof(StubFiles))]
    public void No_stub_declares_a_served_sdk_namespace(string file)
    {
        var root = Parse(file);
        AllowedInServedNamespaces.TryGetValue(Path.GetFileName(file), out var allowed);
        var offending = new List<string>();
        foreach (var type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax))
        {
            var ns = NamespaceOf(type);
            var served = ServedNamespaces.FirstOrDefault(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal));
            var fullName = ns.Length == 0 ? type.Identifier.Text : ns + "." + type.Identifier.Text;
            if (served is not null && (allowed is null || Array.IndexOf(allowed, fullName) < 0))
            {
                offending.Add($"{fullName} (namespace of the served SDK '{served}')");
            }
        }

        foreach (var declaration in root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
        {
            var ns = NamespaceOf(declaration) is { Length: > 0 } outer ? outer + "." + declaration.Name : declaration.Name.ToString();
            var served = ServedNamespaces.FirstOrDefault(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal));
            if (served is not null && allowed is null)
            {
                offending.Add($"namespace {ns} (of the served SDK '{served}')");
            }
        }

        Assert.True(
            offending.Count == 0,
            $"{file} stubs types of an SDK the registry serves; reference the real package instead:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", offending));
    }

    [Theory]
    [MemberData(nameof(StubFiles))]
    public void Every_stub_says_which_package_it_stands_for_and_why(string file)
    {
        var text = File.ReadAllText(Path.Combine(StubsFolder, file));
        Assert.StartsWith("// Stands for: ", text, StringComparison.Ordinal);
        var header = string.Concat(text.Split('\n').TakeWhile(line => line.StartsWith("//", StringComparison.Ordinal)));
        Assert.Contains("Why a stub: ", header, StringComparison.Ordinal);
    }

    /// <summary>A type allowed in a served namespace must really be missing from the served packages, or the stub shadows it.</summary>
    [Fact]
    public void Allowed_stub_types_are_absent_from_the_real_packages()
    {
        var realPackages = Verification.TestCompilation.References
            .Where(r => !(r.Display ?? string.Empty).Contains("AiThreatGate.Stubs", StringComparison.Ordinal))
            .ToList();
        var compilation = CSharpCompilation.Create("Probe", references: realPackages);
        foreach (var (file, types) in AllowedInServedNamespaces)
        {
            Assert.True(File.Exists(Path.Combine(StubsFolder, file)), $"{file} is allowed types in a served namespace but no longer exists; remove it from the list.");
            foreach (var type in types)
            {
                Assert.True(compilation.GetTypeByMetadataName(type) is null, $"{type} (stubbed in {file}) is declared by a referenced real package now: delete the stub.");
            }
        }
    }

    private static CompilationUnitSyntax Parse(string file) =>
        (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(StubsFolder, file))).GetRoot();

    private static string NamespaceOf(SyntaxNode node) =>
        string.Join(".", node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));

    private static bool IsBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(StubsFolder, path).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }
}
