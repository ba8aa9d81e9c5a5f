using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// Answers, for <c>call().P</c>, whether member <paramref name="member"/> of the object <paramref name="call"/> returns
/// holds a source (true), holds none but is given what the call's arguments in <paramref name="follow"/> carry (false),
/// or cannot be told apart from the whole object (null).
/// </summary>
internal delegate bool? CallProjection(IInvocationOperation call, ISymbol member, List<IOperation> follow);

/// <summary>
/// A flow-insensitive index of where the values of locals, parameters, fields and properties come from
/// inside one operation block (a method body with its lambdas and local functions, or top-level statements).
/// Built once per block, and only when a rule found a candidate site in that block, so code that never
/// calls an AI API pays nothing for it.
/// </summary>
internal sealed partial class ValueFlow
{
    private readonly Dictionary<ISymbol, List<IOperation>> _assignedValues = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, List<ISymbol>> _symbolEdges = new(SymbolEqualityComparer.Default);

    private ValueFlow()
    {
    }

    public static ValueFlow Build(ImmutableArray<IOperation> blocks)
    {
        var flow = new ValueFlow();
        foreach (var block in blocks)
        {
            flow.Index(block);
        }

        return flow;
    }

    public static ValueFlow Build(IOperation block) => Build(ImmutableArray.Create(block));

    /// <summary>
    /// The index of a whole body (a root operation), built once: summaries read the same callee bodies for many callers
    /// and members. Keyed by the operation, which lives as long as its compilation's semantic model.
    /// </summary>
    public static ValueFlow Of(IOperation root) => Built.GetValue(root, Build);

    private static readonly ConditionalWeakTable<IOperation, ValueFlow> Built = new();

    /// <summary>The index of the whole body <paramref name="operation"/> is part of.</summary>
    public static ValueFlow OfBodyOf(IOperation operation) => Of(Root(operation));

