using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// Which member of a parameter reaches a sink, and what a caller gives that member. For
/// <c>Save(Message message) { File.WriteAllText(Path.Combine(root, message.FileName), ...) }</c> only
/// <c>message.FileName</c> reaches the path: a caller passing <c>new Message { FileName = id, Content = answer }</c>
/// gives the path an identifier, not the model's answer it also carries. Without the member, the summary is about the
/// whole parameter, and every object that holds model output anywhere would reach every sink one of its members does.
/// Where the caller's object is not one it builds (a parameter, a deserialized object, an SDK type), the whole object
/// still counts.
/// </summary>
internal sealed partial class TaintEngine
{
    /// <summary>
    /// Whether <paramref name="value"/> is derived from <paramref name="parameter"/> with no sanitizer on the way (for "a
    /// parameter reaches a sink" summaries), and <paramref name="members"/>: the fields or properties of the parameter the
    /// paths read (<c>message.FileName</c>; several comma-separated), or null when the parameter's value itself reaches
    /// <paramref name="value"/>. A source of this kind on the way stops the walk: in
    /// <c>Execute(await chat.CompleteAsync("Write SQL for " + intent))</c> the SQL is the model's, reported here as model
    /// output; <c>intent</c> only went into the prompt, so callers passing it are not told that their value reaches SQL.
    /// </summary>
    public bool DerivesFrom(IOperation value, IParameterSymbol parameter, ValueFlow flow, TaintSettings settings, Func<IOperation, bool>? contextSanitizer, out string? members)
    {
        var barrier = Barrier(value, settings, contextSanitizer);
        var paths = new MemberPaths();
        flow.Walk(
            value,
            operation =>
            {
                if (operation is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    return false;
                }

                paths.Add(MemberReadFrom(reference));
                return paths.IsWhole;
            },
            operation => barrier(operation) || operation is IInvocationOperation && IsSource(operation, settings, _maxDepth));
        members = paths.Members;
        return paths.Reached;
    }

    /// <summary>
    /// What <paramref name="argument"/> gives the members named in <paramref name="members"/> (comma-separated) of the
    /// parameter it is passed to: where every value of the argument is an object this body builds (or one a call of the
    /// application returns, summarized member by member), the values given for those members and any assignment to
    /// them here; the argument itself otherwise, or when <paramref name="members"/> is null. <paramref name="sourceCall"/>
    /// is a call whose returned object holds a source in one of them.
    /// </summary>
    public IReadOnlyList<IOperation> ValuesGivenTo(IOperation argument, string? members, ValueFlow flow, TaintSettings settings, out IOperation? sourceCall)
    {
        sourceCall = null;
        if (members is null)
        {
            return new[] { argument };
        }

        var given = new List<IOperation>();
        foreach (var name in members.Split(','))
        {
            // A member of another assembly comes from a summary, which names only members that store what they are given.
            if (MemberNamed(ValueFlow.Unwrap(argument).Type, name) is not { } symbol
                || !symbol.DeclaringSyntaxReferences.IsEmpty && !IsStored(symbol)
                || MemberProjection.MemberValues(flow, argument, symbol, Projection(settings, _maxDepth), out var holder) is not { } values)
            {
                sourceCall = null;
                return new[] { argument };
            }

            sourceCall ??= holder;
            given.AddRange(values);
            given.AddRange(AssignedLater(argument, symbol));
        }

        return given;
    }

    // `draft.Content = answer` after `var draft = new Attachment { ... }`: the member's later values count too.
    private static IEnumerable<IOperation> AssignedLater(IOperation argument, ISymbol member)
    {
        if (ValueFlow.Unwrap(argument) is not ILocalReferenceOperation local)
        {
            yield break;
        }

        foreach (var assignment in ValueFlow.Root(argument).Descendants().OfType<IAssignmentOperation>())
        {
            if (assignment.Target is IMemberReferenceOperation target
                && SymbolEqualityComparer.Default.Equals(target.Member.OriginalDefinition, member.OriginalDefinition)
                && target.Instance is { } instance && ValueFlow.Unwrap(instance) is ILocalReferenceOperation written
                && SymbolEqualityComparer.Default.Equals(written.Local, local.Local))
            {
                yield return assignment.Value;
            }
        }
    }

    /// <summary>
    /// The instance field or auto-property <paramref name="reference"/> is read through (<c>p.Name</c>, <c>p?.Name</c>,
    /// <c>((T)p).Name</c>), or null (the parameter itself, a computed property, a member of an SDK type).
    /// </summary>
    private static string? MemberReadFrom(IParameterReferenceOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is IConversionOperation conversion)
        {
            current = conversion;
        }

        return current.Parent is { } parent && MemberProjection.ReadOf(parent) is { } read && ReferenceEquals(read.Receiver, current)
            && IsDataMember(read.Reference) && IsStored(read.Reference.Member) ? read.Reference.Member.Name : null;
    }

    /// <summary>
    /// A field or an auto-property of the application (a positional record parameter too): what a creation gives it is
    /// what it holds. A computed property (<c>FileName =&gt; Title + ".md"</c>) or one of another assembly may hold
    /// what other members were given.
    /// </summary>
    private static bool IsStored(ISymbol member) =>
        !member.DeclaringSyntaxReferences.IsEmpty
        && member.DeclaringSyntaxReferences.All(reference => reference.GetSyntax() switch
        {
            PropertyDeclarationSyntax property => property.ExpressionBody is null
                && property.AccessorList is { } accessors && accessors.Accessors.All(accessor => accessor.Body is null && accessor.ExpressionBody is null),
            _ => member is IFieldSymbol || reference.GetSyntax() is ParameterSyntax,
        });

    private static bool IsDataMember(IMemberReferenceOperation read) =>
        !read.Member.IsStatic && (read is IFieldReferenceOperation || read is IPropertyReferenceOperation { Arguments.IsEmpty: true });

    /// <summary>The instance field or property named <paramref name="name"/> of <paramref name="type"/>, its base types or interfaces.</summary>
    private static ISymbol? MemberNamed(ITypeSymbol? type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (DataMember(current, name) is { } member)
            {
                return member;
            }
        }

        if (type is not null)
        {
            foreach (var contract in type.AllInterfaces)
            {
                if (DataMember(contract, name) is { } member)
                {
                    return member;
                }
            }
        }

        return null;
    }

    private static ISymbol? DataMember(ITypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (!member.IsStatic && (member is IFieldSymbol || member is IPropertySymbol { IsIndexer: false }))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>
    /// The members through which a parameter reaches a value, merged: up to <see cref="MaxMembers"/> members
    /// (<c>Instruction,Knowledges</c>), or the whole parameter.
    /// </summary>
    internal sealed class MemberPaths
    {
        /// <summary>More members than this and the summary is about the whole parameter: the object is mostly what reaches the sink.</summary>
        public const int MaxMembers = 4;

        private readonly SortedSet<string> _members = new(StringComparer.Ordinal);

        public bool Reached { get; private set; }

        public bool IsWhole { get; private set; }

        /// <summary>The members the paths read, comma-separated in order; null when none was reached or the whole parameter was.</summary>
        public string? Members => IsWhole || _members.Count == 0 ? null : string.Join(",", _members);

        /// <summary>Adds a path through <paramref name="members"/> (comma-separated), or through the whole parameter when null.</summary>
        public void Add(string? members)
        {
            Reached = true;
            if (members is null)
            {
                IsWhole = true;
                return;
            }

            foreach (var member in members.Split(','))
            {
                _members.Add(member);
            }

            IsWhole |= _members.Count > MaxMembers;
        }
    }
}
