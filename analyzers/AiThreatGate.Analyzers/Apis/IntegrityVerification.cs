using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Decides whether an artefact (model file, bytes, stream, data file) is checked against an expected digest
/// or signature before the operation that uses it, on every path: the check sits in a statement that precedes
/// the use in an enclosing block and throws or returns when it fails, or in the condition of an <c>if</c> whose
/// branch contains the use. Helper methods of the same compilation count, up to <see cref="MaxDepth"/> calls deep.
/// </summary>
internal sealed class IntegrityVerification
{
    /// <summary>The <c>.editorconfig</c> option listing the application's own verifier methods.</summary>
    public const string VerifiersOption = "aithreatgate.model_integrity_verifiers";

    public const string VerifierAttributeName = "ModelIntegrityVerifierAttribute";
    private const int MaxDepth = 3;

    private static readonly string[] HashTypeNames =
    {
        "SHA256", "SHA384", "SHA512", "SHA3_256", "SHA3_384", "SHA3_512", "HMACSHA256", "HMACSHA384", "HMACSHA512",
        "HashAlgorithm", "IncrementalHash", "KeyedHashAlgorithm", "HMAC",
    };

    private static readonly string[] HashMethodNames =
    {
        "HashData", "HashDataAsync", "TryHashData", "ComputeHash", "ComputeHashAsync", "TryComputeHash",
        "GetHashAndReset", "GetCurrentHash", "TryGetHashAndReset", "TryGetCurrentHash",
    };

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _verifyingMethods = new(SymbolEqualityComparer.Default);

    public IntegrityVerification(Compilation compilation) => _compilation = compilation;

    public bool IsVerifiedBefore(IOperation use, IOperation artifact, ValueFlow flow, ImmutableArray<string> configuredVerifiers)
    {
        var context = new Context(flow, configuredVerifiers, flow.Roots(artifact), MaxDepth);

        // The artefact is produced by something that is trusted or that verifies it itself.
        if (flow.Reaches(artifact, operation => IsEmbeddedResource(operation) || IsVerifyingProducer(operation, context), out _))
        {
            return true;
        }

        return Guards.IsGuarded(use, condition => HasEvidence(condition, context), call => IsEvidence(call, context));
    }

    private bool HasEvidence(IOperation condition, Context context) =>
        context.Flow.Walk(condition, operation => IsEvidence(operation, context));

    private bool IsEvidence(IOperation operation, Context context)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (IsSignatureCheck(method))
                {
                    return RelatesToArtifact(invocation, context, includeReceiver: true);
                }

                if (IsComparison(method))
                {
                    return ComparesDigestOfArtifact(invocation.Arguments.Select(a => a.Value).Concat(invocation.Instance is null ? Enumerable.Empty<IOperation>() : new[] { invocation.Instance }), context);
                }

                if (IsDeclaredVerifier(method, context))
                {
                    return RelatesToArtifact(invocation, context, includeReceiver: false);
                }

                if (context.Depth > 0 && IsVerifyingHelper(method, context.Depth))
                {
                    return RelatesToArtifact(invocation, context, includeReceiver: false);
                }

                return false;
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                return ComparesDigestOfArtifact(new[] { binary.LeftOperand, binary.RightOperand }, context);
            case IIsPatternOperation pattern:
                return ComparesDigestOfArtifact(new[] { pattern.Value }, context);
            default:
                return false;
        }
    }

    private bool ComparesDigestOfArtifact(IEnumerable<IOperation> operands, Context context)
    {
        foreach (var operand in operands)
        {
            if (context.Flow.Reaches(operand, IsHashComputation, out var hash) && hash is IInvocationOperation hashCall)
            {
                if (context.ArtifactRoots is null || RelatesToArtifact(hashCall, context, includeReceiver: true))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool RelatesToArtifact(IInvocationOperation invocation, Context context, bool includeReceiver)
    {
        if (context.ArtifactRoots is null)
        {
            return true;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (Overlaps(context.Flow.Roots(argument.Value), context.ArtifactRoots))
            {
                return true;
            }
        }

        return includeReceiver && invocation.Instance is not null && Overlaps(context.Flow.Roots(invocation.Instance), context.ArtifactRoots);
    }

    private static bool Overlaps(HashSet<object> left, HashSet<object> right)
    {
        foreach (var item in left)
        {
            if (right.Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsVerifyingProducer(IOperation operation, Context context) =>
        operation is IInvocationOperation invocation
        && !Guards.ReturnsNothing(invocation.TargetMethod)
        && (IsDeclaredVerifier(invocation.TargetMethod, context) || IsVerifyingHelper(invocation.TargetMethod, MaxDepth));

    /// <summary>A method of this compilation whose body checks a digest or signature (the summary is cached per compilation).</summary>
    private bool IsVerifyingHelper(IMethodSymbol method, int depth)
    {
        method = method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        if (_verifyingMethods.TryGetValue(method, out var known))
        {
            return known;
        }

        // Recursion guard: while a method is being summarised it counts as not verifying.
        _verifyingMethods[method] = false;
        var verifies = false;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var body = CompilationScan.Operation(_compilation, reference);
            if (body is null)
            {
                continue;
            }

            var flow = ValueFlow.Build(body);
            var context = new Context(flow, ImmutableArray<string>.Empty, null, depth - 1);
            if (body.DescendantsAndSelf().Any(operation => IsEvidence(operation, context)))
            {
                verifies = true;
                break;
            }
        }

        _verifyingMethods[method] = verifies;
        return verifies;
    }

    private static bool IsDeclaredVerifier(IMethodSymbol method, Context context) =>
        AnalyzerSettings.HasAttributeNamed(method, VerifierAttributeName)
        || AnalyzerSettings.MatchesMethod(context.ConfiguredVerifiers, method);

    public static bool IsHashComputation(IOperation operation)
    {
        if (operation is not IInvocationOperation invocation || Array.IndexOf(HashMethodNames, invocation.TargetMethod.Name) < 0)
        {
            return false;
        }

        for (var type = invocation.TargetMethod.ContainingType; type is not null; type = type.BaseType)
        {
            if (Array.IndexOf(HashTypeNames, type.Name) >= 0 && SymbolNames.IsInNamespace(type, "System.Security.Cryptography"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSignatureCheck(IMethodSymbol method)
    {
        if (method.Name is "CheckSignature" or "CheckHash")
        {
            return method.ContainingType?.Name == "SignedCms";
        }

        if (method.Name is not ("VerifyData" or "VerifyHash"))
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "RSA" or "ECDsa" or "DSA" or "AsymmetricAlgorithm" && SymbolNames.IsInNamespace(type, "System.Security.Cryptography"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsComparison(IMethodSymbol method) => method.Name switch
    {
        "FixedTimeEquals" => method.ContainingType?.Name == "CryptographicOperations",
        "SequenceEqual" => true,
        "Equals" => true,
        _ => false,
    };

    private static bool IsEmbeddedResource(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod.Name: "GetManifestResourceStream" };

    private sealed class Context
    {
        public Context(ValueFlow flow, ImmutableArray<string> configuredVerifiers, HashSet<object>? artifactRoots, int depth)
        {
            Flow = flow;
            ConfiguredVerifiers = configuredVerifiers;
            ArtifactRoots = artifactRoots;
            Depth = depth;
        }

        public ValueFlow Flow { get; }

        public ImmutableArray<string> ConfiguredVerifiers { get; }

        /// <summary>Null inside a helper summary: any digest or signature check there counts.</summary>
        public HashSet<object>? ArtifactRoots { get; }

        public int Depth { get; }
    }
}
