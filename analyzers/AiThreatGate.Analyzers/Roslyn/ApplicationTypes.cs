using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// Types of the application: declared in this compilation, or in another project of the solution that this one
/// references (a shared contracts or abstractions library declaring the request records and message types). Such an
/// assembly has no strong name, is not a NuGet package's (many community packages have no strong name either), and
/// its types are not in the framework's or an AI SDK's namespaces (the seeds'), whose data types (options, messages)
/// are the SDK's, not the application's.
/// </summary>
internal static class ApplicationTypes
{
    public static bool Contains(ITypeSymbol type, Compilation compilation, AiRelationSeeds seeds) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
        || type.ContainingAssembly is { } assembly && IsOtherProject(assembly, compilation) && !seeds.IsFrameworkOrSdkNamespace(type.ContainingNamespace);

    /// <summary>
    /// The field and property names of the types of the application's other projects that <paramref name="compilation"/>
    /// references (an abstractions library's message type whose <c>FunctionArgs</c> an AI-related member here assigns),
    /// read once per referenced assembly.
    /// </summary>
    public static IEnumerable<string> MemberNamesOfReferencedProjects(Compilation compilation, AiRelationSeeds seeds)
    {
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (IsOtherProject(assembly, compilation))
            {
                foreach (var name in DataMemberNames.GetValue(assembly, key => ReadDataMemberNames(key, seeds)))
                {
                    yield return name;
                }
            }
        }
    }

    private static readonly ConditionalWeakTable<IAssemblySymbol, string[]> DataMemberNames = new();

    // No strong name, and not read from a package: a package's files sit in `<id>/<version>/lib|ref|runtimes/…` (the
    // global packages folder) or `packages/<id>.<version>/lib/…` (packages.config), a project's output in `bin/…`, `obj/…`.
    private static bool IsOtherProject(IAssemblySymbol assembly, Compilation compilation) =>
        !assembly.Identity.HasPublicKey
        && !(compilation.GetMetadataReference(assembly) is PortableExecutableReference { FilePath: { } path } && IsPackagePath(path));

    public static bool IsPackagePath(string path)
    {
        var segments = path.Split('/', '\\');
        for (var i = 2; i < segments.Length - 1; i++)
        {
            if (segments[i] is "lib" or "ref" or "runtimes"
                && (segments[i - 1].Length > 0 && char.IsDigit(segments[i - 1][0]) || segments[i - 2].Equals("packages", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] ReadDataMemberNames(IAssemblySymbol assembly, AiRelationSeeds seeds)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case INamespaceSymbol ns:
                    foreach (var member in ns.GetMembers())
                    {
                        if (member is INamedTypeSymbol || member is INamespaceSymbol inner && !seeds.IsFrameworkOrSdkNamespace(inner))
                        {
                            pending.Push(member);
                        }
                    }

                    break;
                case INamedTypeSymbol type:
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IPropertySymbol or IFieldSymbol && member.CanBeReferencedByName)
                        {
                            names.Add(member.Name);
                        }
                        else if (member is INamedTypeSymbol nested)
                        {
                            pending.Push(nested);
                        }
                    }

                    break;
            }
        }

        return names.ToArray();
    }
}
