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

/// <summary>
/// The names each member of the compilation mentions, read from syntax only, and which members can take part in an AI
/// flow: the prefilter that lets the rules ask the semantic model for the operation trees of those members alone.
/// Binding every method body again for analyzers is what an operation-based analyzer mostly costs a build; in a
/// typical application most members mention no AI SDK, no member that does, and no API a rule looks for.
/// </summary>
/// <remarks>
/// A member is <em>AI-related</em> when it mentions a type of an AI or model SDK or a configured source (named by the
/// <see cref="AiRelationSeeds"/> the API layer supplies), or a member that is AI-related (to a fixed point: a helper
/// that returns a completion, a field holding a client, the interface method an AI service implements), or an
/// implementation or override whose name such a member calls (<c>tool.ExecuteAsync(plan)</c> can run
/// <c>TerminalTool.ExecuteAsync</c>). Taint only
/// travels between such members, and through fields of their own types, so every member of a type holding one is
/// analyzed too, as are the methods handed to a tool factory's <c>Create</c> (<see cref="AiRelationSeeds.ToolFactoryNames"/>).
/// Names are compared as text, so a name shared with unrelated code widens the set, never narrows it.
/// </remarks>
internal sealed class SyntaxIndex
{
    /// <summary>
    /// The marker name a member gets when it holds a string literal that starts like an API key
    /// (<see cref="AiRelationSeeds.KeyLiteralPrefixes"/>). It starts with a quote, so no identifier shares it.
    /// </summary>
    public const string KeyLiteralMarker = "\"key-literal";

    /// <summary>
    /// The marker name a member gets when it holds a string literal naming a model's HTTP endpoint
    /// (<see cref="AiRelationSeeds.EndpointLiteralFragments"/>): such a member is AI-related.
    /// </summary>
    public const string EndpointLiteralMarker = "\"model-endpoint";

    private const int ClosureRounds = 8;

    // SDK type names that are everyday words of application code too (DTOs named Message, Request, Result); a member
    // naming only these is not AI-related. Words rare outside AI code (Chat, Tensor, Embedding, Kernel) stay seeds.
    private static readonly HashSet<string> CommonTypeNames = new(StringComparer.Ordinal)
    {
        "Annotation", "Arguments", "Attribute", "Audio", "Batch", "Builder", "Citation", "Client", "Collection", "Column",
        "Command", "Config", "Configuration", "Connection", "Constants", "Content", "Context", "Data", "Device", "Document",
        "Encoding", "Entry", "Environment", "Error", "Event", "Events", "Exception", "Extensions", "Factory", "File", "Filter",
        "Format", "Function", "Handler", "Helpers", "Id", "Image", "Info", "Input", "Item", "Json", "Key", "Kind", "Level",
        "Logger", "Manager", "Message", "Metadata", "Mode", "Model", "Module", "Name", "Options", "Order", "Output", "Parameter",
        "Parameters", "Part", "Path", "Property", "Provider", "Query", "Range", "Reason", "Record", "Request", "Response",
        "Result", "Role", "Row", "Run", "Schema", "Scope", "Service", "Session", "Settings", "Size", "Source", "Span", "State",
        "Status", "Store", "Stream", "Table", "Task", "Text", "Thread", "Token", "Tokens", "Type", "Uri", "Url", "Usage", "Utils",
        "Value", "Version",
    };

