using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Taint;

/// <summary>
/// Member summaries of the application's own methods: for <c>var reply = await chat.SendAsync(agent, history);
/// reply.MessageId</c>, whether the <c>MessageId</c> of the object <c>SendAsync</c> returns holds a source, or is only
/// given what some of its arguments carry (<c>new Reply(text) { MessageId = history.Last().MessageId }</c>). Without
/// them, a member of a returned object is derived from the whole object, and every identifier of a reply that also
/// carries the model's text would be model output. A body that returns an object it did not build (a repository's
/// cached entity, a deserialized one) has no member summary: the member is taken from the whole object as before.
/// </summary>
internal sealed partial class TaintEngine
{
    private readonly ConcurrentDictionary<(IMethodSymbol Method, ISymbol Member, int Depth), ReturnedMember> _returnedMembers = new();

    private CallProjection Projection(TaintSettings settings, int depth) =>
        (call, member, follow) => ProjectCall(call, member, follow, settings, depth);

    private bool? ProjectCall(IInvocationOperation call, ISymbol member, List<IOperation> follow, TaintSettings settings, int depth)
    {
        var method = call.TargetMethod;
        if (depth <= 0 || method.MethodKind != MethodKind.Ordinary || method.ReturnsVoid
            || _sources.IsSource(call, settings) || SummarizedSource(call) is not null)
        {
            return null;
        }

        var answer = _returnedMembers.GetOrAdd((method.OriginalDefinition, member.OriginalDefinition, depth), key => SummarizeReturnedMember(key.Method, key.Member, settings, key.Depth));
        if (answer.HoldsSource is null)
        {
            return null;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && answer.Parameters.Contains(parameter.Ordinal))
            {
                follow.Add(argument.Value);
            }
        }

        // An instance method's object may hand back what its own state holds: the receiver is followed whole.
        if (call.Instance is { } instance && answer.UsesInstance)
        {
            follow.Add(instance);
        }

        return answer.HoldsSource;
    }

    private ReturnedMember SummarizeReturnedMember(IMethodSymbol method, ISymbol member, TaintSettings settings, int depth)
    {
        var bodies = BodiesOf(method);
        if (bodies.Count == 0)
        {
            return ReturnedMember.Whole;
        }

        var parameters = new HashSet<int>();
        var usesInstance = false;
        foreach (var candidate in bodies)
        {
            foreach (var reference in candidate.DeclaringSyntaxReferences)
            {
                if (Operation(reference) is not { } body)
                {
                    return ReturnedMember.Whole;
                }

                var flow = ValueFlow.Of(body);
                foreach (var returned in body.Descendants().OfType<IReturnOperation>())
                {
                    if (returned.ReturnedValue is not { } value || returned.Kind != OperationKind.Return)
                    {
                        continue;
                    }

                    if (MemberProjection.MemberValues(flow, value, member, Projection(settings, depth - 1), out var sourceCall) is not { } given)
                    {
                        return ReturnedMember.Whole;
                    }

                    if (sourceCall is not null || given.Any(v => FindSource(v, flow, settings, null, depth - 1) is not null))
                    {
                        return ReturnedMember.Source;
                    }

                    foreach (var v in given)
                    {
                        flow.Walk(v, operation =>
                        {
                            if (operation is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, candidate))
                            {
                                parameters.Add(parameter.Parameter.Ordinal);
                            }
                            else if (operation is IInstanceReferenceOperation or IFieldReferenceOperation { Instance: IInstanceReferenceOperation } or IPropertyReferenceOperation { Instance: IInstanceReferenceOperation })
                            {
                                usesInstance = true;
                            }

                            return false;
                        });
                    }
                }
            }
        }

        return new ReturnedMember(false, parameters.ToImmutableHashSet(), usesInstance);
    }

    /// <summary>What a method's returned object holds in one member: a source (true), what some arguments carry (false), or unknown (null: the whole object counts).</summary>
    private sealed class ReturnedMember
    {
        public static readonly ReturnedMember Whole = new(null, ImmutableHashSet<int>.Empty, false);

        public static readonly ReturnedMember Source = new(true, ImmutableHashSet<int>.Empty, false);

        public ReturnedMember(bool? holdsSource, ImmutableHashSet<int> parameters, bool usesInstance)
        {
            HoldsSource = holdsSource;
            Parameters = parameters;
            UsesInstance = usesInstance;
        }

        public bool? HoldsSource { get; }

        public ImmutableHashSet<int> Parameters { get; }

        public bool UsesInstance { get; }
    }
}
