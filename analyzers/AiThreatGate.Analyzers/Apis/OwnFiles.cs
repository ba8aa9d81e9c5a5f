using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Paths to the application's own files rather than to content someone else wrote: built from the application's
/// directory (<c>AppContext.BaseDirectory</c>, the content or web root, the current directory, an assembly's location)
/// or naming a prompt or template (a constant or a variable named so: the <c>Prompts</c> folder of a Semantic Kernel
/// app, <c>_promptsDirectory</c>, a <c>.prompty</c> file). A path that also names an upload folder is not the
/// application's own. A path a private helper is given (<c>LoadTemplateFromFile(string filePath)</c>) is the
/// application's own when every call of the helper in its type passes one. One instance per compilation.
/// </summary>
internal sealed class OwnFiles
{
    // How many private helpers up a path parameter is followed to the calls that give it.
    private const int CallerDepth = 2;

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<(IParameterSymbol Parameter, int Depth), bool> _parameters = new();

    public OwnFiles(Compilation compilation) => _compilation = compilation;

    public bool IsOwnFile(IOperation path) => IsOwnFile(path, CallerDepth);

    private bool IsOwnFile(IOperation path, int depth)
    {
        var own = false;
        var uploaded = false;
        List<IParameterSymbol>? parameters = null;
        ValueFlow.OfBodyOf(path).Walk(path, operation =>
        {
            if (operation.ConstantValue is { HasValue: true, Value: string text })
            {
                uploaded |= text.IndexOf("upload", StringComparison.OrdinalIgnoreCase) >= 0;
                own |= NamesOwnFile(text);
            }
            else if (ValueFlow.ReferencedSymbol(operation) is { } symbol)
            {
                uploaded |= symbol.Name.IndexOf("upload", StringComparison.OrdinalIgnoreCase) >= 0;
                own |= NamesOwnFile(symbol.Name) || IsApplicationDirectory(operation);
                if (operation is IParameterReferenceOperation reference)
                {
                    (parameters ??= new List<IParameterSymbol>()).Add(reference.Parameter);
                }
            }
            else
            {
                own |= IsApplicationDirectory(operation);
            }

            return uploaded;
        });
        if (uploaded)
        {
            return false;
        }

        return own || depth > 0 && parameters is not null && parameters.All(parameter => GivenOwnFiles(parameter, depth - 1));
    }

    // Whether `parameter` of a private method is given an own file's path by every call of the method in its type
    // (at least one): a helper that loads "a template file" is as trusted as the folders its callers list.
    private bool GivenOwnFiles(IParameterSymbol parameter, int depth) => _parameters.GetOrAdd((parameter.OriginalDefinition, depth), key =>
    {
        if (key.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method)
        {
            return false;
        }

        var calls = 0;
        foreach (var call in CallSites.InOwnType(method, _compilation))
        {
            calls++;
            if (call.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == key.Parameter.Ordinal) is not { } argument
                || !argument.Value.ConstantValue.HasValue && !IsOwnFile(argument.Value, depth))
            {
                return false;
            }
        }

        return calls > 0;
    });

    private static bool NamesOwnFile(string text) =>
        text.IndexOf("prompt", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("template", StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool IsApplicationDirectory(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation { Property: { Name: "BaseDirectory", ContainingType.Name: "AppContext" or "AppDomain" } } => true,
        IPropertyReferenceOperation { Property: { Name: "CurrentDirectory" or "ProcessPath", ContainingType.Name: "Environment" } } => true,
        IPropertyReferenceOperation { Property: { Name: "ContentRootPath" or "WebRootPath" } } => true,
        IPropertyReferenceOperation { Property: { Name: "Location", ContainingType.Name: "Assembly" } } => true,
        IInvocationOperation { TargetMethod: { Name: "GetCurrentDirectory", ContainingType.Name: "Directory" } } => true,
        _ => false,
    };
}
