using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Sdk;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>
/// The in-house replacement for Microsoft.CodeAnalysis.Testing (not restorable here): parses markup, requires the
/// source to compile, runs the analyzer with .editorconfig options, fails on any analyzer exception (AD0001), and
/// compares the AITG diagnostics with the markup exactly (rule ID and span).
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string markup, string? editorConfig = null) =>
        VerifyAsync(new[] { ("/0/Test0.cs", markup) }, editorConfig);

    public static async Task VerifyAsync(IReadOnlyList<(string Path, string Markup)> files, string? editorConfig = null)
    {
        var sources = new List<(string Path, string Source)>();
        var expected = new List<(string Path, ExpectedDiagnostic Diagnostic)>();
        foreach (var (path, markup) in files)
        {
            var (source, spans) = TestMarkup.Parse(markup);
            sources.Add((path, source));
            expected.AddRange(spans.Select(span => (path, span)));
        }

        var analyzer = new TAnalyzer();
        var defaultId = analyzer.SupportedDiagnostics.Length == 1 ? analyzer.SupportedDiagnostics[0].Id : null;
        var actual = await RunAsync(analyzer, sources, editorConfig);

        var expectedKeys = expected
            .Select(e => (e.Path, Id: e.Diagnostic.Id ?? defaultId ?? throw new InvalidOperationException("[|...|] needs an analyzer with one rule; use {|ID:...|}."), e.Diagnostic.Span))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Span.Start).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        var actualKeys = actual
            .Select(d => (Path: d.Location.SourceTree?.FilePath ?? string.Empty, d.Id, d.Location.SourceSpan))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.SourceSpan.Start).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        if (!expectedKeys.Select(e => (e.Path, e.Id, e.Span)).SequenceEqual(actualKeys))
        {
            throw new XunitException(
                "Diagnostics differ." + Environment.NewLine +
                "Expected:" + Environment.NewLine + Describe(expectedKeys.Select(e => (e.Path, e.Id, e.Span)), sources) +
                "Actual:" + Environment.NewLine + Describe(actualKeys, sources) +
                string.Join(Environment.NewLine, actual.Select(d => "  " + d)));
        }
    }

    /// <summary>Runs the analyzer over compiling sources; returns its AITG diagnostics.</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        DiagnosticAnalyzer analyzer,
        IReadOnlyList<(string Path, string Source)> sources,
        string? editorConfig,
        IReadOnlyList<(string Path, string Text)>? additionalFiles = null)
    {
        var options = TestAnalyzerConfigOptionsProvider.Parse(editorConfig);
        var severities = SeveritiesFrom(options);
        var compilation = TestCompilation.Create(sources, severities);
        TestCompilation.AssertCompiles(compilation);

        var exceptions = new ConcurrentBag<Exception>();
        var additionalTexts = (additionalFiles ?? Array.Empty<(string, string)>()).Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)).ToImmutableArray();
        var analyzerOptions = new AnalyzerOptions(additionalTexts, new TestAnalyzerConfigOptionsProvider(options));
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(analyzerOptions, (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        if (!exceptions.IsEmpty)
        {
            throw new XunitException("The analyzer threw (AD0001):" + Environment.NewLine + string.Join(Environment.NewLine, exceptions));
        }

        var ad0001 = diagnostics.Where(d => d.Id == "AD0001").ToList();
        if (ad0001.Count > 0)
        {
            throw new XunitException("AD0001: " + string.Join(Environment.NewLine, ad0001));
        }

        foreach (var diagnostic in diagnostics)
        {
            // Formatting the message must not throw and must fill every placeholder.
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (message.Contains("{0}", StringComparison.Ordinal) || message.Contains("{1}", StringComparison.Ordinal))
            {
                throw new XunitException("Unformatted message: " + message);
            }
        }

        return diagnostics.Where(d => d.Id.StartsWith("AITG", StringComparison.Ordinal)).ToImmutableArray();
    }

    private static Dictionary<string, ReportDiagnostic> SeveritiesFrom(IReadOnlyDictionary<string, string> options)
    {
        // Rules disabled by default are forced on so they are still tested. Rules enabled by default are left alone:
        // an explicit option would also override the per-diagnostic severity a rule chooses (AITG003 over plain HTTP).
        var severities = RuleCatalog.All.Where(d => !d.IsEnabledByDefault).ToDictionary(
            d => d.Id,
            d => d.DefaultSeverity switch
            {
                DiagnosticSeverity.Error => ReportDiagnostic.Error,
                DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
                DiagnosticSeverity.Info => ReportDiagnostic.Info,
                _ => ReportDiagnostic.Hidden,
            });
        foreach (var (key, value) in options)
        {
            if (!key.StartsWith("dotnet_diagnostic.", StringComparison.OrdinalIgnoreCase) || !key.EndsWith(".severity", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var id = key["dotnet_diagnostic.".Length..^".severity".Length];
            severities[id] = value.ToLowerInvariant() switch
            {
                "none" => ReportDiagnostic.Suppress,
                "silent" => ReportDiagnostic.Hidden,
                "suggestion" => ReportDiagnostic.Info,
                "warning" => ReportDiagnostic.Warn,
                "error" => ReportDiagnostic.Error,
                _ => ReportDiagnostic.Default,
            };
        }

        return severities;
    }

    private static string Describe(IEnumerable<(string Path, string Id, Microsoft.CodeAnalysis.Text.TextSpan Span)> diagnostics, List<(string Path, string Source)> sources)
    {
        var lines = diagnostics.Select(d =>
        {
            var source = sources.FirstOrDefault(s => s.Path == d.Path).Source ?? string.Empty;
            var text = d.Span.End <= source.Length ? source.Substring(d.Span.Start, d.Span.Length) : "?";
            return $"  {d.Id} {d.Path}@{d.Span}: {{|{d.Id}:{text}|}}";
        }).ToList();
        return lines.Count == 0 ? "  (none)" + Environment.NewLine : string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}

/// <summary>An in-memory additional file (a prompt file, for rules that read them).</summary>
internal sealed class TestAdditionalText : AdditionalText
{
    private readonly Microsoft.CodeAnalysis.Text.SourceText _text;

    public TestAdditionalText(string path, string text)
    {
        Path = path;
        _text = Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    public override string Path { get; }

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
}
