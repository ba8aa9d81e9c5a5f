using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// The driver every rule goes through instead of compiler operation actions. One of those makes the compiler build
/// an operation tree for every method body of the project, which costs a build about as much as binding it again.
/// Here a member's tree is asked for only when its syntax passed the rule's <see cref="BodyFilter"/>.
/// </summary>
internal static class OperationActions
{
    // The semantic model hands every rule the same operation tree for a member: it is walked once, not once per rule.
    private static readonly ConditionalWeakTable<IOperation, ILookup<OperationKind, IOperation>> OperationsByKind = new();

    /// <summary>
    /// Calls <paramref name="action"/> for every operation of the given kinds in the members <paramref name="filter"/>
    /// accepts, with the state <paramref name="createBlock"/> makes once for the operation block that holds it (the
    /// block's lazily built flow index, for the rules).
    /// </summary>
    public static void Register<TBlock>(
        CompilationStartAnalysisContext start,
        BodyFilter filter,
        Func<IOperation, TBlock> createBlock,
        Action<OperationContext, TBlock> action,
        params OperationKind[] kinds)
    {
        var index = SyntaxIndex.For(start.Compilation, start.Options, filter.Seeds);
        var wanted = new HashSet<OperationKind>(kinds);
        start.RegisterSemanticModelAction(context =>
        {
            var model = context.SemanticModel;

            // Only rules that configure GeneratedCode.RazorViews are handed generated trees: of those, Razor's alone
            // is analyzed, and reported only where its lines map to the markup.
            var origin = GeneratedCode.OriginOf(model.SyntaxTree, context.Options);
            if (origin == TreeOrigin.OtherGenerated)
            {
                return;
            }

            Action<Diagnostic> report = diagnostic =>
            {
                if (GeneratedCode.IsReported(diagnostic.Location, origin))
                {
                    context.ReportDiagnostic(diagnostic);
                }
            };
            foreach (var member in index.Members(model.SyntaxTree, context.CancellationToken))
            {
                if (!filter.Accepts(index, member))
                {
                    continue;
                }

                foreach (var (owner, block) in OperationBlocks(member.Node, model, context.CancellationToken))
                {
                    var blockState = createBlock(block);
                    var byKind = OperationsByKind.GetValue(block, root => root.DescendantsAndSelf().ToLookup(operation => operation.Kind));
                    foreach (var kind in wanted)
                    {
                        foreach (var operation in byKind[kind])
                        {
                            action(new OperationContext(operation, owner, start.Compilation, context.Options, report, context.CancellationToken), blockState);
                        }
                    }
                }
            }
        });
    }

    /// <summary>The executable blocks a member declaration holds, each with the symbol that owns it, as the compiler would hand them to operation actions.</summary>
    private static IEnumerable<(ISymbol Owner, IOperation Block)> OperationBlocks(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (declaration)
        {
            case CompilationUnitSyntax unit:
                return Block(model.GetDeclaredSymbol(unit, cancellationToken), unit, model, cancellationToken);
            case BaseMethodDeclarationSyntax method when method.Body is not null || method.ExpressionBody is not null:
                return Block(model.GetDeclaredSymbol(method, cancellationToken), method, model, cancellationToken);
            case BasePropertyDeclarationSyntax property:
                return PropertyBlocks(property, model, cancellationToken);
            case BaseFieldDeclarationSyntax field:
                return FieldBlocks(field, model, cancellationToken);
            default:
                return Array.Empty<(ISymbol, IOperation)>();
        }
    }

    private static IEnumerable<(ISymbol Owner, IOperation Block)> PropertyBlocks(BasePropertyDeclarationSyntax property, SemanticModel model, CancellationToken cancellationToken)
    {
        var blocks = new List<(ISymbol, IOperation)>();
        var symbol = model.GetDeclaredSymbol(property, cancellationToken);
        var expressionBody = property switch
        {
            PropertyDeclarationSyntax declaration => declaration.ExpressionBody,
            IndexerDeclarationSyntax declaration => declaration.ExpressionBody,
            _ => null,
        };
        if (expressionBody is not null)
        {
            blocks.AddRange(Block((symbol as IPropertySymbol)?.GetMethod, expressionBody, model, cancellationToken));
        }

        foreach (var accessor in property.AccessorList?.Accessors ?? default)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                blocks.AddRange(Block(model.GetDeclaredSymbol(accessor, cancellationToken), accessor, model, cancellationToken));
            }
        }

        if (property is PropertyDeclarationSyntax { Initializer: { } initializer })
        {
            blocks.AddRange(Block(symbol, initializer, model, cancellationToken));
        }

        return blocks;
    }

    private static IEnumerable<(ISymbol Owner, IOperation Block)> FieldBlocks(BaseFieldDeclarationSyntax field, SemanticModel model, CancellationToken cancellationToken)
    {
        var blocks = new List<(ISymbol, IOperation)>();
        foreach (var variable in field.Declaration.Variables)
        {
            if (variable.Initializer is { } initializer)
            {
                blocks.AddRange(Block(model.GetDeclaredSymbol(variable, cancellationToken), initializer, model, cancellationToken));
            }
        }

        return blocks;
    }

    private static IEnumerable<(ISymbol Owner, IOperation Block)> Block(ISymbol? owner, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken) =>
        owner is not null && model.GetOperation(node, cancellationToken) is { } block
            ? new[] { (owner, block) }
            : Array.Empty<(ISymbol, IOperation)>();
}
