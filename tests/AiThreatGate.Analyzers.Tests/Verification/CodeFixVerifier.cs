using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace AiThreatGate.Analyzers.Tests.Verification;

/// <summary>Applies a code fix (one diagnostic at a time, or fix-all in the document) and checks the result text and that it compiles.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static async Task VerifyAsync(string markup, string expected, bool fixAll = false)
    {
        await AnalyzerVerifier<TAnalyzer>.VerifyAsync(markup);
        var (source, _) = TestMarkup.Parse(markup);
        var fix = new TCodeFix();
        var document = CreateDocument(source);

        if (fixAll)
        {
            document = await ApplyFixAllAsync(document, fix);
        }
        else
        {
            for (var iteration = 0; iteration < 20; iteration++)
            {
                var diagnostics = await GetFixableDiagnosticsAsync(document, fix);
                if (diagnostics.IsEmpty)
                {
                    break;
                }

                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
                await fix.RegisterCodeFixesAsync(context);
                if (actions.Count == 0)
                {
                    break;
                }

                document = await ApplyAsync(document, actions[0]);
            }
        }

        var actual = (await document.GetTextAsync()).ToString();
        if (!string.Equals(Normalize(actual), Normalize(expected), StringComparison.Ordinal))
        {
            throw new XunitException("Fixed code differs." + Environment.NewLine + "Expected:" + Environment.NewLine + expected + Environment.NewLine + "Actual:" + Environment.NewLine + actual);
        }

        var compilation = await document.Project.GetCompilationAsync() ?? throw new XunitException("No compilation");
        TestCompilation.AssertCompiles(compilation);
    }

    private static async Task<Document> ApplyFixAllAsync(Document document, CodeFixProvider fix)
    {
        var diagnostics = await GetFixableDiagnosticsAsync(document, fix);
        if (diagnostics.IsEmpty)
        {
            return document;
        }

        CodeAction? first = null;
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => first ??= action, CancellationToken.None));
        var provider = fix.GetFixAllProvider() ?? throw new XunitException("The code fix has no fix-all provider.");
        var context = new FixAllContext(
            document,
            fix,
            FixAllScope.Document,
            first?.EquivalenceKey,
            fix.FixableDiagnosticIds,
            new DocumentDiagnosticProvider(diagnostics),
            CancellationToken.None);
        var action = await provider.GetFixAsync(context) ?? throw new XunitException("Fix-all produced no action.");
        return await ApplyAsync(document, action);
    }

    private static async Task<ImmutableArray<Diagnostic>> GetFixableDiagnosticsAsync(Document document, CodeFixProvider fix)
    {
        var compilation = await document.Project.GetCompilationAsync() ?? throw new XunitException("No compilation");
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()), analyzerOptions).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id) ?? throw new XunitException("The fix removed the document.");
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var compilationOptions = (CSharpCompilationOptions)TestCompilation.Create(new[] { ("/0/Test0.cs", source) }).Options;
        var project = workspace.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            compilationOptions: compilationOptions,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        return workspace.AddDocument(project.Id, "Test0.cs", SourceText.From(source));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private sealed class DocumentDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public DocumentDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }
}
