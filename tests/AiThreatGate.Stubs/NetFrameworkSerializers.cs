// Stands for: .NET Framework-only serializers (System.Runtime.Serialization.Formatters.Soap.SoapFormatter,
// System.Runtime.Serialization.NetDataContractSerializer, System.Web.UI.LosFormatter and ObjectStateFormatter,
// System.Web.Script.Serialization.JavaScriptSerializer/SimpleTypeResolver).
// Why a stub: they ship in .NET Framework assemblies (System.Runtime.Serialization.Formatters.Soap, System.Web,
// System.Web.Extensions), not in any package that restores for net10.0. Their Framework namespaces and signatures,
// so AITG001 is tested on the shapes that legacy code calls; bodies throw. (BinaryFormatter is in the BCL and is
// not stubbed.)
using System;
using System.IO;
using System.Runtime.Serialization;

namespace System.Runtime.Serialization.Formatters.Soap
{
    public sealed class SoapFormatter : IFormatter
    {
        public SerializationBinder Binder { get; set; }
        public StreamingContext Context { get; set; }
        public ISurrogateSelector SurrogateSelector { get; set; }
        public object Deserialize(Stream serializationStream) => throw null!;
        public void Serialize(Stream serializationStream, object graph) => throw null!;
    }
}

namespace System.Runtime.Serialization
{
    public sealed class NetDataContractSerializer : XmlObjectSerializer
    {
        public object Deserialize(Stream stream) => throw null!;
        public override object ReadObject(System.Xml.XmlReader reader, bool verifyObjectName) => throw null!;
        public override void WriteObject(System.Xml.XmlWriter writer, object graph) => throw null!;
        public override void WriteStartObject(System.Xml.XmlDictionaryWriter writer, object graph) => throw null!;
        public override void WriteObjectContent(System.Xml.XmlDictionaryWriter writer, object graph) => throw null!;
        public override void WriteEndObject(System.Xml.XmlDictionaryWriter writer) => throw null!;
        public override object ReadObject(System.Xml.XmlDictionaryReader reader, bool verifyObjectName) => throw null!;
        public override bool IsStartObject(System.Xml.XmlDictionaryReader reader) => throw null!;
    }
}

namespace System.Web.UI
{
    public sealed class LosFormatter
    {
        public object Deserialize(Stream stream) => throw null!;
        public object Deserialize(string input) => throw null!;
    }

    public sealed class ObjectStateFormatter
    {
        public object Deserialize(Stream inputStream) => throw null!;
        public object Deserialize(string inputString) => throw null!;
    }
}

namespace System.Web.Script.Serialization
{
    public abstract class JavaScriptTypeResolver
    {
        public abstract Type ResolveType(string id);
        public abstract string ResolveTypeId(Type type);
    }

    public class SimpleTypeResolver : JavaScriptTypeResolver
    {
        public override Type ResolveType(string id) => throw null!;
        public override string ResolveTypeId(Type type) => throw null!;
    }

    public class JavaScriptSerializer
    {
        public JavaScriptSerializer() { }
        public JavaScriptSerializer(JavaScriptTypeResolver resolver) { }
        public T Deserialize<T>(string input) => throw null!;
        public object DeserializeObject(string input) => throw null!;
    }
}
