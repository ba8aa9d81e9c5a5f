using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>
/// Analyzer tests on Microsoft.CodeAnalysis.Testing (<see cref="AitgAnalyzerTest{TAnalyzer}"/>): the markup is parsed
/// here (<see cref="TestMarkup"/>) into expected diagnostics (rule ID and span, severity and additional locations not
/// compared), the framework runs the analyzer and compares, and fails on compiler errors in the test source. The
/// project's own checks (AD0001, unfilled message placeholders) are in <see cref="AitgAnalyzerTest{TAnalyzer}"/>.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string markup, string? editorConfig = null) =>
        VerifyAsync(new[] { ("/0/Test0.cs", markup) }, editorConfig);

    public static Task VerifyAsync(IReadOnlyList<(string Path, string Markup)> files, string? editorConfig = null)
    {
        var test = new AitgAnalyzerTest<TAnalyzer>();
        test.Configure(files, editorConfig);
        return test.RunAsync();
    }

    /// <summary>
    /// Verifies markup compiled against the Azure.AI.OpenAI 1.0 beta instead of 2.x (<see cref="TestCompilation.AzureOpenAIBetaReferences"/>):
    /// the API of <c>OpenAIClient.GetChatCompletionsAsync</c> that apps written for the betas still call.
    /// </summary>
    public static Task VerifyOnAzureOpenAIBetaAsync(string markup, string? editorConfig = null)
    {
        var test = new AitgAnalyzerTest<TAnalyzer>();
        test.Configure(new[] { ("/0/Test0.cs", markup) }, editorConfig);
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestCompilation.AzureOpenAIBetaReferences);
        return test.RunAsync();
    }

    /// <summary>Verifies markup compiled with other projects of the solution referenced (<see cref="TestCompilation.ReferencedProject"/>).</summary>
    public static Task VerifyWithReferencesAsync(string markup, params MetadataReference[] projects)
    {
        var test = new AitgAnalyzerTest<TAnalyzer>();
        test.Configure(new[] { ("/0/Test0.cs", markup) }, null);
        test.TestState.AdditionalReferences.AddRange(projects);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer over compiling sources (no markup) on the test framework; returns its AITG diagnostics.</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        DiagnosticAnalyzer analyzer,
        IReadOnlyList<(string Path, string Source)> sources,
        string? editorConfig,
        IReadOnlyList<(string Path, string Text)>? additionalFiles = null)
    {
        var test = new AitgAnalyzerTest<TAnalyzer>();
        test.Configure(sources, editorConfig);
        foreach (var (path, text) in additionalFiles ?? Array.Empty<(string, string)>())
        {
            test.TestState.AdditionalFiles.Add((path, Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        }

        test.CaptureWith(analyzer);
        await test.RunAsync();
        return test.Reported;
    }
}

/// <summary>The compilation severities a test runs with: rules disabled by default forced on, plus the
/// <c>dotnet_diagnostic.ID.severity</c> lines of its .editorconfig.</summary>
internal static class TestSeverities
{
    public static Dictionary<string, ReportDiagnostic> From(IReadOnlyDictionary<string, string> options)
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
