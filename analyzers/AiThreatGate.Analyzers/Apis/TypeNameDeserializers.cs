using System;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>
/// Serializers and settings that let the payload name the .NET type to create, beyond the formatters of
/// <see cref="InsecureFormatters"/>: Json.NET <c>TypeNameHandling</c>, <c>JavaScriptSerializer</c> with
/// <c>SimpleTypeResolver</c>, MessagePack's typeless API, serializers built from a type, <c>DataSet.ReadXml</c>.
/// </summary>
internal sealed class TypeNameDeserializers
{
    /// <summary>What a member must mention to hold a use of one outside AI code: the formatters, their calls and settings.</summary>
    public static readonly string[] Names = InsecureFormatters.Names.Concat(new[]
    {
        "DeserializeAsync", "Typeless", "TypelessContractlessStandardResolver",
        "TypelessObjectResolver", "TypelessFormatter", "JavaScriptSerializer", "SimpleTypeResolver", "DataContractSerializer",
        "DataContractJsonSerializer", "XmlSerializer", "ReadXml", "TypeNameHandling", "JsonSerializerSettings", "JsonSerializer",
        "CreateInstance", "GetUninitializedObject",
    }).ToArray();

    /// <summary>
    /// A call that creates an object of a <c>Type</c> value (<c>Activator.CreateInstance(type, ...)</c>,
    /// <c>RuntimeHelpers/FormatterServices.GetUninitializedObject(type)</c>): the argument that chooses the type.
    /// <c>Activator.CreateInstance(assemblyName, typeName)</c> yields its type name instead.
    /// </summary>
    public static IOperation? InstantiatedType(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is not { } type || invocation.Arguments.IsEmpty
            || !(method.Name == "CreateInstance" && type.Name == "Activator" || method.Name == "GetUninitializedObject" && type.Name is "RuntimeHelpers" or "FormatterServices")
            || !SymbolNames.IsInNamespace(type, type.Name == "RuntimeHelpers" ? "System.Runtime.CompilerServices" : type.Name == "FormatterServices" ? "System.Runtime.Serialization" : "System"))
        {
            return null;
        }

