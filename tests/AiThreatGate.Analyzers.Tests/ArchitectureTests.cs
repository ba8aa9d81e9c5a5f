using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AiThreatGate.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace AiThreatGate.Analyzers.Tests;

/// <summary>
/// The analyzer assembly is layered, each layer a folder with a namespace of the same name, and dependencies point one
/// way: Rules -> Apis -> Taint -> Roslyn. Roslyn/ drives the compiler and indexes syntax; Taint/ follows values; Apis/ knows
/// what each SDK and framework exposes; Rules/ holds one rule per file. Adding an SDK should mean editing Apis/ and tests.
/// These tests read the sources themselves, so a reference that points up fails here even when it compiles.
/// </summary>
public sealed class ArchitectureTests
{
    private const string RootNamespace = "AiThreatGate.Analyzers";

    /// <summary>The layers, bottom first: a layer may use the ones before it, never the ones after.</summary>
    private static readonly string[] Layers = { "Roslyn", "Taint", "Apis", "Rules" };

    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private static string AnalyzerProject => Path.Combine(RepositoryPaths.Root, "analyzers", "AiThreatGate.Analyzers");

    [Fact]
    public void No_Infrastructure_folder_remains()
    {
        Assert.False(
            Directory.Exists(Path.Combine(AnalyzerProject, "Infrastructure")),
            "analyzers/AiThreatGate.Analyzers/Infrastructure/ is back: put each type in the layer it belongs to (" + string.Join(", ", Layers) + ").");
    }

    [Fact]
    public void Every_source_folder_of_the_analyzers_is_a_layer()
    {
        var folders = Directory.EnumerateDirectories(AnalyzerProject)
            .Select(folder => Path.GetFileName(folder))
            .Where(name => name is not ("bin" or "obj"))
            .Where(name => Directory.EnumerateFiles(Path.Combine(AnalyzerProject, name), "*.cs", SearchOption.AllDirectories).Any())
            .ToList();

        Assert.True(
            folders.All(name => Array.IndexOf(Layers, name) >= 0),
            "Source folders that are not a layer: " + string.Join(", ", folders.Except(Layers)) + ". Known layers, bottom first: " + string.Join(", ", Layers) + ".");
    }

