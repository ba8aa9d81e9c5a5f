using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>Builds compilations of test sources against the reference packs and real packages the test project compiles against, plus the stubs.</summary>
public static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAzureOpenAIBetaReferences = new(LoadAzureOpenAIBetaReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>
    /// <see cref="References"/> with the Azure.AI.OpenAI 1.0 beta (<c>OpenAIClient</c>, <c>ChatCompletionsOptions</c>,
    /// <c>ChatMessage(ChatRole, string)</c>) in place of the 2.x assembly: the test project resolves 2.x and a project
    /// references one version of a package, so the build downloads the beta beside it and lists its assembly in
    /// test-references-azure-openai-beta.txt (PackageDownload and WriteTestReferences in the project file).
    /// </summary>
    public static ImmutableArray<MetadataReference> AzureOpenAIBetaReferences => LazyAzureOpenAIBetaReferences.Value;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(IReadOnlyList<(string Path, string Source)> sources, IReadOnlyDictionary<string, ReportDiagnostic>? severities = null)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, s.Path)).ToList();
        var hasTopLevel = trees.Any(t => t.GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any());
        var options = new CSharpCompilationOptions(
                hasTopLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true)
            .WithSpecificDiagnosticOptions(severities ?? ImmutableDictionary<string, ReportDiagnostic>.Empty);
        return CSharpCompilation.Create("TestProject", trees, References, options);
    }

    /// <summary>
    /// Another project of the test's solution, compiled to a reference (no strong name, like a project reference): a
    /// shared contracts library declaring the request types an API binds.
    /// </summary>
    public static MetadataReference ReferencedProject(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions) },
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        AssertCompiles(compilation);
        return compilation.ToMetadataReference();
    }

    /// <summary>The test source must compile: a rule tested on code that does not build proves nothing.</summary>
    public static void AssertCompiles(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Test source does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        }
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The build writes the test project's own compile references (the SDK's reference packs and the restored
        // packages' compile assets) to test-references.txt (WriteTestReferences in the project file).
        var list = Path.Combine(AppContext.BaseDirectory, "test-references.txt");
        var paths = File.ReadAllLines(list)
            .Where(p => p.Length > 0)
            .Where(p => !Path.GetFileName(p).StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("AiThreatGate.Analyzers", StringComparison.OrdinalIgnoreCase)
                        && !Path.GetFileName(p).StartsWith("AiThreatGate.CodeFixes", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var stubs = typeof(Tensorflow.Binding).Assembly.Location;
        if (!paths.Contains(stubs))
        {
            paths.Add(stubs);
        }

        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadAzureOpenAIBetaReferences()
    {
        var beta = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "test-references-azure-openai-beta.txt")).Single(p => p.Length > 0);
        return References
            .Where(r => !string.Equals(Path.GetFileName((r as PortableExecutableReference)?.FilePath), "Azure.AI.OpenAI.dll", StringComparison.OrdinalIgnoreCase))
            .Append(MetadataReference.CreateFromFile(beta))
            .ToImmutableArray();
    }
}

/// <summary>.editorconfig-style options for a test: <c>key = value</c> lines applied to every tree.</summary>
public sealed class TestAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly TestOptions _options;

    public TestAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string> values) => _options = new TestOptions(values);

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    public static IReadOnlyDictionary<string, string> Parse(string? editorConfig)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (editorConfig ?? string.Empty).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('['))
            {
                continue;
            }

            var equals = trimmed.IndexOf('=');
            if (equals > 0)
            {
                values[trimmed[..equals].Trim()] = trimmed[(equals + 1)..].Trim();
            }
        }

        return values;
    }

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public TestOptions(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value)
        {
            if (_values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = null!;
            return false;
        }
    }
}
