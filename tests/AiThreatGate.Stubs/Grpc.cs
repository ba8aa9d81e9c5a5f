// Shapes of Grpc.Core.Api 2.x (not served by the registry here): what generated service bases use.
using System;

namespace Grpc.Core
{
    [AttributeUsage(AttributeTargets.Class)]
    public class BindServiceMethodAttribute : Attribute
    {
        public BindServiceMethodAttribute(Type bindType, string bindMethodName) { }
    }

    public abstract class ServerCallContext { }
}
