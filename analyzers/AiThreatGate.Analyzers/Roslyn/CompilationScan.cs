using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// Reading other parts of the compilation than the one being analyzed: bodies of called methods (summaries) and
/// app-wide set-up written once in startup code (rate limiters, validation, tool invocation). Each caller caches
/// what it computes per compilation; this is the one place that asks the compilation for semantic models.
/// </summary>
internal static class CompilationScan
{
    /// <summary>The operation of a declaration of this compilation (a method body, a field initializer), or null.</summary>
    public static IOperation? Operation(Compilation compilation, SyntaxReference reference, SyntaxNode? node = null)
    {
        if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return null;
        }

        return Model(compilation, reference.SyntaxTree).GetOperation(node ?? reference.GetSyntax());
    }

    /// <summary>The operation of a node of this compilation's trees (an assignment found by name in a member), or null.</summary>
    public static IOperation? Operation(Compilation compilation, SyntaxNode node) =>
        compilation.ContainsSyntaxTree(node.SyntaxTree) ? Model(compilation, node.SyntaxTree).GetOperation(node) : null;

    /// <summary>The symbol a declaration of this compilation declares (the method a body belongs to), or null.</summary>
    public static ISymbol? DeclaredSymbol(Compilation compilation, SyntaxNode declaration) =>
        compilation.ContainsSyntaxTree(declaration.SyntaxTree) ? Model(compilation, declaration.SyntaxTree).GetDeclaredSymbol(declaration) : null;

    /// <summary>
    /// The syntax trees with a member that mentions a name containing one of <paramref name="fragments"/>, with their
    /// semantic models. The name test comes first, from the syntax index, because most files of an application
    /// configure nothing.
    /// </summary>
    public static IEnumerable<(SyntaxTree Tree, SemanticModel Model)> TreesMentioning(Compilation compilation, AiRelationSeeds seeds, params string[] fragments)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (SyntaxIndex.MembersOf(tree, seeds).Any(member => fragments.Any(member.MentionsPart)))
            {
                yield return (tree, Model(compilation, tree));
            }
        }
    }

    // One semantic model per tree and compilation. Inside the analyzer driver the compilation hands out cached models,
    // but a summary computed outside it (the CLI's summaries of a solution) would get a fresh model for every body it
    // reads, and bind (and run nullable analysis on) a method again for each caller: minutes on a large library.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Models = new();

#pragma warning disable RS1030 // Summaries and app-wide facts need other trees' models; every caller caches per compilation.
    private static SemanticModel Model(Compilation compilation, SyntaxTree tree) =>
        Models.GetValue(compilation, _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>()).GetOrAdd(tree, key => compilation.GetSemanticModel(key));
#pragma warning restore RS1030
}
