using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>
/// <see cref="CSharpAnalyzerTest{TAnalyzer, TVerifier}"/> with the project's test setup and extra checks: an analyzer
/// exception (AD0001) fails the test, a reported message with an unfilled <c>{0}</c> placeholder fails the test.
/// </summary>
public sealed class AitgAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private readonly ConcurrentBag<Exception> _exceptions = new();
    private IReadOnlyDictionary<string, ReportDiagnostic> _severities = ImmutableDictionary<string, ReportDiagnostic>.Empty;

    public AitgAnalyzerTest() => TestSetup.Apply(TestState);

    /// <summary>Sources (with markup), the expected diagnostics the markup names, and the .editorconfig options.</summary>
    public void Configure(IReadOnlyList<(string Path, string Markup)> files, string? editorConfig)
    {
        var defaultId = new TAnalyzer().SupportedDiagnostics is { Length: 1 } only ? only[0].Id : null;
        var sources = new List<(string Path, string Source)>();
        foreach (var (path, markup) in files)
        {
            var (source, spans) = TestMarkup.Parse(markup);
            sources.Add((path, source));
            TestState.Sources.Add((path, SourceText.From(source)));
            TestState.ExpectedDiagnostics.AddRange(TestSetup.ToResults(path, source, spans, defaultId));
        }

        _severities = TestSetup.ApplyOptions(TestState, sources, editorConfig);
    }

    /// <summary>Runs <paramref name="analyzer"/> instead of a new <typeparamref name="TAnalyzer"/>, expects no
    /// particular diagnostics and keeps the ones it reports in <see cref="Reported"/> (compiler errors still fail).</summary>
    public void CaptureWith(DiagnosticAnalyzer analyzer) => _captureAnalyzer = analyzer;

    public ImmutableArray<Diagnostic> Reported { get; private set; } = ImmutableArray<Diagnostic>.Empty;

    private DiagnosticAnalyzer? _captureAnalyzer;

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
        _captureAnalyzer is null ? base.GetDiagnosticAnalyzers() : new[] { _captureAnalyzer };

    protected override Project ApplyCompilationOptions(Project project) =>
        TestSetup.ApplyCompilationOptions(base.ApplyCompilationOptions(project), _severities);

    protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken) =>
        TestSetup.CreateCompilationWithAnalyzers(compilation, analyzers, options, _exceptions, cancellationToken);

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        var checkedDiagnostics = TestSetup.CheckDiagnostics(base.FilterDiagnostics(diagnostics), _exceptions);
        if (_captureAnalyzer is null)
        {
            return checkedDiagnostics;
        }

        // The rule's diagnostics are returned to the test; compiler diagnostics still go to the framework's comparison.
        Reported = checkedDiagnostics.Select(d => d.diagnostic).Where(d => d.Id.StartsWith("AITG", StringComparison.Ordinal)).ToImmutableArray();
        return checkedDiagnostics.Where(d => !d.diagnostic.Id.StartsWith("AITG", StringComparison.Ordinal)).ToImmutableArray();
    }
}

/// <summary>The setup and checks shared by the analyzer and code fix tests.</summary>
internal static class TestSetup
{
    /// <summary>
    /// Reference assemblies, resolved without NuGet. The framework's <see cref="ReferenceAssemblies"/> normally names a
    /// reference pack (<c>ReferenceAssemblies.Net.Net80</c> is Microsoft.NETCore.App.Ref 8.0.0) that it looks up, when
    /// the tests run, in NuGet's global packages folder and downloads from the feeds of the NuGet settings when it is
    /// not there. Here it names no package, so it resolves nothing and reads no feed; the test sources compile against
    /// <see cref="TestCompilation.References"/> instead: the references this test project itself compiles against,
    /// written by the build to test-references.txt (the SDK's Microsoft.NETCore.App.Ref and Microsoft.AspNetCore.App.Ref
    /// packs, the compile assets of the restored SDK packages such as OpenAI, Semantic Kernel and ML.NET, and the stubs).
    /// That set is fixed by the SDK and the restore: the same offline, on a developer machine and in CI.
    /// </summary>
    public static readonly ReferenceAssemblies ReferenceAssemblies = new("net10.0");

