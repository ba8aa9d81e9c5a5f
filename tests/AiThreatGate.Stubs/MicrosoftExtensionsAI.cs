// Shapes of Microsoft.Extensions.AI 10.x (only its .Abstractions package is served here): the client pipeline.
using System;

namespace Microsoft.Extensions.AI
{
    public sealed class ChatClientBuilder
    {
        public ChatClientBuilder(IChatClient innerClient) { }
        public ChatClientBuilder Use(Func<IChatClient, IChatClient> clientFactory) => this;
        public IChatClient Build(IServiceProvider services = null) => throw null!;
    }

    public static class ChatClientBuilderChatClientExtensions
    {
        public static ChatClientBuilder AsBuilder(this IChatClient innerClient) => throw null!;
    }

    public static class ConfigureOptionsChatClientBuilderExtensions
    {
        public static ChatClientBuilder ConfigureOptions(this ChatClientBuilder builder, Action<ChatOptions> configure) => builder;
    }

    public class FunctionInvokingChatClient : DelegatingChatClient
    {
        public FunctionInvokingChatClient(IChatClient innerClient, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory = null, IServiceProvider functionInvocationServices = null) : base(innerClient) { }
        public int MaximumIterationsPerRequest { get; set; }
        public Func<FunctionInvocationContext, System.Threading.CancellationToken, System.Threading.Tasks.ValueTask<object>> FunctionInvoker { get; set; }
    }

    public static class FunctionInvokingChatClientBuilderExtensions
    {
        public static ChatClientBuilder UseFunctionInvocation(this ChatClientBuilder builder, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory = null, Action<FunctionInvokingChatClient> configure = null) => builder;
    }
}

namespace Microsoft.Extensions.AI
{
    public class FunctionInvocationContext
    {
        public AIFunction Function { get; set; }
        public AIFunctionArguments Arguments { get; set; }
    }
}