    [Theory]
    [InlineData("Roslyn")]
    [InlineData("Taint")]
    [InlineData("Apis")]
    [InlineData("Rules")]
    public void Every_file_of_a_layer_declares_the_layer_namespace(string layer)
    {
        var expected = RootNamespace + "." + layer;
        var files = SourceFiles(Path.Combine(AnalyzerProject, layer));
        Assert.NotEmpty(files);

        var violations = new List<string>();
        foreach (var file in files)
        {
            var namespaces = Parse(file).DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(ns => ns.Name.ToString()).ToList();
            if (namespaces.Count == 0 || namespaces.Any(name => name != expected))
            {
                violations.Add(Relative(file) + " declares " + (namespaces.Count == 0 ? "no namespace" : string.Join(", ", namespaces)));
            }
        }

        Assert.True(violations.Count == 0, $"Files of {layer}/ must declare namespace {expected}:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("Roslyn")]
    [InlineData("Taint")]
    [InlineData("Apis")]
    public void A_layer_refers_to_no_layer_above_it(string layer)
    {
        var above = Layers.Skip(Array.IndexOf(Layers, layer) + 1).ToList();

        // Types declared at the project's root (RuleCatalog) are what the rules report with: they sit above every layer,
        // and code in a child namespace sees them without a using.
        var rootTypes = Directory.EnumerateFiles(AnalyzerProject, "*.cs", SearchOption.TopDirectoryOnly)
            .SelectMany(file => Parse(file).DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            .Where(type => type.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax)
            .Select(type => type.Identifier.ValueText)
            .ToHashSet(StringComparer.Ordinal);

        var violations = new List<string>();
        foreach (var file in SourceFiles(Path.Combine(AnalyzerProject, layer)))
        {
            var root = Parse(file);
            foreach (var name in DottedNames(root))
            {
                foreach (var upper in above)
                {
                    if (NamesNamespace(name, upper))
                    {
                        violations.Add($"{Relative(file)}: {name} ({upper} is above {layer})");
                    }
                }
            }

            foreach (var identifier in root.DescendantNodes(descendIntoTrivia: true).OfType<IdentifierNameSyntax>())
            {
                if (rootTypes.Contains(identifier.Identifier.ValueText))
                {
                    violations.Add($"{Relative(file)}: {identifier.Identifier.ValueText} (declared at the project root, above every layer)");
                }
            }
        }

        Assert.True(violations.Count == 0, $"{layer}/ must not refer to {string.Join(", ", above)}:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void No_global_using_brings_a_layer_into_every_file()
    {
        var violations = new List<string>();
        foreach (var file in SourceFiles(AnalyzerProject))
        {
            foreach (var directive in Parse(file).DescendantNodes().OfType<UsingDirectiveSyntax>())
            {
                if (!directive.GlobalKeyword.IsKind(SyntaxKind.None) && Normalize(directive.NamespaceOrType.ToString()).StartsWith(RootNamespace, StringComparison.Ordinal))
                {
                    violations.Add(Relative(file) + ": " + directive);
                }
            }
        }

        foreach (var project in new[] { Path.Combine(AnalyzerProject, "AiThreatGate.Analyzers.csproj"), Path.Combine(RepositoryPaths.Root, "Directory.Build.props") })
        {
            if (File.ReadAllText(project).Contains("<Using Include=\"" + RootNamespace, StringComparison.Ordinal))
            {
                violations.Add(Relative(project) + " adds a global using of " + RootNamespace);
            }
        }

        Assert.True(violations.Count == 0, "A global using of a layer's namespace lets every layer see it:\n" + string.Join("\n", violations));
    }

    /// <summary>No production source file is longer than 600 lines: past that, a file holds more than one idea.</summary>
    [Theory]
    [InlineData("analyzers")]
    [InlineData("action")]
    [InlineData("extension")]
    public void Production_source_files_have_at_most_600_lines(string tree)
    {
        var tooLong = FilesLongerThan(Path.Combine(RepositoryPaths.Root, tree), 600);
        Assert.True(tooLong.Count == 0, $"Source files of {tree}/ longer than 600 lines (split them):\n" + string.Join("\n", tooLong));
    }

    private static List<string> FilesLongerThan(string folder, int maxLines) =>
        SourceFiles(folder)
            .Select(file => (File: file, Lines: File.ReadAllLines(file).Length))
            .Where(entry => entry.Lines > maxLines)
            .Select(entry => $"{Relative(entry.File)}: {entry.Lines} lines")
            .ToList();

    /// <summary>The .cs files under <paramref name="folder"/>, build output excluded.</summary>
    private static List<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(file => file, StringComparer.Ordinal)
            .ToList();

    private static SyntaxNode Parse(string file) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse), file).GetRoot();

    /// <summary>
    /// Every dotted name of the file, whitespace and <c>global::</c> removed: using directives, qualified type names,
    /// member accesses and doc-comment <c>cref</c>s, each whole (<c>A.B.C</c>, not also <c>A.B</c>). Only a name's
    /// leftmost part can name a namespace.
    /// </summary>
    private static IEnumerable<string> DottedNames(SyntaxNode root) =>
        root.DescendantNodes(descendIntoTrivia: true)
            .Where(node => node is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax or QualifiedCrefSyntax)
            .Where(node => !IsLeftPartOfLongerName(node))
            .Select(node => Normalize(node.ToString()));

    private static bool IsLeftPartOfLongerName(SyntaxNode node) => node.Parent switch
    {
        QualifiedNameSyntax qualified => qualified.Left == node,
        MemberAccessExpressionSyntax access => access.Expression == node,
        QualifiedCrefSyntax cref => cref.Container == node,
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="name"/> starts with the namespace of <paramref name="layer"/>, written in any form that
    /// resolves from inside <c>AiThreatGate.Analyzers.*</c>: fully, or from a parent namespace (<c>Taint.TaintEngine</c>).
    /// </summary>
    private static bool NamesNamespace(string name, string layer) =>
        new[] { RootNamespace + "." + layer, "Analyzers." + layer, layer }
            .Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal));

    private static string Normalize(string text)
    {
        var compact = Whitespace.Replace(text, string.Empty);
        return compact.StartsWith("global::", StringComparison.Ordinal) ? compact.Substring("global::".Length) : compact;
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');
}
