using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;

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
    }).ToArray();

    public TypeNameDeserializers(Compilation compilation)
    {
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
