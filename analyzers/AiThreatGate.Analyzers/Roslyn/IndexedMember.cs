using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>A member declaration (or a tree's top-level statements) and the names it mentions.</summary>
internal sealed class IndexedMember
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IndexedMember(SyntaxNode node, string? declaredName, string typeKey, IEnumerable<SyntaxNode?> parts, AiRelationSeeds seeds)
    {
        Node = node;
        DeclaredName = declaredName;
        TypeKey = typeKey;
        var tools = new List<string>();
        var assigned = new List<string>();
        var written = new List<string>();
        var partList = parts.Where(part => part is not null).Select(part => part!).ToList();
        var locals = LocalNames(node, partList);
        foreach (var part in partList)
        {
            foreach (var token in part.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    _names.Add(token.ValueText);
                    if (IsAssignedName(token, out var simple) && !(locals.Contains(token.ValueText) && IsSimpleName(token)))
                    {
                        written.Add(token.ValueText);
                        if (simple)
                        {
                            assigned.Add(token.ValueText);
                        }
                    }

                    if (Contains(seeds.ToolFactoryNames, token.ValueText))
                    {
                        tools.AddRange(ToolArguments(token));
                    }
                }
                else if (token.Value is string text)
                {
                    if (StartsWithAny(text.TrimStart(), seeds.KeyLiteralPrefixes))
                    {
                        _names.Add(SyntaxIndex.KeyLiteralMarker);
                    }

                    if (ContainsAny(text, seeds.EndpointLiteralFragments))
                    {
                        _names.Add(SyntaxIndex.EndpointLiteralMarker);
                    }
                }
                else if (token.IsKind(SyntaxKind.InterpolatedStringTextToken) && ContainsAny(token.ValueText, seeds.EndpointLiteralFragments))
                {
                    _names.Add(SyntaxIndex.EndpointLiteralMarker);
                }
            }
        }

        // Fields declared together (int a, b;) each carry the declaration's names.
        if (node is BaseFieldDeclarationSyntax { Declaration.Variables.Count: > 1 } field)
        {
            foreach (var variable in field.Declaration.Variables)
            {
                _names.Add(variable.Identifier.ValueText);
            }
        }

        ToolNames = tools;
        AssignedNames = assigned;
        WrittenNames = written;
    }

    /// <summary>The member declaration, or the compilation unit for top-level statements, or a type for its primary constructor and base list.</summary>
    public SyntaxNode Node { get; }

    /// <summary>The name other code calls the member by (a constructor's is its type's), or null.</summary>
    public string? DeclaredName { get; }

    /// <summary>The containing type's name: members of one type share fields.</summary>
    public string TypeKey { get; }

    /// <summary>Names of methods this member hands to a tool factory's <c>Create</c> (<c>AIFunctionFactory.Create</c>) as method groups.</summary>
    public IReadOnlyList<string> ToolNames { get; }

    /// <summary>Names the member assigns to (<c>Answer</c> in <c>view.Answer = ...</c> or <c>new View { Answer = ... }</c>).</summary>
    public IReadOnlyList<string> AssignedNames { get; }

    /// <summary>Names the member writes by any assignment: the assigned ones and compound ones (<c>Answer += chunk</c>, <c>??=</c>).</summary>
    public IReadOnlyList<string> WrittenNames { get; }

    /// <summary>The names the member declares: its own, or each variable's of a field declaration (<c>string a, b;</c>).</summary>
    public IEnumerable<string> DeclaredNames => Node is BaseFieldDeclarationSyntax fieldDeclaration
        ? fieldDeclaration.Declaration.Variables.Select(variable => variable.Identifier.ValueText)
        : DeclaredName is { } name ? new[] { name } : Array.Empty<string>();

    public bool Mentions(string name) => _names.Contains(name);

    /// <summary>Every name the member mentions.</summary>
    public IEnumerable<string> Names => _names;

    public bool MentionsAny(ISet<string> names)
    {
        // Probe the larger set with the smaller one.
        if (names.Count < _names.Count)
        {
            return names.Any(_names.Contains);
        }

        return _names.Any(names.Contains);
    }

    /// <summary>Whether some name the member mentions contains <paramref name="fragment"/> (<c>RateLimit</c> in <c>RequireRateLimiting</c>).</summary>
    public bool MentionsPart(string fragment) => _names.Any(name => name.IndexOf(fragment, StringComparison.Ordinal) >= 0);

    // The seeds' lists hold a name or two, and this runs for every token of the compilation: a loop, no hashing.
    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(string text, IReadOnlyList<string> prefixes)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (text.StartsWith(prefixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAny(string text, IReadOnlyList<string> fragments)
    {
        for (var i = 0; i < fragments.Count; i++)
        {
            if (text.IndexOf(fragments[i], StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    // The rightmost name of an assignment's target: `Answer = x`, `view.Answer = x`, `view?.Answer = x`, or of an
    // element of a deconstruction's target: `(view.Answer, view.Tokens) = x`.
    // The parameters and locals the member declares (`query = query.Trim()` writes a parameter, not a member named
    // query of some type): an assignment to one of them by its bare name is no member assignment.
    private static HashSet<string> LocalNames(SyntaxNode node, List<SyntaxNode> parts)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (node is BaseMethodDeclarationSyntax { ParameterList: { } parameters })
        {
            foreach (var parameter in parameters.Parameters)
            {
                names.Add(parameter.Identifier.ValueText);
            }
        }

        foreach (var part in parts)
        {
            foreach (var descendant in part.DescendantNodes())
            {
                var identifier = descendant switch
                {
                    ParameterSyntax parameter => parameter.Identifier,
                    VariableDeclaratorSyntax { Parent.Parent: not BaseFieldDeclarationSyntax } declarator => declarator.Identifier,
                    SingleVariableDesignationSyntax designation => designation.Identifier,
                    ForEachStatementSyntax forEach => forEach.Identifier,
                    CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier,
                    _ => default,
                };
                if (identifier.ValueText.Length > 0)
                {
                    names.Add(identifier.ValueText);
                }
            }
        }

        return names;
    }

    // `name = …`, not `x.name = …` or `x?.name = …`.
    private static bool IsSimpleName(SyntaxToken token) =>
        token.Parent is IdentifierNameSyntax name && name.Parent is not MemberAccessExpressionSyntax and not MemberBindingExpressionSyntax;

    private static bool IsAssignedName(SyntaxToken token, out bool simple)
    {
        simple = true;
        SyntaxNode? name = token.Parent as IdentifierNameSyntax;
        if (name?.Parent is MemberAccessExpressionSyntax access && access.Name == name || name?.Parent is MemberBindingExpressionSyntax)
        {
            name = name.Parent;
        }

        while (name?.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple })
        {
            name = tuple;
        }

        // A parent component's <AnswerView Answer="@answer" />, as the Razor generator writes it.
        if (name?.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax nameOf } }
            && nameOf.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax setter } }
            && GeneratedCode.SetsComponentParameter(setter, out var parameterName) && parameterName == token.ValueText)
        {
            return true;
        }

        simple = name?.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression };
        return name?.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name;
    }

    private static IEnumerable<string> ToolArguments(SyntaxToken factory)
    {
        // AIFunctionFactory.Create(Tools.DeleteFile) or Create(DeleteFile): the method group's name.
        if (factory.Parent?.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation })
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                switch (argument.Expression)
                {
                    case IdentifierNameSyntax identifier:
                        yield return identifier.Identifier.ValueText;
                        break;
                    case MemberAccessExpressionSyntax access:
                        yield return access.Name.Identifier.ValueText;
                        break;
                }
            }
        }
    }
}