    public static void Apply(SolutionState state)
    {
        state.ReferenceAssemblies = ReferenceAssemblies;
        state.AdditionalReferences.AddRange(TestCompilation.References);
        state.MarkupHandling = MarkupMode.None;
    }

    public static IEnumerable<DiagnosticResult> ToResults(string path, string source, IEnumerable<ExpectedDiagnostic> spans, string? defaultId)
    {
        var text = SourceText.From(source);
        foreach (var expected in spans)
        {
            var id = expected.Id ?? defaultId ?? throw new InvalidOperationException("[|...|] needs an analyzer with one rule; use {|ID:...|}.");
            var span = text.Lines.GetLinePositionSpan(expected.Span);
            yield return new DiagnosticResult(id, DiagnosticSeverity.Warning)
                .WithSpan(path, span.Start.Line + 1, span.Start.Character + 1, span.End.Line + 1, span.End.Character + 1)
                .WithOptions(DiagnosticOptions.IgnoreSeverity | DiagnosticOptions.IgnoreAdditionalLocations);
        }
    }

    /// <summary>Adds the .editorconfig (per file) and the same keys as a global config (for options read globally).</summary>
    public static IReadOnlyDictionary<string, ReportDiagnostic> ApplyOptions(SolutionState state, IReadOnlyList<(string Path, string Source)> sources, string? editorConfig)
    {
        var options = TestAnalyzerConfigOptionsProvider.Parse(editorConfig);
        if (options.Count > 0)
        {
            var lines = new StringBuilder();
            foreach (var (key, value) in options)
            {
                lines.Append(key).Append(" = ").Append(value).Append('\n');
            }

            state.AnalyzerConfigFiles.Add(("/.editorconfig", SourceText.From("root = true\n\n[*]\n" + lines)));
            state.AnalyzerConfigFiles.Add(("/.globalconfig", SourceText.From("is_global = true\n\n" + lines)));
        }

        if (sources.Any(s => CSharpSyntaxTree.ParseText(s.Source).GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any()))
        {
            state.OutputKind = OutputKind.ConsoleApplication;
        }

        return TestSeverities.From(options);
    }

    public static Project ApplyCompilationOptions(Project project, IReadOnlyDictionary<string, ReportDiagnostic> severities)
    {
        var options = (CSharpCompilationOptions)project.CompilationOptions!;
        // The framework sets an explicit option for every rule of the analyzer; a rule enabled by default is left at
        // Default instead, so that the per-diagnostic severity it chooses stays (AITG003 over plain HTTP).
        var specific = options.SpecificDiagnosticOptions
            .Where(o => !o.Key.StartsWith("AITG", StringComparison.Ordinal))
            .ToImmutableDictionary()
            .SetItems(severities);
        var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
        return project
            .WithCompilationOptions(options.WithNullableContextOptions(NullableContextOptions.Enable).WithAllowUnsafe(true).WithSpecificDiagnosticOptions(specific))
            .WithParseOptions(parseOptions);
    }

    public static CompilationWithAnalyzers CreateCompilationWithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, ConcurrentBag<Exception> exceptions, CancellationToken cancellationToken) =>
        compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(options, (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: true));

    /// <summary>AD0001 and analyzer exceptions fail the test; so does a message with an unfilled placeholder.</summary>
    public static ImmutableArray<(Project project, Diagnostic diagnostic)> CheckDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics, ConcurrentBag<Exception> exceptions)
    {
        if (!exceptions.IsEmpty)
        {
            throw new InvalidOperationException("The analyzer threw (AD0001):" + Environment.NewLine + string.Join(Environment.NewLine, exceptions));
        }

        var ad0001 = diagnostics.Where(d => d.diagnostic.Id == "AD0001").ToList();
        if (ad0001.Count > 0)
        {
            throw new InvalidOperationException("AD0001: " + string.Join(Environment.NewLine, ad0001.Select(d => d.diagnostic)));
        }

        foreach (var (_, diagnostic) in diagnostics)
        {
            var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            if (message.Contains("{0}", StringComparison.Ordinal) || message.Contains("{1}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Unformatted message: " + message);
            }
        }

        return diagnostics;
    }
}
