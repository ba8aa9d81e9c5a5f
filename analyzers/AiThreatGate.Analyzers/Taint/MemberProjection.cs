using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// One member of an object a body creates is not the whole object: for <c>x.P</c> where every value of the local
/// <c>x</c> is a creation (<c>new Reply(role, text) { MessageId = id }</c>, an anonymous object), <c>x.P</c> is derived
/// from the initializer of <c>P</c> and the constructor arguments that reach <c>P</c>, not from the other members. Where
/// the object may come from elsewhere (a call, a parameter, a mutating call on the local) there is no projection: a
/// deserialized reply's <c>Sql</c> is the model's as much as its whole text.
/// </summary>
internal static class MemberProjection
{
    /// <summary>
    /// For <c>x.P</c> where <c>x</c> is a local every value of which is an object this body creates (or, given
    /// <paramref name="projectCall"/>, returned by a call it can answer for), the values given for <c>P</c>, and the
    /// local as <paramref name="instance"/>; null where <c>x.P</c> is derived from the whole object.
    /// <paramref name="sourceCall"/> is a call whose returned object holds a source in <c>P</c>.
    /// </summary>
    public static List<IOperation>? Project(ValueFlow flow, IOperation operation, CallProjection? projectCall, out IOperation instance, out IOperation? sourceCall)
    {
        instance = operation;
        sourceCall = null;

        // `x?.P`: the member is read from the conditional access's receiver; the member reference itself (a source
        // when the member holds one) is still walked.
        if (ReadOf(operation) is not { } read || read.Reference.Member is not IFieldSymbol and not IPropertySymbol
            || read.Reference.Member.IsStatic || read.Reference.Member.DeclaringSyntaxReferences.IsEmpty
            || ValueFlow.Unwrap(read.Receiver) is not ILocalReferenceOperation local)
        {
            return null;
        }

        var projected = MemberValues(flow, local, read.Reference.Member, projectCall, out sourceCall);
        if (projected is not null && operation is IConditionalAccessOperation)
        {
            projected.Add(read.Reference);
        }

        instance = local;
        return projected;
    }

    /// <summary>
    /// A read of a member of an object, <c>x.P</c> or <c>x?.P</c>: the operation that gives the object and the member
    /// reference; null for anything else (a static member has no object).
    /// </summary>
    public static (IOperation Receiver, IMemberReferenceOperation Reference)? ReadOf(IOperation operation) => operation switch
    {
        IMemberReferenceOperation { Instance: { } target } reference when target is not IConditionalAccessInstanceOperation => (target, reference),
        IConditionalAccessOperation { Operation: { } target, WhenNotNull: IMemberReferenceOperation { Instance: IConditionalAccessInstanceOperation } reference } => (target, reference),
        _ => null,
    };

    /// <summary>
    /// The values <paramref name="member"/> of the object that <paramref name="value"/> (a creation, a call
    /// <paramref name="projectCall"/> answers for, or a local of this body whose every value is one of those) was given;
    /// null when the object may come from elsewhere. <paramref name="sourceCall"/> is a call whose object holds a source there.
    /// </summary>
    public static List<IOperation>? MemberValues(ValueFlow flow, IOperation value, ISymbol member, CallProjection? projectCall, out IOperation? sourceCall)
    {
        sourceCall = null;
        var values = ValueFlow.Unwrap(value) is ILocalReferenceOperation local ? flow.AssignedValuesOf(local.Local) : new[] { value };
        if (values is null)
        {
            return null;
        }

        var projected = new List<IOperation>();
        foreach (var candidate in values)
        {
            if (ValueFlow.Unwrap(candidate) is IInvocationOperation call)
            {
                var answer = projectCall?.Invoke(call, member, projected);
                if (answer is null)
                {
                    return null;
                }

                sourceCall ??= answer.Value ? call : null;
            }
            else if (ValuesFor(member, candidate) is { } given)
            {
                projected.AddRange(given);
            }
            else
            {
                return null;
            }
        }

        return projected;
    }

    /// <summary>The values <paramref name="member"/> was given by the creation <paramref name="value"/>, or null when it is not a creation.</summary>
    public static List<IOperation>? ValuesFor(ISymbol member, IOperation value)
    {
        var projected = new List<IOperation>();
        switch (ValueFlow.Unwrap(value))
        {
            // A type of another assembly is projected only when built by its parameterless constructor and an initializer
            // (a member a summary names, which stores what it is given): what its other constructors store is not known.
            case IObjectCreationOperation { Constructor: { } constructor } creation when !constructor.ContainingType.DeclaringSyntaxReferences.IsEmpty || creation.Arguments.IsEmpty:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter is null || ConstructorStores(constructor, argument.Parameter, member))
                    {
                        projected.Add(argument.Value);
                    }
                }

                AddInitialized(creation.Initializer, member, projected);
                break;
            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment && target.Property.Name == member.Name)
                    {
                        projected.Add(assignment.Value);
                    }
                }

                break;
            default:
                return null;
        }

        return projected;
    }

    private static void AddInitialized(IObjectOrCollectionInitializerOperation? initializer, ISymbol member, List<IOperation> projected)
    {
        if (initializer is null)
        {
            return;
        }

        foreach (var assignment in initializer.Initializers.OfType<IAssignmentOperation>())
        {
            if (assignment.Target is IMemberReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Member.OriginalDefinition, member.OriginalDefinition))
            {
                projected.Add(assignment.Value);
            }
        }
    }

    /// <summary>
    /// Whether a constructor of the application stores <paramref name="parameter"/> (or data derived from it) in
    /// <paramref name="member"/>: a record's positional parameter of that name, or an assignment to the member in the
    /// constructor's body or a constructor it chains to whose value is derived from the parameter. Read from syntax, so
    /// nothing is bound: an assignment that names the parameter anywhere in its value counts.
    /// </summary>
    private static bool ConstructorStores(IMethodSymbol constructor, IParameterSymbol parameter, ISymbol member)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is TypeDeclarationSyntax)
            {
                // A primary constructor: a positional record parameter is the property of its name; another parameter
                // reaches the member where the member's declaration (its initializer, its getter) names it.
                if (string.Equals(parameter.Name, member.Name, StringComparison.OrdinalIgnoreCase)
                    || member.DeclaringSyntaxReferences.Any(declaration => Names(declaration.GetSyntax(), parameter.Name)))
                {
                    return true;
                }

                continue;
            }

            // An assignment to the member from the parameter, or a call given the parameter (a setter method, a helper
            // that fills the object: not followed, so taken to store it).
            if (MentionsIn(syntax, member.Name, parameter.Name)
                || syntax.DescendantNodes().OfType<ArgumentSyntax>().Any(argument => Names(argument, parameter.Name)))
            {
                return true;
            }

            // `: base(role, text)` / `: this(...)`: where the chained constructor stores what it is given is not followed.
            if (syntax is ConstructorDeclarationSyntax { Initializer: { } chained }
                && chained.ArgumentList.Arguments.Any(argument => Names(argument, parameter.Name)))
            {
                return true;
            }
        }

        return constructor.DeclaringSyntaxReferences.IsEmpty;
    }

    private static bool Names(SyntaxNode syntax, string name) =>
        syntax.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(identifier => identifier.Identifier.ValueText == name);

    /// <summary>An assignment in <paramref name="syntax"/> to a member named <paramref name="member"/> whose value names <paramref name="parameter"/>.</summary>
    private static bool MentionsIn(SyntaxNode syntax, string member, string parameter) =>
        syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment =>
            AssignedName(assignment.Left) == member
            && Names(assignment.Right, parameter));

    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}
