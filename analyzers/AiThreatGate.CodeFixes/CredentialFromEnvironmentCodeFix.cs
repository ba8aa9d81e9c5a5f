using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers;
using AiThreatGate.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AiThreatGate.CodeFixes;

/// <summary>AITG025: replaces a hard-coded key literal with a read of the provider's environment variable that fails loudly when unset.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CredentialFromEnvironmentCodeFix)), Shared]
public sealed class CredentialFromEnvironmentCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "AITG025.FromEnvironment";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleCatalog.AITG025.Id);

    /// <summary>Each fix replaces one literal in place and adds no using or helper, so the batch fixer's merged text edits cannot overlap.</summary>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || IsInConstantContext(literal)
                || !diagnostic.Properties.TryGetValue(HardCodedCredentialAnalyzer.EnvironmentVariableProperty, out var variable)
                || string.IsNullOrEmpty(variable))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Read the key from the " + variable + " environment variable",
                    cancellationToken => ReplaceAsync(context.Document, literal, variable!, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>A literal in a <c>const</c> or an attribute cannot become a method call.</summary>
    private static bool IsInConstantContext(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LocalDeclarationStatementSyntax local:
                    return local.IsConst;
                case FieldDeclarationSyntax field:
                    return field.Modifiers.Any(SyntaxKind.ConstKeyword);
                case AttributeSyntax:
                case ParameterSyntax:
                    return true;
                case StatementSyntax:
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string variable, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = SimplifiableSyntax.Annotate(SyntaxFactory.ParseExpression(
                "global::System.Environment.GetEnvironmentVariable(\"" + variable + "\") ?? throw new global::System.InvalidOperationException(\"Set the " + variable + " environment variable.\")"))
            .WithTriviaFrom(literal);
        var updated = root!.ReplaceNode(literal, replacement);
        return await Simplifier.ReduceAsync(document.WithSyntaxRoot(updated), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
