using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG025: an AI service key written into the source. The message names where it is used, never the key.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedCredentialAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the environment variable the code fix reads instead.</summary>
    public const string EnvironmentVariableProperty = "environmentVariable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG025);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Razor views: a key in a component's @code block exists only in the Razor generator's output.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.RazorViews);
        context.RegisterCompilationStartAction(start =>
        {
            var credentialTypes = ApiKeyShapes.Credentials(start.Compilation);
            // A key is either given to an AI client (an AI-related member) or has a key's shape ("sk-...") wherever it is.
            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.MembersOrMentioning(ApiKeyShapes.CredentialTypeNames.Concat(ApiKeyShapes.HeaderApiNames).Concat(new[] { SyntaxIndex.KeyLiteralMarker }).ToArray()),
                (context, _) =>
                {
                    switch (context.Operation.Kind)
                    {
                        case OperationKind.Argument:
                            AnalyzeArgument(context, credentialTypes);
                            break;
                        case OperationKind.SimpleAssignment:
                            AnalyzeAssignment(context);
                            break;
                        case OperationKind.VariableDeclarator:
                            AnalyzeDeclarator(context);
                            break;
                        case OperationKind.Literal:
                            AnalyzeUnboundUse(context);
                            break;
                        default:
                            AnalyzeMemberInitializer(context);
                            break;
                    }
                },
                OperationKind.Argument,
                OperationKind.SimpleAssignment,
                OperationKind.VariableDeclarator,
                OperationKind.Literal,
                OperationKind.FieldInitializer,
                OperationKind.PropertyInitializer);
        });
    }

    private static void AnalyzeArgument(OperationContext context, TypeSet credentialTypes)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { } parameter || !IsHardCoded(argument.Value) || IsReportedAtDeclaration(argument.Value))
        {
            return;
        }

        var owner = parameter.ContainingSymbol as IMethodSymbol;
        var type = owner?.ContainingType;
        if (type is null)
        {
            return;
        }

        if (owner!.MethodKind == MethodKind.Constructor && credentialTypes.Contains(type))
        {
            Report(context, argument.Value, "new " + type.Name + "(...)", ApiKeyShapes.EnvironmentVariableFor(type));
            return;
        }

        if (ApiKeyShapes.CredentialHeader(owner, parameter, HeaderName(argument)) is { } header)
        {
            Report(context, argument.Value, header, ApiKeyShapes.DefaultEnvironmentVariable);
            return;
        }

        // The key of KernelArguments, AIFunctionArguments or any dictionary names an entry; it is not a credential.
        if (ApiKeyShapes.IsDictionaryKey(owner, parameter) && !LooksLikeKey(argument.Value))
        {
            return;
        }

        if (owner.MethodKind == MethodKind.Constructor && ApiKeyShapes.IsAiClientNamespace(type) && IsKeyName(parameter.Name))
        {
            Report(context, argument.Value, "the '" + parameter.Name + "' argument of new " + type.Name + "(...)", ApiKeyShapes.EnvironmentVariableFor(type));
            return;
        }

        if (owner.MethodKind != MethodKind.Constructor && ApiKeyShapes.IsAiClientNamespace(type) && IsKeyName(parameter.Name) && parameter.Type.SpecialType == SpecialType.System_String)
        {
            Report(context, argument.Value, "the '" + parameter.Name + "' argument of " + type.Name + "." + owner.Name, ApiKeyShapes.EnvironmentVariableFor(type));
            return;
        }

        if (LooksLikeKey(argument.Value) && IsKeyName(parameter.Name))
        {
            Report(context, argument.Value, "the '" + parameter.Name + "' argument of " + type.Name + "." + owner.Name, ApiKeyShapes.DefaultEnvironmentVariable);
        }
    }

    /// <summary>The constant first argument (a header's name) of the call <paramref name="argument"/> belongs to.</summary>
    private static string? HeaderName(IArgumentOperation argument) =>
        argument.Parent is IInvocationOperation { Arguments.Length: 2 } call
        && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;

    private static void AnalyzeAssignment(OperationContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (!IsHardCoded(assignment.Value))
        {
            return;
        }

        // config["OpenAI:ApiKey"] = "sk-...": the indexer's key names the secret.
        if (assignment.Target is IPropertyReferenceOperation { Arguments.Length: 1 } indexer
            && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string entry }
            && IsKeyName(entry) && LooksLikeKey(assignment.Value))
        {
            Report(context, assignment.Value, "'" + entry + "'", ApiKeyShapes.DefaultEnvironmentVariable);
            return;
        }

        var member = assignment.Target switch
        {
            IPropertyReferenceOperation property => (ISymbol)property.Property,
            IFieldReferenceOperation field => field.Field,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        if (member is null)
        {
            return;
        }

        if (member is IPropertySymbol keyProperty && ApiKeyShapes.IsKeyProperty(keyProperty))
        {
            Report(context, assignment.Value, keyProperty.ContainingType.Name + "." + keyProperty.Name, ApiKeyShapes.EnvironmentVariableFor(keyProperty.ContainingType));
            return;
        }

        if (IsKeyName(member.Name) && LooksLikeKey(assignment.Value))
        {
            Report(context, assignment.Value, "'" + member.Name + "'", ApiKeyShapes.DefaultEnvironmentVariable);
        }
    }

    private static void AnalyzeDeclarator(OperationContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var initializer = declarator.GetVariableInitializer();
        if (initializer is not null && IsKeyName(declarator.Symbol.Name) && LooksLikeKey(initializer.Value))
        {
            Report(context, initializer.Value, "'" + declarator.Symbol.Name + "'", ApiKeyShapes.DefaultEnvironmentVariable);
        }
    }

    private static void AnalyzeMemberInitializer(OperationContext context)
    {
        var initializer = (ISymbolInitializerOperation)context.Operation;
        ISymbol? member = initializer switch
        {
            IFieldInitializerOperation field when field.InitializedFields.Length > 0 => field.InitializedFields[0],
            IPropertyInitializerOperation property when property.InitializedProperties.Length > 0 => property.InitializedProperties[0],
            _ => null,
        };
        if (member is not null && IsKeyName(member.Name) && LooksLikeKey(initializer.Value))
        {
            Report(context, initializer.Value, "'" + member.Name + "'", ApiKeyShapes.DefaultEnvironmentVariable);
        }
    }

    /// <summary>
    /// A key-shaped literal given to code that does not bind: the SDK's package was not restored (a package the feed
    /// does not serve, Betalgo.OpenAI or OpenAI-DotNet) or the code targets another major version (Azure.AI.OpenAI 1.x
    /// <c>new OpenAIClient(key)</c>). The call or the member is unknown, but the literal is in the syntax: an argument of
    /// the unbound call, or the value assigned to an unbound member named like a key (<c>new OpenAiOptions { ApiKey = "sk-..." }</c>).
    /// Only the key shapes are reported here (<see cref="ApiKeyShapes.IsKeyShaped"/>): without the SDK's types, a plain
    /// string is not known to be a key.
    /// </summary>
    private static void AnalyzeUnboundUse(OperationContext context)
    {
        var literal = context.Operation;
        if (!LooksLikeKey(literal))
        {
            return;
        }

        var user = literal.Parent;
        while (user is IConversionOperation or IParenthesizedOperation)
        {
            user = user.Parent;
        }

        switch (user)
        {
            case IInvalidOperation call when call.Syntax is ObjectCreationExpressionSyntax creation:
                Report(context, literal, "an argument of new " + creation.Type + "(...)", ApiKeyShapes.DefaultEnvironmentVariable);
                break;
            case IInvalidOperation call when call.Syntax is InvocationExpressionSyntax invocation:
                Report(context, literal, "an argument of " + invocation.Expression, ApiKeyShapes.DefaultEnvironmentVariable);
                break;
            case IArgumentOperation { Parameter: null, Parent.Syntax: { } syntax }:
                Report(context, literal, "an argument of " + CalleeName(syntax), ApiKeyShapes.DefaultEnvironmentVariable);
                break;
            case ISimpleAssignmentOperation { Target: IInvalidOperation, Syntax: AssignmentExpressionSyntax { Left: IdentifierNameSyntax or MemberAccessExpressionSyntax } assignment }:
                var name = assignment.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : ((IdentifierNameSyntax)assignment.Left).Identifier.ValueText;
                if (IsKeyName(name))
                {
                    Report(context, literal, "'" + name + "'", ApiKeyShapes.DefaultEnvironmentVariable);
                }

                break;
        }
    }

    private static string CalleeName(SyntaxNode syntax) => syntax switch
    {
        ObjectCreationExpressionSyntax creation => "new " + creation.Type + "(...)",
        InvocationExpressionSyntax invocation => invocation.Expression.ToString(),
        _ => "a call",
    };

    /// <summary>A named constant with a key's name and shape is reported where it is declared, not again where it is used.</summary>
    private static bool IsReportedAtDeclaration(IOperation value)
    {
        var symbol = ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(value));
        return symbol is not null && IsKeyName(symbol.Name) && LooksLikeKey(value);
    }

    /// <summary>A compile-time constant string (a literal, a const, or a constant expression) that is not a placeholder such as "your-api-key" or "ollama" (<see cref="KeyPlaceholders"/>).</summary>
    private static bool IsHardCoded(IOperation value)
    {
        value = ValueFlow.Unwrap(value);
        return value.ConstantValue is { HasValue: true, Value: string text } && !KeyPlaceholders.IsPlaceholder(text);
    }

    private static bool LooksLikeKey(IOperation value) =>
        ValueFlow.Unwrap(value).ConstantValue is { HasValue: true, Value: string text } && ApiKeyShapes.IsKeyShaped(text);

    private static bool IsKeyName(string name) =>
        name.IndexOf("key", StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("secret", StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0;

    private static void Report(OperationContext context, IOperation value, string where, string environmentVariable) =>
        context.ReportDiagnostic(Diagnostic.Create(
            RuleCatalog.AITG025,
            value.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(EnvironmentVariableProperty, environmentVariable),
            where));
}
