using System;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>AITG001: deserializers that let the payload choose the .NET type to create.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureDeserializerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <c>definite</c> when the unsafe setting is a constant, <c>maybe</c> when it is computed.</summary>
    public const string CertaintyProperty = "certainty";

    private static readonly string[] ModelFileExtensions =
    {
        ".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib", ".h5", ".model", ".onnx", ".zip",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG001);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = new TypeNameDeserializers(start.Compilation);
            if (!symbols.AnyPresent)
            {
                return;
            }

            // One registration, so a block's flow index is built at most once for all kinds.
            var kinds = symbols.MessagePackTypelessResolvers.IsEmpty
                ? new[] { OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment }
                : new[] { OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.FieldReference, OperationKind.PropertyReference };
            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.MembersOrMentioning(TypeNameDeserializers.Names),
                (context, block) =>
                {
                    switch (context.Operation.Kind)
                    {
                        case OperationKind.Invocation:
                            AnalyzeInvocation(context, block, symbols);
                            break;
                        case OperationKind.ObjectCreation:
                            AnalyzeCreation(context, block, symbols);
                            break;
                        case OperationKind.SimpleAssignment when !symbols.JsonNetSettingsOwners.IsEmpty:
                            AnalyzeAssignment(context, block, symbols);
                            break;
                        case OperationKind.FieldReference or OperationKind.PropertyReference:
                            AnalyzeMemberReference(context, symbols);
                            break;
                    }
                },
                kinds);
            if (!symbols.JsonNetAttributes.IsEmpty)
            {
                start.RegisterSymbolAction(context => AnalyzeJsonNetAttributes(context, symbols), SymbolKind.NamedType, SymbolKind.Property, SymbolKind.Field);
            }
        });
    }

    private static void AnalyzeInvocation(OperationContext context, BlockFlow block, TypeNameDeserializers symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        if (InsecureFormatters.IsInsecureDeserialize(invocation, block, out var formatter, out var data))
        {
            Report(context, invocation.Syntax.GetLocation(), formatter + "." + method.Name, ModelFileNote(data, block), definite: true);
            return;
        }

        if (symbols.MessagePackTypeless.Contains(method.ContainingType) && method.Name.StartsWith("Deserialize", StringComparison.Ordinal))
        {
            var payload = invocation.Arguments.IsEmpty ? null : invocation.Arguments[0].Value;
            Report(context, invocation.Syntax.GetLocation(), "MessagePackSerializer.Typeless." + method.Name, ModelFileNote(payload, block), definite: true);
            return;
        }

        if (method.Name == "ReadObject" && symbols.DataContractSerializer.ContainsOrInherits(invocation.Instance?.Type)
            && OpenResolverOf(invocation.Instance!, block, symbols) is { } resolver)
        {
            var payload = invocation.Arguments.IsEmpty ? null : invocation.Arguments[0].Value;
            Report(context, invocation.Syntax.GetLocation(), "DataContractSerializer.ReadObject with " + resolver.Name + ", a DataContractResolver that resolves any type the XML names", ModelFileNote(payload, block), definite: true);
            return;
        }

        if (TypeNameDeserializers.InstantiatedType(invocation) is { } typeChoice && TypeNamedByData(typeChoice, invocation, block) is { } read)
        {
            Report(context, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name + " of a type named by serialized data (" + read + ")", ModelFileNote(typeChoice, block), definite: true);
            return;
        }

        if (symbols.DataSetTypes.ContainsOrInherits(method.ContainingType) && method.Name == "ReadXml" && !invocation.Arguments.IsEmpty)
        {
            var input = invocation.Arguments[0].Value;
            if (!input.ConstantValue.HasValue)
            {
                Report(context, invocation.Syntax.GetLocation(), method.ContainingType.Name + ".ReadXml of data that is not a constant", ModelFileNote(input, block), definite: true);
            }

            return;
        }
    }

    /// <summary>
    /// The open resolver (<see cref="TypeNameDeserializers.IsOpenResolver"/>) the serializer <paramref name="serializer"/>
    /// was built with in this block: an argument of its constructor, or the <c>DataContractResolver</c> of the settings
    /// passed to it. Null when the serializer comes from elsewhere (a field set in another method is not followed).
    /// </summary>
    private static ITypeSymbol? OpenResolverOf(IOperation serializer, BlockFlow block, TypeNameDeserializers symbols)
    {
        ITypeSymbol? resolver = null;
        bool IsOpenResolverCreation(IOperation operation) =>
            operation is IObjectCreationOperation creation
            && (resolver = creation.DescendantsAndSelf().OfType<IObjectCreationOperation>().Select(c => c.Type).FirstOrDefault(symbols.IsOpenResolver)) is not null;
        bool BuiltWithOpenResolver(IOperation operation) =>
            operation is IObjectCreationOperation creation && symbols.DataContractSerializer.Contains(creation.Type)
            && creation.Arguments.Any(argument => block.Flow.Reaches(argument.Value, IsOpenResolverCreation, out _));
        return block.Flow.Reaches(serializer, BuiltWithOpenResolver, out _) ? resolver : null;
    }

    private static void AnalyzeCreation(OperationContext context, BlockFlow block, TypeNameDeserializers symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;

        if (symbols.JavaScriptSerializer.Contains(type))
        {
            foreach (var argument in creation.Arguments)
            {
                if (block.Flow.Reaches(argument.Value, operation => operation is IObjectCreationOperation resolver && symbols.SimpleTypeResolver.Contains(resolver.Type), out _))
                {
                    Report(context, creation.Syntax.GetLocation(), "JavaScriptSerializer with SimpleTypeResolver", string.Empty, definite: true);
                    return;
                }
            }

            return;
        }

        if (symbols.TypedXmlSerializers.Contains(type))
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Value.Type is null || !IsTypeOrTypes(argument.Value.Type))
                {
                    continue;
                }

                if (block.Flow.Reaches(argument.Value, IsTypeFromNonConstantName, out _))
                {
                    Report(context, creation.Syntax.GetLocation(), type!.Name + " built from a type name that is not a constant", string.Empty, definite: true);
                    return;
                }
            }

            return;
        }

        if (symbols.MessagePackTypelessResolvers.Contains(type))
        {
            Report(context, creation.Syntax.GetLocation(), "MessagePack " + type!.Name, string.Empty, definite: true);
        }
    }

    private static void AnalyzeMemberReference(OperationContext context, TypeNameDeserializers symbols)
    {
        var member = context.Operation switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        if (member is { IsStatic: true } && symbols.MessagePackTypelessResolvers.Contains(member.ContainingType))
        {
            Report(context, context.Operation.Syntax.GetLocation(), "MessagePack " + member.ContainingType.Name, string.Empty, definite: true);
        }
    }

    private static void AnalyzeAssignment(OperationContext context, BlockFlow block, TypeNameDeserializers symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "TypeNameHandling" } target
            || !symbols.JsonNetSettingsOwners.Contains(target.Property.ContainingType))
        {
            return;
        }

        var value = assignment.Value;
        bool definite;
        if (value.ConstantValue.HasValue)
        {
            if (Convert.ToInt64(value.ConstantValue.Value ?? 0L, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }

            definite = true;
        }
        else
        {
            definite = false;
        }

        if (HasRestrictiveBinder(assignment, target, block))
        {
            return;
        }

        var setting = definite ? "Json.NET TypeNameHandling." + DescribeEnumValue(value) : "Json.NET TypeNameHandling set from a value that may not be None";
        Report(context, assignment.Syntax.GetLocation(), setting + " without a restrictive SerializationBinder", string.Empty, definite);
    }

    private static void AnalyzeJsonNetAttributes(SymbolAnalysisContext context, TypeNameDeserializers symbols)
    {
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (!symbols.JsonNetAttributes.ContainsOrInherits(attribute.AttributeClass))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key is "TypeNameHandling" or "ItemTypeNameHandling" && named.Value.Value is int value && value != 0
                    && attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } syntax)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        RuleCatalog.AITG001,
                        syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(CertaintyProperty, "definite"),
                        "Json.NET [" + attribute.AttributeClass!.Name.Replace("Attribute", string.Empty) + "(" + named.Key + ")]",
                        string.Empty));
                    return;
                }
            }
        }
    }

    /// <summary>A SerializationBinder (or the legacy Binder) set to something other than null or the default binder, on the same settings object.</summary>
    private static bool HasRestrictiveBinder(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target, BlockFlow block)
    {
        if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
        {
            return initializer.Initializers.OfType<ISimpleAssignmentOperation>().Any(IsRestrictiveBinderAssignment);
        }

        var owner = target.Instance is null ? null : ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(target.Instance));
        if (owner is null)
        {
            return false;
        }

        foreach (var root in block.Blocks)
        {
            foreach (var other in root.Descendants().OfType<ISimpleAssignmentOperation>())
            {
                if (IsRestrictiveBinderAssignment(other)
                    && other.Target is IPropertyReferenceOperation { Instance: { } instance }
                    && SymbolEqualityComparer.Default.Equals(ValueFlow.ReferencedSymbol(ValueFlow.Unwrap(instance)), owner))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsRestrictiveBinderAssignment(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "SerializationBinder" or "Binder" })
        {
            return false;
        }

        var value = ValueFlow.Unwrap(assignment.Value);
        if (value.ConstantValue is { HasValue: true, Value: null })
        {
            return false;
        }

        return !(value is IObjectCreationOperation creation && creation.Type?.Name is "DefaultSerializationBinder");
    }

    private static string DescribeEnumValue(IOperation value) =>
        ValueFlow.Unwrap(value) is IFieldReferenceOperation field ? field.Field.Name : Convert.ToString(value.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    /// <summary>
    /// A hand-rolled type-name deserializer: the type created is resolved (<c>Type.GetType(name)</c>) from a name read
    /// from a file, a stream or a parsed document, with no allowlist check of the name (<c>Contains</c>,
    /// <c>ContainsKey</c>, <c>TryGetValue</c>) and no check that the type implements an expected contract
    /// (<c>IsAssignableFrom</c>, <c>IsSubclassOf</c>) guarding the creation. Returns how the name was read, or null.
    /// </summary>
    private static string? TypeNamedByData(IOperation typeChoice, IInvocationOperation creation, BlockFlow block)
    {
        IOperation? name = typeChoice.Type?.SpecialType == SpecialType.System_String && !typeChoice.ConstantValue.HasValue ? typeChoice : null;
        if (name is null && !block.Flow.Reaches(typeChoice, operation => (name = TypeNameDeserializers.ResolvedTypeName(operation)) is not null, out _))
        {
            return null;
        }

        if (name is null || !block.Flow.Reaches(name, TypeNameDeserializers.IsSerializedData, out var data) || data is null)
        {
            return null;
        }

        var roots = block.Flow.Roots(name);
        roots.UnionWith(block.Flow.Roots(typeChoice));
        bool Checks(IOperation operation) =>
            operation is IInvocationOperation { TargetMethod.Name: "Contains" or "ContainsKey" or "TryGetValue" or "IsAssignableFrom" or "IsSubclassOf" or "IsAssignableTo" }
            && block.Flow.Roots(operation).Overlaps(roots);
        if (Guards.IsGuarded(creation, condition => block.Flow.Walk(condition, Checks), Checks))
        {
            return null;
        }

        return data switch
        {
            IInvocationOperation read => read.TargetMethod.ContainingType.Name + "." + read.TargetMethod.Name,
            IParameterReferenceOperation parameter => "parameter '" + parameter.Parameter.Name + "'",
            _ => data.Syntax.ToString(),
        };
    }

    private static bool IsTypeOrTypes(ITypeSymbol type) =>
        type.Name == "Type" || type is IArrayTypeSymbol { ElementType.Name: "Type" } || type.AllInterfaces.Any(i => i.IsGenericType && i.TypeArguments.Length == 1 && i.TypeArguments[0].Name == "Type");

    private static bool IsTypeFromNonConstantName(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod.Name: "GetType" or "GetTypeFromProgID" or "ReflectionOnlyGetType" } invocation
        && !invocation.Arguments.IsEmpty
        && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String
        && !invocation.Arguments[0].Value.ConstantValue.HasValue;

    private static string ModelFileNote(IOperation? data, BlockFlow block)
    {
        if (data is null)
        {
            return string.Empty;
        }

        foreach (var text in block.Flow.ConstantStrings(data))
        {
            foreach (var extension in ModelFileExtensions)
            {
                if (text.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    return " (the data is a model file: '" + System.IO.Path.GetFileName(text) + "')";
                }
            }
        }

        return string.Empty;
    }

    private static void Report(OperationContext context, Location location, string what, string note, bool definite) =>
        context.ReportDiagnostic(Diagnostic.Create(
            RuleCatalog.AITG001,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(CertaintyProperty, definite ? "definite" : "maybe"),
            what,
            note));
}