        return invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "type" or "typeName")?.Value;
    }

    /// <summary><c>Type.GetType(name)</c>, <c>Assembly.GetType(name)</c> and <c>Module.GetType(name)</c>: the name argument, when it is not a constant.</summary>
    public static IOperation? ResolvedTypeName(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "GetType", ContainingType.Name: "Type" or "Assembly" or "Module" } method } invocation
        && SymbolNames.IsInNamespace(method.ContainingType, method.ContainingType.Name == "Type" ? "System" : "System.Reflection")
        && invocation.Arguments.FirstOrDefault(a => a.Parameter is { Type.SpecialType: SpecialType.System_String, Name: "typeName" or "name" or "className" })?.Value is { ConstantValue.HasValue: false } name
            ? name
            : null;

    /// <summary>
    /// Serialized data: a file read (<c>File.ReadAllText/ReadAllLines/ReadLines</c>), a read from a reader
    /// (<c>TextReader</c>, <c>BinaryReader</c>, <c>XmlReader</c>, Json.NET <c>JsonReader</c>), or a parameter that
    /// carries data to deserialize: a stream, a reader, a parsed JSON element or token, the arguments Razorvine.Pickle
    /// passes to an <c>IObjectConstructor</c> (the values stored in the pickle); or a string-to-object property bag held
    /// in a parameter, a field or a property (<see cref="IsPropertyBag"/>).
    /// </summary>
    public static bool IsSerializedData(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod: { IsStatic: true, Name: { } name, ContainingType: { Name: "File" } file } } =>
            (name.StartsWith("ReadAll", StringComparison.Ordinal) || name.StartsWith("ReadLines", StringComparison.Ordinal)) && SymbolNames.IsInNamespace(file, "System.IO"),
        IInvocationOperation { TargetMethod: { IsStatic: false, Name: { } name, ContainingType: { } reader } } =>
            name.StartsWith("Read", StringComparison.Ordinal) && IsDataCarrier(reader),
        IParameterReferenceOperation { Parameter: { } parameter } => IsDataCarrier(parameter.Type) || IsPropertyBag(parameter.Type) || IsPickleConstructorArgument(parameter),
        IFieldReferenceOperation { Field.Type: { } bag } => IsPropertyBag(bag),
        IPropertyReferenceOperation { Property: { IsIndexer: false, Type: { } bag } } => IsPropertyBag(bag),
        _ => false,
    };

    /// <summary>
    /// A loosely typed record, <c>IDictionary&lt;string, object&gt;</c> (or <c>Dictionary</c>, <c>IReadOnlyDictionary</c>):
    /// the shape a hand-written model loader parses a JSON object or the attributes of an XML element into, then reads
    /// by name (<c>data["Type"]</c>). Data when it arrives as a parameter or is kept in a field or property; a bag a method
    /// builds in a local of its own is not (its entries are the method's own values).
    /// </summary>
    private static bool IsPropertyBag(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 } named
        && named.TypeArguments[0].SpecialType == SpecialType.System_String
        && named.TypeArguments[1].SpecialType == SpecialType.System_Object
        && named.Name is "IDictionary" or "Dictionary" or "IReadOnlyDictionary"
        && SymbolNames.IsInNamespace(named, "System.Collections.Generic");

    private static bool IsDataCarrier(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            switch (current.Name)
            {
                case "Stream" or "TextReader" or "BinaryReader" when SymbolNames.IsInNamespace(current, "System.IO"):
                case "XmlReader" when SymbolNames.IsInNamespace(current, "System.Xml"):
                case "Utf8JsonReader" or "JsonElement" when SymbolNames.IsInNamespace(current, "System.Text.Json"):
                case "JsonNode" when SymbolNames.IsInNamespace(current, "System.Text.Json.Nodes"):
                case "JsonReader" when SymbolNames.IsInNamespace(current, "Newtonsoft.Json"):
                case "JToken" when SymbolNames.IsInNamespace(current, "Newtonsoft.Json.Linq"):
                    return true;
            }
        }

        return false;
    }

    // construct(object[] args) of a class implementing Razorvine.Pickle.IObjectConstructor.
    private static bool IsPickleConstructorArgument(IParameterSymbol parameter) =>
        parameter.ContainingSymbol is IMethodSymbol { Name: "construct" } method
        && method.ContainingType.AllInterfaces.Any(i => i.Name == "IObjectConstructor" && SymbolNames.IsInNamespace(i, "Razorvine.Pickle"));

    /// <summary>
    /// Whether <paramref name="type"/> is a <c>DataContractResolver</c> that opens <c>DataContractSerializer</c> to any type
    /// the XML names (<c>xsi:type</c>), beyond the serializer's known types: its source resolves names by reflection
    /// (<c>Type.GetType(name)</c>, <c>assembly.GetType(name)</c>, <c>Activator.CreateInstance</c>) or maps names to the types
    /// of every loaded assembly (<c>AppDomain.CurrentDomain.GetAssemblies()</c>). Read from the syntax of the resolver's
    /// declarations (no binding); a resolver that maps a fixed set of <c>typeof(...)</c> types, or defers to the known-type
    /// resolver, is not open. A resolver from a referenced assembly (no source) is not judged.
    /// </summary>
    public bool IsOpenResolver(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named || !DataContractResolverBase.ContainsOrInherits(named))
        {
            return false;
        }

        foreach (var reference in named.DeclaringSyntaxReferences)
        {
            foreach (var invocation in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var called = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => null,
                };
                var byName = called is "GetType" or "CreateInstance" && invocation.ArgumentList.Arguments.Count > 0
                    && invocation.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax;
                if (byName || called == "GetAssemblies")
                {
                    return true;
                }
            }
        }

        return false;
    }

    public TypeNameDeserializers(Compilation compilation)
    {
        DataContractResolverBase = new TypeSet(compilation, "System.Runtime.Serialization.DataContractResolver");
        DataContractSerializer = new TypeSet(compilation, "System.Runtime.Serialization.DataContractSerializer");
        JsonNetSettingsOwners = new TypeSet(compilation, "Newtonsoft.Json.JsonSerializerSettings", "Newtonsoft.Json.JsonSerializer");
        JsonNetAttributes = new TypeSet(compilation, "Newtonsoft.Json.JsonPropertyAttribute", "Newtonsoft.Json.JsonContainerAttribute");
        JavaScriptSerializer = new TypeSet(compilation, "System.Web.Script.Serialization.JavaScriptSerializer");
        SimpleTypeResolver = new TypeSet(compilation, "System.Web.Script.Serialization.SimpleTypeResolver");
        MessagePackTypeless = new TypeSet(compilation, "MessagePack.MessagePackSerializer+Typeless");
        MessagePackTypelessResolvers = new TypeSet(
            compilation,
            "MessagePack.Resolvers.TypelessContractlessStandardResolver",
            "MessagePack.Resolvers.TypelessObjectResolver",
            "MessagePack.Formatters.TypelessFormatter");
        TypedXmlSerializers = new TypeSet(
            compilation,
            "System.Runtime.Serialization.DataContractSerializer",
            "System.Runtime.Serialization.Json.DataContractJsonSerializer",
            "System.Xml.Serialization.XmlSerializer");
        DataSetTypes = new TypeSet(compilation, "System.Data.DataSet", "System.Data.DataTable");
        FormattersPresent = TypeSet.AnyOf(
            compilation,
            "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter",
            "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
            "System.Runtime.Serialization.NetDataContractSerializer",
            "System.Web.UI.LosFormatter");
    }

    public TypeSet JsonNetSettingsOwners { get; }

    public TypeSet DataContractResolverBase { get; }

    public TypeSet DataContractSerializer { get; }

    public TypeSet JsonNetAttributes { get; }

    public TypeSet JavaScriptSerializer { get; }

    public TypeSet SimpleTypeResolver { get; }

    public TypeSet MessagePackTypeless { get; }

    public TypeSet MessagePackTypelessResolvers { get; }

    public TypeSet TypedXmlSerializers { get; }

    public TypeSet DataSetTypes { get; }

    public bool FormattersPresent { get; }

    public bool AnyPresent =>
        FormattersPresent || !JsonNetSettingsOwners.IsEmpty || !JavaScriptSerializer.IsEmpty || !MessagePackTypeless.IsEmpty
        || !MessagePackTypelessResolvers.IsEmpty || !TypedXmlSerializers.IsEmpty || !DataSetTypes.IsEmpty;
}
