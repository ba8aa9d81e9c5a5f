using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>
/// Code fix tests on Microsoft.CodeAnalysis.CSharp.CodeFix.Testing: the diagnostics of the markup are checked first,
/// then the fix is applied one diagnostic at a time (<c>fixAll: false</c>) or with Fix All in document, project and
/// solution scope, each in a single pass (<c>fixAll: true</c>, the way <c>dotnet format analyzers</c> and the IDE run
/// it); the result must equal <paramref name="expected"/> and compile.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>The scopes <c>dotnet format analyzers</c> (solution) and the IDE (document, project, solution) ask for.</summary>
    private static readonly FixAllScope[] FixAllScopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public static async Task VerifyAsync(string markup, string expected, bool fixAll = false)
    {
        var test = new AitgCodeFixTest<TAnalyzer, TCodeFix>();
        var expectedCount = test.Configure(markup, expected);

        if (fixAll)
        {
            var provider = new TCodeFix().GetFixAllProvider() ?? throw new XunitException("The code fix has no Fix All provider.");
            foreach (var scope in FixAllScopes)
            {
                if (!provider.GetSupportedFixAllScopes().Contains(scope))
                {
                    throw new XunitException($"The Fix All provider does not support {scope} scope.");
                }
            }

            if (expectedCount < 2)
            {
                throw new XunitException($"A Fix All test needs two or more diagnostics to fix in one pass; found {expectedCount}.");
            }

            // One pass in each scope must fix everything.
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfFixAllInProjectIterations = 1;
        }
        else
        {
            // One diagnostic at a time; a fix may also remove other diagnostics, so the count is an upper bound.
            test.NumberOfIncrementalIterations = -20;
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        }

        await test.RunAsync();
    }
}

/// <summary><see cref="CSharpCodeFixTest{TAnalyzer, TCodeFix, TVerifier}"/> with the setup and checks of <see cref="AitgAnalyzerTest{TAnalyzer}"/>.</summary>
public sealed class AitgCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private readonly ConcurrentBag<Exception> _exceptions = new();
    private IReadOnlyDictionary<string, ReportDiagnostic> _severities = ImmutableDictionary<string, ReportDiagnostic>.Empty;

    public AitgCodeFixTest()
    {
        TestSetup.Apply(TestState);
        TestSetup.Apply(FixedState);
    }

    /// <summary>Sets the source with markup and the fixed code; returns how many diagnostics the markup expects.</summary>
    public int Configure(string markup, string expected)
    {
        var defaultId = new TAnalyzer().SupportedDiagnostics is { Length: 1 } only ? only[0].Id : null;
        var (source, spans) = TestMarkup.Parse(markup);
        TestState.Sources.Add(("/0/Test0.cs", SourceText.From(source)));
        TestState.ExpectedDiagnostics.AddRange(TestSetup.ToResults("/0/Test0.cs", source, spans, defaultId));
        _severities = TestSetup.ApplyOptions(TestState, new[] { ("/0/Test0.cs", source) }, null);
        FixedState.OutputKind = TestState.OutputKind;
        FixedState.Sources.Add(("/0/Test0.cs", SourceText.From(expected)));
        return spans.Count;
    }

    protected override Project ApplyCompilationOptions(Project project) =>
        TestSetup.ApplyCompilationOptions(base.ApplyCompilationOptions(project), _severities);

    protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken) =>
        TestSetup.CreateCompilationWithAnalyzers(compilation, analyzers, options, _exceptions, cancellationToken);

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics) =>
        TestSetup.CheckDiagnostics(base.FilterDiagnostics(diagnostics), _exceptions);
}
