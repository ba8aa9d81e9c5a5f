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

/// <summary>
/// Applies a code fix (one diagnostic at a time, or Fix All) and checks the result text and that it compiles. Fix All
/// runs the provider the way <c>dotnet format analyzers</c> and the IDE do, once per scope (document, project,
/// solution), each in a single pass that must leave nothing the fix could still fix.
/// </summary>
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
            await VerifyFixAllAsync(document, fix, expected);
            return;
        }

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

        var actual = (await document.GetTextAsync()).ToString();
        if (!string.Equals(Normalize(actual), Normalize(expected), StringComparison.Ordinal))
        {
            throw new XunitException("Fixed code differs." + Environment.NewLine + "Expected:" + Environment.NewLine + expected + Environment.NewLine + "Actual:" + Environment.NewLine + actual);
        }

        var compilation = await document.Project.GetCompilationAsync() ?? throw new XunitException("No compilation");
        TestCompilation.AssertCompiles(compilation);
    }

    /// <summary>The scopes <c>dotnet format analyzers</c> (solution) and the IDE (document, project, solution) ask for.</summary>
    private static readonly FixAllScope[] FixAllScopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    private static async Task VerifyFixAllAsync(Document original, CodeFixProvider fix, string expected)
    {
        var provider = fix.GetFixAllProvider() ?? throw new XunitException("The code fix has no Fix All provider.");
        foreach (var scope in FixAllScopes)
        {
            if (!provider.GetSupportedFixAllScopes().Contains(scope))
            {
                throw new XunitException($"The Fix All provider does not support {scope} scope.");
            }
        }

        var diagnostics = await GetFixableDiagnosticsAsync(original, fix);
        if (diagnostics.Length < 2)
        {
            throw new XunitException($"A Fix All test needs two or more diagnostics to fix in one pass; found {diagnostics.Length}.");
        }

        foreach (var scope in FixAllScopes)
        {
            var document = await ApplyFixAllAsync(original, fix, provider, scope);
            var actual = (await document.GetTextAsync()).ToString();
            if (!string.Equals(Normalize(actual), Normalize(expected), StringComparison.Ordinal))
            {
                throw new XunitException($"Fixed code differs after Fix All in {scope} scope." + Environment.NewLine + "Expected:" + Environment.NewLine + expected + Environment.NewLine + "Actual:" + Environment.NewLine + actual);
            }

            foreach (var remaining in await GetFixableDiagnosticsAsync(document, fix))
            {
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, remaining, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count > 0)
                {
                    throw new XunitException($"Fix All in {scope} scope left a fixable {remaining.Id} at {remaining.Location.GetLineSpan()}.");
                }
            }

            var compilation = await document.Project.GetCompilationAsync() ?? throw new XunitException("No compilation");
            TestCompilation.AssertCompiles(compilation);
        }
    }

    private static async Task<Document> ApplyFixAllAsync(Document document, CodeFixProvider fix, FixAllProvider provider, FixAllScope scope)
    {
        var diagnostics = await GetFixableDiagnosticsAsync(document, fix);

        // As dotnet format does: the equivalence key is that of the action offered for the first diagnostic.
        CodeAction? first = null;
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => first ??= action, CancellationToken.None));
        var diagnosticProvider = new AnalyzerDiagnosticProvider(fix);
        var context = scope == FixAllScope.Document
            ? new FixAllContext(document, fix, scope, first?.EquivalenceKey, fix.FixableDiagnosticIds, diagnosticProvider, CancellationToken.None)
            : new FixAllContext(document.Project, fix, scope, first?.EquivalenceKey, fix.FixableDiagnosticIds, diagnosticProvider, CancellationToken.None);
        var action = await provider.GetFixAsync(context) ?? throw new XunitException($"Fix All in {scope} scope produced no action.");
        return await ApplyAsync(document, action);
    }

    private static async Task<ImmutableArray<Diagnostic>> GetFixableDiagnosticsAsync(Document document, CodeFixProvider fix)
    {
        var compilation = await document.Project.GetCompilationAsync() ?? throw new XunitException("No compilation");
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()), analyzerOptions).GetAnalyzerDiagnosticsAsync();
        var tree = await document.GetSyntaxTreeAsync();
        return diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id) && d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
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

    /// <summary>Runs the analyzer on the project, as the IDE and dotnet format do, rather than replaying a fixed list.</summary>
    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly CodeFixProvider _fix;

        public AnalyzerDiagnosticProvider(CodeFixProvider fix) => _fix = fix;

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var all = new List<Diagnostic>();
            foreach (var document in project.Documents)
            {
                all.AddRange(await GetFixableDiagnosticsAsync(document, _fix));
            }

            return all;
        }

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            await GetFixableDiagnosticsAsync(document, _fix);

        // The rules report only at source locations; there are no project-level diagnostics.
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }
}
