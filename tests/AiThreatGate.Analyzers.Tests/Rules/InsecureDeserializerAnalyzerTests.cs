using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.InsecureDeserializerAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class InsecureDeserializerAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // BinaryFormatter reading a pickled-style model file.
        """
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;
        class C
        {
            object Load() { using var s = File.OpenRead("models/classifier.pkl"); return [|new BinaryFormatter().Deserialize(s)|]; }
        }
        """,
        // Through the IFormatter interface, in an async method.
        """
        using System.IO;
        using System.Runtime.Serialization;
        using System.Runtime.Serialization.Formatters.Binary;
        using System.Threading.Tasks;
        class C
        {
            async Task<object> LoadAsync(Stream s)
            {
                await Task.Yield();
                IFormatter formatter = new BinaryFormatter();
                return [|formatter.Deserialize(s)|];
            }
        }
        """,
        // SoapFormatter, NetDataContractSerializer, LosFormatter, ObjectStateFormatter.
        """
        using System.IO;
        class C
        {
            void Load(Stream s, string viewState)
            {
                [|new System.Runtime.Serialization.Formatters.Soap.SoapFormatter().Deserialize(s)|];
                [|new System.Runtime.Serialization.NetDataContractSerializer().Deserialize(s)|];
                [|new System.Web.UI.LosFormatter().Deserialize(viewState)|];
                [|new System.Web.UI.ObjectStateFormatter().Deserialize(viewState)|];
            }
        }
        """,
        // Json.NET TypeNameHandling.All in an object initializer (lambda).
        """
        using System;
        using Newtonsoft.Json;
        class C
        {
            Func<string, object?> Reader() => json => JsonConvert.DeserializeObject(json, new JsonSerializerSettings { [|TypeNameHandling = TypeNameHandling.All|] });
        }
        """,
        // TypeNameHandling set on a serializer property from a non-constant value ("maybe").
        """
        using Newtonsoft.Json;
        class C
        {
            JsonSerializer Create(TypeNameHandling handling)
            {
                var serializer = new JsonSerializer();
                [|serializer.TypeNameHandling = handling|];
                return serializer;
            }
        }
        """,
        // Attributes on a DTO (partial class).
        """
        using Newtonsoft.Json;
        partial class ModelCard { [[|JsonProperty(TypeNameHandling = TypeNameHandling.Auto)|]] public object? Payload { get; set; } }
        [[|JsonObject(ItemTypeNameHandling = TypeNameHandling.Objects)|]]
        partial class ModelCard { }
        """,
        // JavaScriptSerializer with SimpleTypeResolver (local function).
        """
        using System.Web.Script.Serialization;
        class C
        {
            object Parse(string json)
            {
                return Make().DeserializeObject(json);
                JavaScriptSerializer Make() => [|new JavaScriptSerializer(new SimpleTypeResolver())|];
            }
        }
        """,
        // MessagePack Typeless API and resolvers (top-level statements).
        """
        using MessagePack;
        var bytes = System.IO.File.ReadAllBytes(args[0]);
        var a = [|MessagePackSerializer.Typeless.Deserialize(bytes)|];
        var options = MessagePackSerializerOptions.Standard.WithResolver([|MessagePack.Resolvers.TypelessContractlessStandardResolver.Instance|]);
        """,
        // DataContractSerializer built from a type name that comes from the data.
        """
        using System;
        using System.IO;
        using System.Runtime.Serialization;
        class C
        {
            object Read(string typeName, Stream s)
            {
                var type = Type.GetType(typeName)!;
                return [|new DataContractSerializer(type)|].ReadObject(s)!;
            }
        }
        """,
        // XmlSerializer from a non-constant type name; DataSet.ReadXml of a stream.
        """
        using System;
        using System.Data;
        using System.IO;
        using System.Xml.Serialization;
        class C
        {
            void Read(string name, Stream s)
            {
                var serializer = [|new XmlSerializer(Type.GetType(name)!)|];
                var data = new DataSet();
                [|data.ReadXml(s)|];
            }
        }
        """,
        // NetDataContractSerializer held in a field, read through the base class's ReadObject.
        """
        using System.IO;
        using System.Runtime.Serialization;
        class C
        {
            private readonly NetDataContractSerializer _serializer = new();
            object? Read(Stream s) => [|_serializer.ReadObject(s)|];
        }
        """,
        // Hand-rolled: a layer type named in a model's JSON config, resolved and instantiated.
        """
        using System;
        using System.IO;
        using System.Text.Json;
        sealed class ModelLoader
        {
            public object LoadLayer(string folder)
            {
                using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
                var typeName = config.RootElement.GetProperty("layer_type").GetString()!;
                var type = Type.GetType(typeName, throwOnError: true)!;
                return [|Activator.CreateInstance(type)|]!;
            }
        }
        """,
        // Hand-rolled binary model format: the type name is read from the stream.
        """
        using System;
        using System.IO;
        interface ILayer { }
        static class ModelFormat
        {
            public static ILayer ReadLayer(BinaryReader reader)
            {
                var name = reader.ReadString();
                return (ILayer)[|Activator.CreateInstance(Type.GetType(name)!)|]!;
            }
        }
        """,
        // Assembly and type names from the lines of a file.
        """
        using System;
        using System.IO;
        static class Plugins
        {
            public static object? Load(string manifest)
            {
                var lines = File.ReadAllLines(manifest);
                return [|Activator.CreateInstance(lines[0], lines[1])|]?.Unwrap();
            }
        }
        """,
        // A Razorvine.Pickle constructor that resolves the class named in the pickle by reflection.
        """
        using System;
        using Razorvine.Pickle;
        sealed class ReflectingConstructor : IObjectConstructor
        {
            public object construct(object[] args) => [|Activator.CreateInstance(Type.GetType((string)args[0])!)|]!;
        }
        """,
        // DataContractSerializer with a resolver that maps the XML's type names to every type of every loaded assembly.
        """
        using System;
        using System.Linq;
        using System.Runtime.Serialization;
        using System.Xml;
        sealed class AnyTypeResolver : DataContractResolver
        {
            readonly Type[] _all = AppDomain.CurrentDomain.GetAssemblies().SelectMany(a => a.GetTypes()).ToArray();
            public override Type? ResolveName(string typeName, string? typeNamespace, Type? declaredType, DataContractResolver knownTypeResolver) =>
                _all.FirstOrDefault(t => t.Name == typeName && t.Namespace == typeNamespace) ?? knownTypeResolver.ResolveName(typeName, typeNamespace, declaredType, null);
            public override bool TryResolveType(Type type, Type? declaredType, DataContractResolver knownTypeResolver, out XmlDictionaryString? typeName, out XmlDictionaryString? typeNamespace) =>
        knownTypeResolver.TryResolveType(type, declaredType, null, out typeName, out typeNamespace);
        }
        static class ModelStore
        {
            public static T Load<T>(string path)
            {
                using var reader = XmlReader.Create(path);
                var serializer = new DataContractSerializer(typeof(T), new DataContractSerializerSettings { DataContractResolver = new AnyTypeResolver() });
                return (T)[|serializer.ReadObject(reader)|]!;
            }
        }
        """,
        // A resolver that resolves the XML's names with Type.GetType, given through settings kept in a local.
        """
        using System;
        using System.IO;
        using System.Runtime.Serialization;
        using System.Xml;
        sealed class ReflectionResolver : DataContractResolver
        {
            public override Type? ResolveName(string typeName, string? typeNamespace, Type? declaredType, DataContractResolver knownTypeResolver) =>
                Type.GetType(typeNamespace + "." + typeName) ?? knownTypeResolver.ResolveName(typeName, typeNamespace, declaredType, null);
            public override bool TryResolveType(Type type, Type? declaredType, DataContractResolver knownTypeResolver, out XmlDictionaryString? typeName, out XmlDictionaryString? typeNamespace) =>
        knownTypeResolver.TryResolveType(type, declaredType, null, out typeName, out typeNamespace);
        }
        sealed class Model { }
        static class ModelStore
        {
            public static Model Load(Stream stream)
            {
                var settings = new DataContractSerializerSettings { DataContractResolver = new ReflectionResolver() };
                var serializer = new DataContractSerializer(typeof(Model), settings);
                return (Model)[|serializer.ReadObject(stream)|]!;
            }
        }
        """,
        // A layer rebuilt from the property bag its model JSON was parsed into: the "Type" entry chooses the class.
        """
        using System;
        using System.Collections.Generic;
        abstract class LayerBase
        {
            public static LayerBase FromData(IDictionary<string, object> data)
            {
                var typeName = data["Type"] as string;
                var type = Type.GetType(typeName!);
                return (LayerBase)[|Activator.CreateInstance(type!, data)|]!;
            }
        }
        """,
        // A graph read from XML into nodes whose attribute bags are read back by name to create each operation.
        """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Xml;
        static class GraphFormat
        {
            sealed class Node { public readonly Dictionary<string, object> Data = new(); }
            public static List<object> FromXml(string xml)
            {
                var nodes = new Dictionary<string, Node>();
                using var reader = XmlReader.Create(new StringReader(xml));
                while (reader.Read())
                {
                    var node = new Node();
                    nodes[reader.GetAttribute("id")!] = node;
                    node.Data[reader.GetAttribute("key")!] = reader.ReadElementContentAsString();
                }
                var ops = new List<object>();
                foreach (var node in nodes)
                {
                    var type = Type.GetType((string)node.Value.Data["type"]);
                    ops.Add([|Activator.CreateInstance(type!, node.Value.Data)|]!);
                }
                return ops;
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        """
        using Newtonsoft.Json;
        class C { object? Read(string json) => JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None }); }
        """,
        // TypeNameHandling with a restrictive binder on the same settings.
        """
        using System;
        using Newtonsoft.Json;
        using Newtonsoft.Json.Serialization;
        sealed class AllowList : ISerializationBinder
        {
            public Type BindToType(string? assemblyName, string typeName) => typeName == "Card" ? typeof(object) : throw new JsonSerializationException();
            public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) { assemblyName = null; typeName = serializedType.Name; }
        }
        class C
        {
            object? Read(string json) => JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects, SerializationBinder = new AllowList() });
        }
        """,
        // Binder set on the same settings object in a separate statement.
        """
        using Newtonsoft.Json;
        using Newtonsoft.Json.Serialization;
        class C
        {
            JsonSerializerSettings Create(ISerializationBinder binder)
            {
                var settings = new JsonSerializerSettings();
                settings.TypeNameHandling = TypeNameHandling.Auto;
                settings.SerializationBinder = binder;
                return settings;
            }
        }
        """,
        // System.Text.Json and plain Json.NET.
        """
        using System.Text.Json;
        class Card { public string? Name { get; set; } }
        class C
        {
            Card? A(string json) => JsonSerializer.Deserialize<Card>(json);
            Card? B(string json) => Newtonsoft.Json.JsonConvert.DeserializeObject<Card>(json);
        }
        """,
        // DataContractSerializer with typeof.
        """
        using System.IO;
        using System.Runtime.Serialization;
        [DataContract] class Card { [DataMember] public string? Name { get; set; } }
        class C { object? Read(Stream s) => new DataContractSerializer(typeof(Card)).ReadObject(s); }
        """,
        // MessagePack with a standard resolver and UntrustedData security.
        """
        using MessagePack;
        class C
        {
            int Read(byte[] bytes) => MessagePackSerializer.Deserialize<int>(bytes, MessagePackSerializerOptions.Standard.WithResolver(MessagePack.Resolvers.StandardResolver.Instance).WithSecurity(MessagePackSecurity.UntrustedData));
        }
        """,
        // JavaScriptSerializer without a type resolver.
        """
        using System.Web.Script.Serialization;
        class C { object Parse(string json) => new JavaScriptSerializer().DeserializeObject(json); }
        """,
        // [JsonProperty] without type name handling.
        """
        using Newtonsoft.Json;
        class Card { [JsonProperty("name", TypeNameHandling = TypeNameHandling.None)] public string? Name { get; set; } }
        """,
        // Generated code is not analyzed.
        """
        // <auto-generated/>
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;
        class Generated { object Load(Stream s) => new BinaryFormatter().Deserialize(s); }
        """,
        // XmlSerializer for a known type; DataTable.ReadXml of a constant file.
        """
        using System.Data;
        using System.Xml.Serialization;
        public class Card { public string? Name { get; set; } }
        class C
        {
            void Read()
            {
                var serializer = new XmlSerializer(typeof(Card));
                new DataTable().ReadXml("schema/defaults.xml");
            }
        }
        """,
        // A constant type name; a name from a file checked against an allowlist; a type checked against the expected contract.
        """
        using System;
        using System.Collections.Generic;
        using System.IO;
        interface ILayer { }
        static class Layers
        {
            static readonly HashSet<string> Allowed = new() { "App.Dense", "App.Conv" };
            public static object Fixed() => Activator.CreateInstance(Type.GetType("App.Dense")!)!;
            public static object Listed(string path)
            {
                var name = File.ReadAllText(path).Trim();
                if (!Allowed.Contains(name)) throw new InvalidDataException(name);
                return Activator.CreateInstance(Type.GetType(name)!)!;
            }
            public static ILayer Contract(BinaryReader reader)
            {
                var type = Type.GetType(reader.ReadString());
                if (type is null || !typeof(ILayer).IsAssignableFrom(type)) throw new InvalidDataException();
                return (ILayer)Activator.CreateInstance(type)!;
            }
        }
        """,
        // DataContractSerializer with known types only, and with a resolver that maps a fixed set of types.
        """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Runtime.Serialization;
        using System.Xml;
        sealed class Dense { }
        sealed class FixedResolver : DataContractResolver
        {
            static readonly Dictionary<string, Type> Known = new() { ["Dense"] = typeof(Dense) };
            public override Type? ResolveName(string typeName, string? typeNamespace, Type? declaredType, DataContractResolver knownTypeResolver) =>
                Known.TryGetValue(typeName, out var type) ? type : knownTypeResolver.ResolveName(typeName, typeNamespace, declaredType, null);
            public override bool TryResolveType(Type type, Type? declaredType, DataContractResolver knownTypeResolver, out XmlDictionaryString? typeName, out XmlDictionaryString? typeNamespace) =>
        knownTypeResolver.TryResolveType(type, declaredType, null, out typeName, out typeNamespace);
        }
        static class ModelStore
        {
            public static object? Plain(Stream stream) => new DataContractSerializer(typeof(Dense), new[] { typeof(Dense) }).ReadObject(stream);
            public static object? Fixed(Stream stream) =>
                new DataContractSerializer(typeof(Dense), new DataContractSerializerSettings { DataContractResolver = new FixedResolver() }).ReadObject(stream);
        }
        """,
        // Property bags: one the method builds itself from constants; one read from a parameter but checked against the allowed
        // types; a typed lookup (string to Type) rather than a name resolved by reflection.
        """
        using System;
        using System.Collections.Generic;
        static class Bags
        {
            static readonly HashSet<string> Allowed = new() { "App.Dense" };
            public static object Own()
            {
                var bag = new Dictionary<string, object> { ["Type"] = "App.Dense" };
                return Activator.CreateInstance(Type.GetType((string)bag["Type"])!)!;
            }
            public static object Checked(IDictionary<string, object> data)
            {
                var name = (string)data["Type"];
                if (!Allowed.Contains(name)) throw new ArgumentException(name);
                return Activator.CreateInstance(Type.GetType(name)!)!;
            }
            public static object Typed(IDictionary<string, Type> known, string key) => Activator.CreateInstance(known[key])!;
        }
        """,
        // A registry of factories keyed by the name read; a type name that is a method argument, not read data.
        """
        using System;
        using System.Collections.Generic;
        using System.IO;
        static class Registry
        {
            static readonly Dictionary<string, Func<object>> Factories = new() { ["dense"] = () => new object() };
            public static object FromFile(string path) => Factories[File.ReadAllText(path)]();
            public static object? ByName(string typeName) => Activator.CreateInstance(Type.GetType(typeName)!);
        }
        """,
        // Razorvine.Pickle alone builds only the classes it has constructors for (unknown classes become ClassDict): not a type-name deserializer.
        """
        using System.IO;
        using Razorvine.Pickle;
        static class Pickles
        {
            public static object Read(string path)
            {
                using var stream = File.OpenRead(path);
                using var unpickler = new Unpickler();
                return unpickler.load(stream);
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_type_name_driven_deserialization(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_safe_serializers_and_settings(string source) => Verify.VerifyAsync(source);

    [Fact]
    public async Task Message_names_the_model_file_and_certainty()
    {
        const string source = """
            using System.IO;
            using System.Runtime.Serialization.Formatters.Binary;
            class C { object Load() => new BinaryFormatter().Deserialize(File.OpenRead("/srv/models/churn.pkl")); }
            """;
        var diagnostic = Assert.Single(await Verify.RunAsync(new InsecureDeserializerAnalyzer(), new[] { ("/0/Test0.cs", source) }, null));
        Assert.Contains("BinaryFormatter.Deserialize", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("model file: 'churn.pkl'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal("definite", diagnostic.Properties[InsecureDeserializerAnalyzer.CertaintyProperty]);
    }

    [Fact]
    public async Task Non_constant_type_name_handling_is_reported_as_maybe()
    {
        const string source = """
            using Newtonsoft.Json;
            class C { JsonSerializerSettings S(TypeNameHandling h) => new JsonSerializerSettings { TypeNameHandling = h }; }
            """;
        var diagnostic = Assert.Single(await Verify.RunAsync(new InsecureDeserializerAnalyzer(), new[] { ("/0/Test0.cs", source) }, null));
        Assert.Equal("maybe", diagnostic.Properties[InsecureDeserializerAnalyzer.CertaintyProperty]);
        Assert.Contains("may not be None", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }
}