    // Members every type has or overrides: calling one says nothing about which implementation runs.
    private static readonly HashSet<string> UniversalMemberNames = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "Dispose", "DisposeAsync", "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync",
        "Main", "Invoke", "Configure", "ConfigureServices",
    };

    private static readonly ConditionalWeakTable<Compilation, SyntaxIndex> PerCompilation = new();

    // A tree's members are syntax only, so they are kept per tree: an edit in the IDE makes a new compilation that
    // shares every unchanged tree, and only the edited one is read again. What is read (tool factories, key prefixes)
    // comes with the seeds, so the trees are kept per seeds (the API layer supplies one).
    private static readonly ConditionalWeakTable<AiRelationSeeds, ConditionalWeakTable<SyntaxTree, IReadOnlyList<IndexedMember>>> PerTree = new();

    private readonly Compilation _compilation;
    private readonly AnalyzerOptions _options;
    private readonly AiRelationSeeds _seeds;
    private readonly Lazy<HashSet<IndexedMember>> _aiRelated;
    private readonly Lazy<Dictionary<string, List<IndexedMember>>> _byName;

    private SyntaxIndex(Compilation compilation, AnalyzerOptions options, AiRelationSeeds seeds)
    {
        _compilation = compilation;
        _options = options;
        _seeds = seeds;
        _aiRelated = new Lazy<HashSet<IndexedMember>>(ComputeAiRelated, LazyThreadSafetyMode.ExecutionAndPublication);
        _byName = new Lazy<Dictionary<string, List<IndexedMember>>>(ComputeByName, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The compilation's index, shared by every rule (the first options and seeds seen configure the AI sources).</summary>
    public static SyntaxIndex For(Compilation compilation, AnalyzerOptions options, AiRelationSeeds seeds) =>
        PerCompilation.GetValue(compilation, c => new SyntaxIndex(c, options, seeds));

    /// <summary>The members of one tree with the names they mention: syntax only, so shared by every compilation holding the tree.</summary>
    public static IReadOnlyList<IndexedMember> MembersOf(SyntaxTree tree, AiRelationSeeds seeds, CancellationToken cancellationToken = default) =>
        PerTree.GetValue(seeds, _ => new ConditionalWeakTable<SyntaxTree, IReadOnlyList<IndexedMember>>()).GetValue(tree, t => Collect(t, seeds, cancellationToken));

    /// <summary>The members of one tree as this index reads them (with its seeds): the ones <see cref="IsAiRelated"/> knows.</summary>
    public IReadOnlyList<IndexedMember> Members(SyntaxTree tree, CancellationToken cancellationToken = default) => MembersOf(tree, _seeds, cancellationToken);

    /// <summary>
    /// The members of the compilation that mention <paramref name="name"/>, in tree order: an inverted index built on the
    /// first question, because summaries ask it for every member they follow, and a library has thousands of members.
    /// </summary>
    public IReadOnlyList<IndexedMember> MembersMentioning(string name) =>
        _byName.Value.TryGetValue(name, out var members) ? members : (IReadOnlyList<IndexedMember>)Array.Empty<IndexedMember>();

    private Dictionary<string, List<IndexedMember>> ComputeByName()
    {
        var byName = new Dictionary<string, List<IndexedMember>>(StringComparer.Ordinal);
        foreach (var member in _compilation.SyntaxTrees.SelectMany(tree => MembersOf(tree, _seeds)))
        {
            foreach (var name in member.Names)
            {
                if (!byName.TryGetValue(name, out var members))
                {
                    byName[name] = members = new List<IndexedMember>();
                }

                members.Add(member);
            }
        }

        return byName;
    }

    /// <summary>Whether <paramref name="member"/> can take part in an AI flow (see the remarks of <see cref="SyntaxIndex"/>).</summary>
    public bool IsAiRelated(IndexedMember member) => _aiRelated.Value.Contains(member);

    private HashSet<IndexedMember> ComputeAiRelated()
    {
        var all = _compilation.SyntaxTrees.SelectMany(tree => MembersOf(tree, _seeds)).ToList();
        var ordinary = OrdinaryNames();
        var known = Seeds();
        known.ExceptWith(ordinary);
        var declared = new HashSet<string>(all.Where(m => m.Node is PropertyDeclarationSyntax or BaseFieldDeclarationSyntax).SelectMany(m => m.DeclaredNames), StringComparer.Ordinal);
        declared.UnionWith(ApplicationTypes.MemberNamesOfReferencedProjects(_compilation, _seeds));
        var related = new HashSet<IndexedMember>();
        var direct = new List<IndexedMember>();
        for (var round = 0; round < ClosureRounds; round++)
        {
            var added = new List<IndexedMember>();
            foreach (var member in all)
            {
                if (!related.Contains(member) && member.MentionsAny(known))
                {
                    added.Add(member);
                }
            }

            if (added.Count == 0)
            {
                break;
            }

            if (round == 0)
            {
                direct.AddRange(added);
            }

            foreach (var member in added)
            {
                related.Add(member);
                if (member.DeclaredName is { } name && !UniversalMemberNames.Contains(name))
                {
                    known.Add(name);
                }

                // view.Answer = response.Text: a field or property of the application that an AI-related member assigns
                // carries the relation to the members that read it, in whatever type they are.
                foreach (var assigned in member.AssignedNames)
                {
                    if (declared.Contains(assigned) && !ordinary.Contains(assigned) && !UniversalMemberNames.Contains(assigned))
                    {
                        known.Add(assigned);
                    }
                }
            }
        }

        // tool.ExecuteAsync(plan) in an AI-related member can run any implementation of the interface method: an
        // implementation or override with a name such a member calls is where that taint arrives.
        var dispatched = all.Where(member => !related.Contains(member) && member.DeclaredName is { } name && !UniversalMemberNames.Contains(name)
            && !ordinary.Contains(name) && CanBeDispatchedTo(member.Node)).ToList();
        foreach (var group in dispatched.GroupBy(member => member.DeclaredName!, StringComparer.Ordinal))
        {
            if (related.Any(member => member.Mentions(group.Key)))
            {
                related.UnionWith(group);
            }
        }

        // Fields of an AI type carry taint between its members; methods handed to a tool factory (AIFunctionFactory.Create) are tools.
        var types = new HashSet<string>(related.Select(m => m.TypeKey), StringComparer.Ordinal);
        var tools = new HashSet<string>(direct.SelectMany(m => m.ToolNames), StringComparer.Ordinal);
        foreach (var member in all)
        {
            if (types.Contains(member.TypeKey) || member.DeclaredName is { } name && tools.Contains(name))
            {
                related.Add(member);
            }
        }

        return related;
    }

    /// <summary>An override, an explicit interface implementation, or a public method of a type with a base list.</summary>
    private static bool CanBeDispatchedTo(SyntaxNode node) =>
        node is MethodDeclarationSyntax method
        && (method.ExplicitInterfaceSpecifier is not null
            || method.Modifiers.Any(SyntaxKind.OverrideKeyword)
            || method.Modifiers.Any(SyntaxKind.PublicKeyword) && method.Parent is TypeDeclarationSyntax { BaseList: not null });

    // Framework names every kind of code uses (OrderBy, Load, Path, ToString): an SDK type or an AI member sharing one
    // does not make its mentions AI-related, or the relation would spread to the whole application.
    private static readonly string[] OrdinaryTypes =
    {
        "System.Object", "System.String", "System.Linq.Enumerable", "System.Linq.Queryable", "System.Collections.Generic.List`1",
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IEnumerable`1", "System.Text.StringBuilder", "System.IO.Path",
        "System.IO.File", "System.IO.Stream", "System.Threading.Tasks.Task", "System.Console", "System.Math", "System.Convert", "System.Array",
        "System.Net.Http.HttpClient", "System.IDisposable", "System.IAsyncDisposable",
    };

    private HashSet<string> OrdinaryNames()
    {
        var names = new HashSet<string>(CommonTypeNames, StringComparer.Ordinal);
        var assemblies = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);
        foreach (var type in new TypeSet(_compilation, OrdinaryTypes).Types)
        {
            names.UnionWith(type.MemberNames);
            assemblies.Add(type.ContainingAssembly);
        }

        // Type names come from the assemblies' metadata name tables: no type symbol is built.
        foreach (var assembly in assemblies)
        {
            names.UnionWith(assembly.TypeNames);
        }

        return names;
    }

    private HashSet<string> Seeds()
    {
        var seeds = new HashSet<string>(_seeds.MemberNames, StringComparer.Ordinal) { EndpointLiteralMarker };
        foreach (var reference in _compilation.References)
        {
            if (_compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && _seeds.SdkNamespaces.Any(path => HasNamespace(assembly.GlobalNamespace, path)))
            {
                foreach (var name in assembly.TypeNames)
                {
                    seeds.Add(name);
                    if (name.EndsWith("Attribute", StringComparison.Ordinal))
                    {
                        seeds.Add(name.Substring(0, name.Length - "Attribute".Length));
                    }
                }
            }
        }

        if (_seeds.NamesFromOptions is { } namesFromOptions)
        {
            seeds.UnionWith(namesFromOptions(_options));
        }

        foreach (var option in _seeds.SourceOptions)
        {
            AddConfiguredNames(_options.AnalyzerConfigOptionsProvider.GlobalOptions, option, seeds);
            foreach (var tree in _compilation.SyntaxTrees)
            {
                AddConfiguredNames(_options.AnalyzerConfigOptionsProvider.GetOptions(tree), option, seeds);
            }
        }

        return seeds;
    }

    private static bool HasNamespace(INamespaceSymbol global, string path)
    {
        INamespaceSymbol? current = global;
        foreach (var part in path.Split('.'))
        {
            current = current.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
            if (current is null)
            {
                return false;
            }
        }

        return true;
    }

    private static void AddConfiguredNames(AnalyzerConfigOptions options, string key, HashSet<string> names)
    {
        if (!options.TryGetValue(key, out var value))
        {
            return;
        }

        foreach (var entry in value.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var name = entry.Split('(')[0];
            name = name.Substring(name.LastIndexOf('.') + 1);
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }
    }

    private static IReadOnlyList<IndexedMember> Collect(SyntaxTree tree, AiRelationSeeds seeds, CancellationToken cancellationToken)
    {
        var members = new List<IndexedMember>();
        var root = tree.GetRoot(cancellationToken);
        if (root is CompilationUnitSyntax unit)
        {
            CollectAliases(unit.Usings, seeds, members);
            var globals = unit.Members.OfType<GlobalStatementSyntax>().ToList();
            if (globals.Count > 0)
            {
                members.Add(new IndexedMember(unit, null, "Program", globals, seeds));
            }

            CollectTypes(unit.Members, seeds, members);
        }

        return members;
    }

    private static void CollectTypes(SyntaxList<MemberDeclarationSyntax> declarations, AiRelationSeeds seeds, List<IndexedMember> members)
    {
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    CollectAliases(ns.Usings, seeds, members);
                    CollectTypes(ns.Members, seeds, members);
                    break;
                case TypeDeclarationSyntax type:
                    var key = type.Identifier.ValueText;

                    // A primary constructor's parameters and the base list belong to every member of the type.
                    if (type.ParameterList is not null || type.BaseList is not null)
                    {
                        members.Add(new IndexedMember(type, null, key, new SyntaxNode?[] { type.ParameterList, type.BaseList }, seeds));
                    }

                    foreach (var member in type.Members)
                    {
                        if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                        {
                            continue;
                        }

                        members.Add(new IndexedMember(member, DeclaredName(member, key), key, new[] { member }, seeds));
                    }

                    CollectTypes(type.Members, seeds, members);
                    break;
            }
        }
    }

    // using Chat = OpenAI.Chat.ChatClient: the alias is related when its target is, like a member declared with that type.
    private static void CollectAliases(SyntaxList<UsingDirectiveSyntax> usings, AiRelationSeeds seeds, List<IndexedMember> members)
    {
        foreach (var directive in usings)
        {
            if (directive.Alias is { } alias)
            {
                members.Add(new IndexedMember(directive, alias.Name.Identifier.ValueText, "<using>", new SyntaxNode?[] { directive.NamespaceOrType }, seeds));
            }
        }
    }

    private static string? DeclaredName(MemberDeclarationSyntax member, string typeName) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        ConstructorDeclarationSyntax => typeName,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        EventDeclarationSyntax @event => @event.Identifier.ValueText,
        BaseFieldDeclarationSyntax field when field.Declaration.Variables.Count == 1 => field.Declaration.Variables[0].Identifier.ValueText,
        _ => null,
    };
}
