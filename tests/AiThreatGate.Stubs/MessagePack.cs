// Shapes of MessagePack-CSharp 2.x.
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MessagePack
{
    public class MessagePackSerializerOptions
    {
        public static MessagePackSerializerOptions Standard => throw null!;
        public IFormatterResolver Resolver => throw null!;
        public MessagePackSerializerOptions WithResolver(IFormatterResolver resolver) => throw null!;
        public MessagePackSerializerOptions WithSecurity(MessagePackSecurity security) => throw null!;
    }

    public class MessagePackSecurity
    {
        public static readonly MessagePackSecurity UntrustedData = null!;
    }

    public interface IFormatterResolver { }

    public static partial class MessagePackSerializer
    {
        public static T Deserialize<T>(byte[] buffer, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;
        public static T Deserialize<T>(Stream stream, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;
        public static byte[] Serialize<T>(T value, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;

        public static class Typeless
        {
            public static MessagePackSerializerOptions DefaultOptions { get; set; }
            public static object Deserialize(byte[] bytes, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;
            public static object Deserialize(Stream stream, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;
            public static ValueTask<object> DeserializeAsync(Stream stream, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;
            public static byte[] Serialize(object obj, MessagePackSerializerOptions options = null, CancellationToken cancellationToken = default) => throw null!;
        }
    }
}

namespace MessagePack.Resolvers
{
    public sealed class TypelessContractlessStandardResolver : IFormatterResolver
    {
        public static readonly IFormatterResolver Instance = null!;
        public static readonly MessagePackSerializerOptions Options = null!;
    }

    public sealed class TypelessObjectResolver : IFormatterResolver
    {
        public static readonly IFormatterResolver Instance = null!;
    }

    public sealed class ContractlessStandardResolver : IFormatterResolver
    {
        public static readonly IFormatterResolver Instance = null!;
        public static readonly MessagePackSerializerOptions Options = null!;
    }

    public sealed class StandardResolver : IFormatterResolver
    {
        public static readonly IFormatterResolver Instance = null!;
    }
}

namespace MessagePack.Formatters
{
    public sealed class TypelessFormatter
    {
        public static readonly TypelessFormatter Instance = null!;
    }
}
