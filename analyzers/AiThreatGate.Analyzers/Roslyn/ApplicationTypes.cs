using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Roslyn;

/// <summary>
/// Types of the application: declared in this compilation, or in another project of the solution that this one
/// references (a shared contracts or abstractions library declaring the request records and message types). Such an
/// assembly has no strong name, and its types are not in the framework's or an AI SDK's namespaces (the seeds'),
/// whose data types (options, messages) are the SDK's, not the application's.
/// </summary>
internal static class ApplicationTypes
{
    public static bool Contains(ITypeSymbol type, Compilation compilation, AiRelationSeeds seeds) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
        || type.ContainingAssembly is { Identity.HasPublicKey: false } && !seeds.IsFrameworkOrSdkNamespace(type.ContainingNamespace);

    /// <summary>
    /// The member names of the types of the application's other projects that <paramref name="compilation"/> references
    /// (an abstractions library's message type whose <c>FunctionArgs</c> an AI-related member here assigns). Names come
    /// from the metadata name tables: no member symbol is built.
    /// </summary>
    public static IEnumerable<string> MemberNamesOfReferencedProjects(Compilation compilation, AiRelationSeeds seeds)
    {
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Identity.HasPublicKey)
            {
                continue;
            }

            var pending = new Stack<INamespaceSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                var ns = pending.Pop();
                foreach (var inner in ns.GetNamespaceMembers())
                {
                    if (!seeds.IsFrameworkOrSdkNamespace(inner))
                    {
                        pending.Push(inner);
                    }
                }

                foreach (var type in ns.GetTypeMembers())
                {
                    foreach (var name in type.MemberNames)
                    {
                        yield return name;
                    }
                }
            }
        }
    }
}