    /// <summary>The root of the operation tree holding <paramref name="operation"/> (the body it is part of).</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>Visits <paramref name="start"/> and everything its value is derived from; stops when <paramref name="visit"/> returns true.</summary>
    public bool Walk(IOperation start, Func<IOperation, bool> visit, Func<IOperation, bool>? isBarrier = null, CallProjection? projectCall = null)
    {
        var pending = new Stack<IOperation>();
        var seenOperations = new HashSet<IOperation>();
        var seenSymbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        HashSet<IOperation>? unexpanded = null;
        pending.Push(start);
        var budget = 4096;
        while (pending.Count > 0 && budget-- > 0)
        {
            var operation = pending.Pop();
            if (!seenOperations.Add(operation))
            {
                continue;
            }

            if (visit(operation))
            {
                return true;
            }

            if (isBarrier is not null && isBarrier(operation))
            {
                continue;
            }

            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            if (unexpanded is not null && unexpanded.Contains(operation))
            {
                continue;
            }

            var symbol = ReferencedSymbol(operation);
            if (symbol is not null)
            {
                PushSymbol(symbol, pending, seenSymbols);
            }

            if (MemberProjection.Project(this, operation, projectCall, out var instance, out var sourceCall) is { } projected)
            {
                // A call whose returned object holds a source in this member: the call is where the data comes from.
                if (sourceCall is not null && seenOperations.Add(sourceCall) && visit(sourceCall))
                {
                    return true;
                }

                // The local itself is still visited (a guard on it, a root of the value), not what it was assigned.
                (unexpanded ??= new HashSet<IOperation>()).Add(instance);
                pending.Push(instance);
                foreach (var value in projected)
                {
                    pending.Push(value);
                }

                continue;
            }

            switch (operation)
            {
                // A condition selects a value but is not part of it: `ok ? "a" : "b"` and `x switch { ... => "a" }` carry only their arms.
                case IConditionalOperation { WhenFalse: not null } conditional when conditional.Type is not null:
                    pending.Push(conditional.WhenTrue);
                    pending.Push(conditional.WhenFalse);
                    break;
                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        pending.Push(arm.Value);
                    }

                    break;
                default:
                    foreach (var child in operation.ChildOperations)
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>The values assigned to <paramref name="local"/> in this block (its initializer, assignments), or null.</summary>
    public IReadOnlyList<IOperation>? AssignedValuesOf(ILocalSymbol local) =>
        _assignedValues.TryGetValue(local, out var values) && values.Count > 0 ? values : null;

    public bool Reaches(IOperation start, Func<IOperation, bool> isSource, out IOperation? source, Func<IOperation, bool>? isBarrier = null, CallProjection? projectCall = null)
    {
        IOperation? found = null;
        var result = Walk(start, operation =>
        {
            if (isSource(operation))
            {
                found = operation;
                return true;
            }

            return false;
        }, isBarrier, projectCall);
        source = found;
        return result;
    }

    /// <summary>The symbols and constant strings a value is derived from: two values that share one are taken to be about the same thing.</summary>
    public HashSet<object> Roots(IOperation start)
    {
        var roots = new HashSet<object>();
        Walk(start, operation =>
        {
            var symbol = ReferencedSymbol(operation);
            if (symbol is not null)
            {
                roots.Add(symbol);
            }
            else if (operation.ConstantValue is { HasValue: true, Value: string text } && text.Length > 0)
            {
                roots.Add("\"" + text);
            }

            return false;
        });
        return roots;
    }

    /// <summary>
    /// The roots of a check's value, and of what a predicate it is given compares: <c>Array.Exists(known, k =&gt; k == value)</c>
    /// checks <c>value</c>, which is in the lambda (a walk of values never enters lambdas).
    /// </summary>
    public HashSet<object> CheckedRoots(IOperation check)
    {
        var roots = Roots(check);
        if (ValueFlow.Unwrap(check) is not IInvocationOperation invocation)
        {
            return roots;
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value is IDelegateCreationOperation creation ? creation.Target : argument.Value;
            if (value is not IAnonymousFunctionOperation lambda)
            {
                continue;
            }

            foreach (var reference in lambda.Body.Descendants())
            {
                var symbol = ReferencedSymbol(reference);
                if (symbol is not null && !SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, lambda.Symbol))
                {
                    roots.UnionWith(Roots(reference));
                }
            }
        }

        return roots;
    }

    public IEnumerable<string> ConstantStrings(IOperation start)
    {
        var strings = new List<string>();
        Walk(start, operation =>
        {
            if (operation.ConstantValue is { HasValue: true, Value: string text })
            {
                strings.Add(text);
            }

            return false;
        });
        return strings;
    }

    public static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property when property.Arguments.IsEmpty => property.Property,
        _ => null,
    };

    private void PushSymbol(ISymbol symbol, Stack<IOperation> pending, HashSet<ISymbol> seenSymbols)
    {
        if (!seenSymbols.Add(symbol))
        {
            return;
        }

        if (_assignedValues.TryGetValue(symbol, out var values))
        {
            foreach (var value in values)
            {
                pending.Push(value);
            }
        }

        if (_symbolEdges.TryGetValue(symbol, out var sources))
        {
            foreach (var source in sources)
            {
                PushSymbol(source, pending, seenSymbols);
            }
        }
    }

    private void Index(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    var initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        AddValue(declarator.Symbol, initializer.Value);
                    }

