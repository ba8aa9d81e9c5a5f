using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Requests sent through a mediator: MediatR's <c>IMediator</c>/<c>ISender.Send</c>, Mediator's <c>ISender.Send</c>,
/// or a project's own dispatcher. The code that runs is not the dispatcher's (it resolves the handler from dependency
/// injection) but the handler's: a class of the compilation implementing a generic handler interface
/// (<c>IRequestHandler&lt;TRequest, TResponse&gt;</c>, <c>ICommandHandler&lt;TCommand&gt;</c>, <c>IQueryHandler&lt;,&gt;</c>, ...)
/// whose type arguments name the request's type. Matched by shape, not by package, because the home-grown ones have
/// the same shape; an unresolved mediator package (a call that does not bind) is followed the same way.
/// </summary>
internal sealed class MediatorDispatch
{
    private static readonly ConditionalWeakTable<Compilation, MediatorDispatch> PerCompilation = new();

    private static readonly HashSet<string> DispatchNames = new(StringComparer.Ordinal)
    {
        "Send", "SendAsync", "Publish", "PublishAsync", "CreateStream", "Dispatch", "DispatchAsync", "Execute", "ExecuteAsync",
    };

    private readonly Lazy<ILookup<ITypeSymbol, IMethodSymbol>> _handlers;
    private readonly Compilation _compilation;

    private MediatorDispatch(Compilation compilation)
    {
        _compilation = compilation;
        _handlers = new Lazy<ILookup<ITypeSymbol, IMethodSymbol>>(BuildHandlers, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static MediatorDispatch For(Compilation compilation) => PerCompilation.GetValue(compilation, key => new MediatorDispatch(key));

    /// <summary>
    /// The handler methods of the compilation that a dispatch call (<c>sender.Send(command, ct)</c>) runs: those of the
    /// request argument's type. Empty for any other operation.
    /// </summary>
    public IEnumerable<IMethodSymbol> HandlersRunBy(IOperation operation)
    {
        var requestTypes = operation switch
        {
            IInvocationOperation invocation when DispatchNames.Contains(invocation.TargetMethod.Name) =>
                invocation.Arguments.Select(a => ValueFlow.Unwrap(a.Value).Type),
            IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } } invalid when DispatchNames.Contains(member.Name.Identifier.ValueText) =>
                invalid.ChildOperations.Where(child => child.Syntax is ArgumentSyntax || child.Syntax.Parent is ArgumentSyntax).Select(child => ValueFlow.Unwrap(child).Type),
            _ => Enumerable.Empty<ITypeSymbol?>(),
        };
        foreach (var type in requestTypes)
        {
            if (type is INamedTypeSymbol { DeclaringSyntaxReferences.IsEmpty: false } named)
            {
                foreach (var handler in _handlers.Value[named.OriginalDefinition])
                {
                    yield return handler;
                }
            }
        }
    }

    /// <summary>Request type → the methods of its handlers that take it (<c>Handle(TRequest request, CancellationToken ct)</c>).</summary>
    private ILookup<ITypeSymbol, IMethodSymbol> BuildHandlers()
    {
        var pairs = new List<(ITypeSymbol Request, IMethodSymbol Handler)>();
        foreach (var type in SourceTypes(_compilation.Assembly.GlobalNamespace))
        {
            if (type.TypeKind != TypeKind.Class || type.IsAbstract)
            {
                continue;
            }

            // A handler interface of an unresolved package is an error type, which the compiler may keep as the base
            // class: both are asked.
            var requests = type.AllInterfaces.Concat(type.BaseType is { TypeKind: TypeKind.Error } error ? new[] { error } : Array.Empty<INamedTypeSymbol>())
                .Where(IsHandlerInterface)
                .SelectMany(handlerInterface => handlerInterface.TypeArguments.OfType<INamedTypeSymbol>())
                .Where(request => !request.DeclaringSyntaxReferences.IsEmpty)
                .Select(request => request.OriginalDefinition)
                .ToList();
            foreach (var request in requests)
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (method is { MethodKind: MethodKind.Ordinary, IsStatic: false, Parameters.Length: > 0 }
                        && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type.OriginalDefinition, request))
                    {
                        pairs.Add((request, method));
                    }
                }
            }
        }

        return pairs.ToLookup(p => p.Request, p => p.Handler, (IEqualityComparer<ITypeSymbol>)SymbolEqualityComparer.Default);
    }

    private static bool IsHandlerInterface(INamedTypeSymbol type) =>
        type.IsGenericType && type.Name.EndsWith("Handler", StringComparison.Ordinal) && type.TypeKind is TypeKind.Interface or TypeKind.Error;

    private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            if (type.DeclaringSyntaxReferences.IsEmpty)
            {
                continue;
            }

            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                yield return nested;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in SourceTypes(child))
            {
                yield return type;
            }
        }
    }
}
