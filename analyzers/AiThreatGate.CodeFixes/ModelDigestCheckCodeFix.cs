using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace AiThreatGate.CodeFixes;

/// <summary>
/// AITG002: inserts a SHA-256 check of the model file or bytes before the load, against a TODO constant the
/// developer must fill in. The scaffold throws until the real digest is set, so it cannot silently pass.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelDigestCheckCodeFix)), Shared]
public sealed class ModelDigestCheckCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "AITG002.InsertSha256Check";
    public const string Placeholder = "TODO: expected SHA-256 of the trusted model, as hex";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleCatalog.AITG002.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var arguments = node switch
            {
                InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments,
                BaseObjectCreationExpressionSyntax creation when creation.ArgumentList is not null => creation.ArgumentList.Arguments,
                _ => default,
            };
            var statement = node.FirstAncestorOrSelf<StatementSyntax>();
            if (arguments.Count == 0 || statement?.Parent is not BlockSyntax)
            {
                continue;
            }

            var artifact = arguments.FirstOrDefault(a => IsPathOrBytes(model.GetTypeInfo(a.Expression, context.CancellationToken).Type))?.Expression;
            if (artifact is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax))
            {
                continue;
            }

            var isPath = model.GetTypeInfo(artifact, context.CancellationToken).Type?.SpecialType == SpecialType.System_String;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Verify the model's SHA-256 before loading it",
                    cancellationToken => InsertCheckAsync(context.Document, statement, artifact, isPath, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static bool IsPathOrBytes(ITypeSymbol? type) =>
        type?.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };

    private static async Task<Document> InsertCheckAsync(Document document, StatementSyntax statement, ExpressionSyntax artifact, bool isPath, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var data = isPath ? "global::System.IO.File.ReadAllBytes(" + artifact + ")" : artifact.ToString();
        var check = SyntaxFactory.ParseStatement(
            "if (!global::System.Convert.ToHexString(global::System.Security.Cryptography.SHA256.HashData(" + data + "))" +
            ".Equals(\"" + Placeholder + "\", global::System.StringComparison.OrdinalIgnoreCase))\n" +
            "{\n    throw new global::System.IO.InvalidDataException(\"The model failed its SHA-256 integrity check.\");\n}\n");
        check = SimplifiableSyntax.Annotate(check)
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        var updated = root!.InsertNodesBefore(statement, new[] { check });
        return await SimplifiableSyntax.SimplifyAndFormatAsync(document, updated, cancellationToken).ConfigureAwait(false);
    }
}
