using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
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

    /// <summary>
    /// Not the batch fixer: two loads in one statement put their checks before the same statement, which merged text
    /// edits drop as a conflict. All of a document's checks are inserted on one tree instead.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (context, document, diagnostics) =>
        {
            var plans = await PlansForAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
            return plans.Count == 0 ? document : await InsertChecksAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
        });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var plan in await PlansForAsync(context.Document, new[] { diagnostic }, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Verify the model's SHA-256 before loading it",
                        cancellationToken => InsertChecksAsync(context.Document, new[] { plan }, cancellationToken),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>One check per statement and artifact, in document order: a load reported twice, or the same file loaded twice in one statement, is checked once.</summary>
    private static async Task<List<Plan>> PlansForAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return plans;
        }

        foreach (var diagnostic in diagnostics)
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

            var artifact = arguments.FirstOrDefault(a => IsPathOrBytes(model.GetTypeInfo(a.Expression, cancellationToken).Type))?.Expression;
            if (artifact is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax))
            {
                continue;
            }

            var isPath = model.GetTypeInfo(artifact, cancellationToken).Type?.SpecialType == SpecialType.System_String;
            var data = isPath ? "global::System.IO.File.ReadAllBytes(" + artifact + ")" : artifact.ToString();
            if (!plans.Any(p => p.Statement == statement && p.Data == data))
            {
                plans.Add(new Plan(statement, data));
            }
        }

        return plans.OrderBy(p => p.Statement.SpanStart).ToList();
    }

    private static bool IsPathOrBytes(ITypeSymbol? type) =>
        type?.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };

    private static async Task<Document> InsertChecksAsync(Document document, IReadOnlyList<Plan> plans, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var plan in plans)
        {
            var check = SyntaxFactory.ParseStatement(
                "if (!global::System.Convert.ToHexString(global::System.Security.Cryptography.SHA256.HashData(" + plan.Data + "))" +
                ".Equals(\"" + Placeholder + "\", global::System.StringComparison.OrdinalIgnoreCase))\n" +
                "{\n    throw new global::System.IO.InvalidDataException(\"The model failed its SHA-256 integrity check.\");\n}\n");
            check = SimplifiableSyntax.Annotate(check)
                .WithLeadingTrivia(plan.Statement.GetLeadingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertBefore(plan.Statement, check);
        }

        return await SimplifiableSyntax.SimplifyAndFormatAsync(document, editor.GetChangedRoot(), cancellationToken).ConfigureAwait(false);
    }

    private sealed class Plan
    {
        public Plan(StatementSyntax statement, string data)
        {
            Statement = statement;
            Data = data;
        }

        /// <summary>The statement that loads the model; the check goes right before it.</summary>
        public StatementSyntax Statement { get; }

        /// <summary>The bytes to hash, as code: the byte array, or <c>File.ReadAllBytes(path)</c>.</summary>
        public string Data { get; }
    }
}