                    break;
                case IAssignmentOperation assignment when assignment is not IDeconstructionAssignmentOperation:
                    AddAssignment(assignment.Target, assignment.Value);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        AddAssignment(target, deconstruction.Value);
                    }

                    break;
                case IForEachLoopOperation loop:
                    foreach (var local in loop.Locals)
                    {
                        AddValue(local, loop.Collection);
                    }

                    break;
                case IArgumentOperation argument when argument.Parameter is { RefKind: RefKind.Out or RefKind.Ref } && argument.Parent is { } call:
                    // `TryGet(response, out var text)`: text comes from the call, and so from what the call was given
                    // (its other arguments and receiver), even when the call itself returns only a bool.
                    AddAssignment(argument.Value, call);
                    foreach (var input in InputsOf(call))
                    {
                        if (!ReferenceEquals(input, argument))
                        {
                            AddAssignment(argument.Value, input);
                        }
                    }

                    break;
                case IPatternOperation { } pattern when DeclaredLocal(pattern) is { } declared && PatternInput(pattern) is { } input:
                    // `if (value is string text)`, `value is { } text`, `x switch { string text => ... }`: text is value.
                    AddValue(declared, input);
                    break;
                case IInvocationOperation invocation:
                    IndexInvocation(invocation);
                    break;
                case IAnonymousFunctionOperation lambda:
                    IndexLambdaParameters(lambda);
                    break;
            }
        }
    }

    /// <summary>
    /// <c>turns.Select(t => t.Content)</c>, <c>items.ForEach(i => ...)</c>: a lambda passed to a call on a collection
    /// is given its elements, so its parameters hold the data of the call's receiver (or of the extended value of an
    /// extension method), as the variable of a <c>foreach</c> over it would.
    /// </summary>
    private void IndexLambdaParameters(IAnonymousFunctionOperation lambda)
    {
        IOperation? current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current is not IArgumentOperation { Parent: IInvocationOperation call } argument || lambda.Symbol.Parameters.IsEmpty)
        {
            return;
        }

        var collection = call.Instance
            ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 && !ReferenceEquals(call.Arguments[0], argument) ? call.Arguments[0].Value : null);
        if (collection is null || !IsCollection(collection.Type))
        {
            return;
        }

        foreach (var parameter in lambda.Symbol.Parameters)
        {
            AddValue(parameter, collection);
        }
    }

    /// <summary>The values a call is given: its receiver and its arguments other than <c>out</c> ones.</summary>
    private static IEnumerable<IOperation> InputsOf(IOperation call)
    {
        var (instance, arguments) = call switch
        {
            IInvocationOperation invocation => (invocation.Instance, invocation.Arguments),
            IObjectCreationOperation creation => (null, creation.Arguments),
            _ => (null, ImmutableArray<IArgumentOperation>.Empty),
        };
        if (instance is not null)
        {
            yield return instance;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter?.RefKind != RefKind.Out)
            {
                yield return argument;
            }
        }
    }

    private void IndexInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiver = invocation.Instance is null ? null : ReferencedSymbol(Unwrap(invocation.Instance));
        var name = method.Name;

        // Copying into a destination: the destination now holds the receiver's data.
        if (receiver is not null && (name.StartsWith("CopyTo", StringComparison.Ordinal) || name.StartsWith("WriteTo", StringComparison.Ordinal)))
        {
            foreach (var argument in invocation.Arguments)
            {
                var destination = ReferencedSymbol(Unwrap(argument.Value));
                if (destination is not null)
                {
                    AddValue(destination, invocation.Instance!);
                }
            }

            return;
        }

        // A mutating call (void, builder-style or async) on a local: the receiver now carries the arguments' data.
        if (receiver is not null && !method.IsStatic && ReturnsMutationResult(method))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind != RefKind.Out)
                {
                    AddValue(receiver, argument.Value);
                }
            }
        }

        // Writing a file: the path now names a file that holds the written data.
        if (method.IsStatic && method.ContainingType is { Name: "File", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } })
        {
            if (invocation.Arguments.Length >= 2 && (name.StartsWith("Write", StringComparison.Ordinal) || name.StartsWith("Append", StringComparison.Ordinal) || name is "Copy" or "Move" or "Replace"))
            {
                var path = ReferencedSymbol(Unwrap(invocation.Arguments[name is "Copy" or "Move" or "Replace" ? 1 : 0].Value));
                if (path is not null)
                {
                    AddValue(path, invocation);
                }
            }
        }

        // DownloadFile(url, fileName): the file name now names downloaded content.
        if (name.StartsWith("DownloadFile", StringComparison.Ordinal) && invocation.Arguments.Length >= 2)
        {
            var path = ReferencedSymbol(Unwrap(invocation.Arguments[1].Value));
            if (path is not null)
            {
                AddValue(path, invocation);
            }
        }
    }

    private static bool ReturnsMutationResult(IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return true;
        }

        // HashSet<T>.Add, ISet<T>.Add, ConcurrentDictionary.TryAdd: the bool says whether the item was new; it is stored either way.
        if (method.Name is "Add" or "TryAdd" && method.ReturnType.SpecialType == SpecialType.System_Boolean)
        {
            return true;
        }

        var returnType = method.ReturnType;
        if (SymbolEqualityComparer.Default.Equals(returnType, method.ContainingType))
        {
            return true;
        }

        return returnType.Name is "Task" or "ValueTask" && returnType is INamedTypeSymbol { IsGenericType: false };
    }

    private void AddAssignment(IOperation target, IOperation value)
    {
        var symbol = ReferencedSymbol(Unwrap(target));
        if (symbol is null && target is IDeclarationExpressionOperation declaration)
        {
            foreach (var local in declaration.Expression.DescendantsAndSelf())
            {
                if (local is ILocalReferenceOperation reference)
                {
                    AddValue(reference.Local, value);
                }
            }

            return;
        }

        if (symbol is not null)
        {
            AddValue(symbol, value);
        }
    }

    /// <summary>An array or a type that enumerates elements (not text, whose elements are characters).</summary>
    private static bool IsCollection(ITypeSymbol? type) =>
        type is IArrayTypeSymbol
        || type is { SpecialType: not SpecialType.System_String }
            && (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                || type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T));

    private void AddValue(ISymbol symbol, IOperation value)
    {
        if (!_assignedValues.TryGetValue(symbol, out var values))
        {
            values = new List<IOperation>();
            _assignedValues.Add(symbol, values);
        }

        values.Add(value);

        // A writable file stream opened on a path: what is written to the stream ends up at the path.
        var created = Unwrap(value);
        if (IsWritableFileOpen(created, out var pathOperation))
        {
            var path = ReferencedSymbol(Unwrap(pathOperation));
            if (path is not null)
            {
                if (!_symbolEdges.TryGetValue(path, out var edges))
                {
                    edges = new List<ISymbol>();
                    _symbolEdges.Add(path, edges);
                }

                edges.Add(symbol);
            }
        }
    }

    private static bool IsWritableFileOpen(IOperation operation, out IOperation path)
    {
        path = operation;
        switch (operation)
        {
            case IObjectCreationOperation { Constructor.ContainingType: { Name: "FileStream" or "StreamWriter" or "BinaryWriter" } } creation when creation.Arguments.Length > 0:
                path = creation.Arguments[0].Value;
                return true;
            case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Create" or "OpenWrite" or "Open" or "CreateText" or "AppendText", ContainingType.Name: "File" } } invocation when invocation.Arguments.Length > 0:
                path = invocation.Arguments[0].Value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The values <paramref name="local"/> is given in the body holding <paramref name="reference"/>: its initializer and
    /// simple assignments. For a one-off question about one local, without building the whole flow index.
    /// </summary>
    public static IEnumerable<IOperation> ValuesOf(IOperation reference, ILocalSymbol local)
    {
        var body = reference;
        while (body.Parent is not null)
        {
            body = body.Parent;
        }

        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                    && declarator.GetVariableInitializer() is { } initializer:
                    yield return initializer.Value;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return assignment.Value;
                    break;
            }
        }
    }

    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    break;
                default:
                    return operation;
            }
        }
    }
}
