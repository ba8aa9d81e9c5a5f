// Shapes of Microsoft.SemanticKernel.Abstractions / .Core / Connectors.OpenAI 1.x (not served by the registry here): only what tests use.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.SemanticKernel
{
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class KernelFunctionAttribute : Attribute
    {
        public KernelFunctionAttribute() { }
        public KernelFunctionAttribute(string name) { Name = name; }
        public string Name { get; }
    }

    public sealed class Kernel
    {
        public KernelPluginCollection Plugins { get; } = new KernelPluginCollection();
        public IList<IFunctionInvocationFilter> FunctionInvocationFilters { get; } = new List<IFunctionInvocationFilter>();
        public IList<IAutoFunctionInvocationFilter> AutoFunctionInvocationFilters { get; } = new List<IAutoFunctionInvocationFilter>();
        public Task<FunctionResult> InvokeAsync(KernelFunction function, KernelArguments arguments = null, CancellationToken cancellationToken = default) => throw null!;
        public static IKernelBuilder CreateBuilder() => throw null!;
    }

    public interface IKernelBuilder
    {
        Kernel Build();
    }

    public sealed class KernelPluginCollection
    {
        public void AddFromType<T>(string pluginName = null, IServiceProvider serviceProvider = null) { }
        public void AddFromObject(object target, string pluginName = null) { }
    }

    public abstract class KernelFunction
    {
        public string Name { get; }
    }

    public static class KernelFunctionFactory
    {
        public static KernelFunction CreateFromPrompt(string promptTemplate, PromptExecutionSettings executionSettings = null, string functionName = null, string description = null, string templateFormat = null, IPromptTemplateFactory promptTemplateFactory = null) => throw null!;
    }

    public static class KernelExtensions
    {
        public static Task<FunctionResult> InvokePromptAsync(this Kernel kernel, string promptTemplate, KernelArguments arguments = null, string templateFormat = null, IPromptTemplateFactory promptTemplateFactory = null, PromptTemplateConfig promptTemplateConfig = null, CancellationToken cancellationToken = default) => throw null!;
        public static KernelFunction CreateFunctionFromPrompt(this Kernel kernel, string promptTemplate, PromptExecutionSettings executionSettings = null, string functionName = null, string description = null, string templateFormat = null, IPromptTemplateFactory promptTemplateFactory = null) => throw null!;
        public static KernelFunction CreateFunctionFromPrompt(this Kernel kernel, PromptTemplateConfig promptConfig, IPromptTemplateFactory promptTemplateFactory = null) => throw null!;
        public static void ImportPluginFromType<T>(this Kernel kernel, string pluginName = null) { }
    }

    public class FunctionResult
    {
        public T GetValue<T>() => throw null!;
        public override string ToString() => throw null!;
    }

    public class KernelArguments : Dictionary<string, object>
    {
        public KernelArguments() { }
        public KernelArguments(PromptExecutionSettings executionSettings) { }
        public new object this[string key] { get => throw null!; set { } }
    }

    public class PromptExecutionSettings
    {
        public string ModelId { get; set; }
        public FunctionChoiceBehavior FunctionChoiceBehavior { get; set; }
        public IDictionary<string, object> ExtensionData { get; set; }
    }

    public abstract class FunctionChoiceBehavior
    {
        public static FunctionChoiceBehavior Auto(IEnumerable<KernelFunction> functions = null, bool autoInvoke = true, FunctionChoiceBehaviorOptions options = null) => throw null!;
        public static FunctionChoiceBehavior Required(IEnumerable<KernelFunction> functions = null, bool autoInvoke = true, FunctionChoiceBehaviorOptions options = null) => throw null!;
        public static FunctionChoiceBehavior None(IEnumerable<KernelFunction> functions = null, FunctionChoiceBehaviorOptions options = null) => throw null!;
    }

    public sealed class FunctionChoiceBehaviorOptions { }

    public class ChatMessageContent
    {
        public ChatMessageContent() { }
        public ChatMessageContent(ChatCompletion.AuthorRole role, string content, string modelId = null, object innerContent = null, System.Text.Encoding encoding = null, IReadOnlyDictionary<string, object> metadata = null) { }
        public string Content { get; set; }
        public ChatCompletion.AuthorRole Role { get; set; }
    }

    public class StreamingChatMessageContent
    {
        public string Content { get; set; }
    }

    public sealed class PromptTemplateConfig
    {
        public PromptTemplateConfig() { }
        public PromptTemplateConfig(string template) { Template = template; }
        public string Template { get; set; }
        public string TemplateFormat { get; set; }
        public bool AllowDangerouslySetContent { get; set; }
        public List<InputVariable> InputVariables { get; set; } = new List<InputVariable>();
    }

    public sealed class InputVariable
    {
        public string Name { get; set; }
        public bool AllowDangerouslySetContent { get; set; }
    }

    public interface IPromptTemplateFactory { }

    public sealed class KernelPromptTemplateFactory : IPromptTemplateFactory
    {
        public bool AllowDangerouslySetContent { get; init; }
    }

    public interface IFunctionInvocationFilter
    {
        Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next);
    }

    public interface IAutoFunctionInvocationFilter
    {
        Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next);
    }

    public class FunctionInvocationContext
    {
        public KernelFunction Function { get; }
        public FunctionResult Result { get; set; }
    }

    public class AutoFunctionInvocationContext
    {
        public KernelFunction Function { get; }
        public bool Terminate { get; set; }
    }
}

namespace Microsoft.SemanticKernel.ChatCompletion
{
    public readonly struct AuthorRole
    {
        public AuthorRole(string label) { Label = label; }
        public string Label { get; }
        public static AuthorRole System { get; }
        public static AuthorRole Developer { get; }
        public static AuthorRole User { get; }
        public static AuthorRole Assistant { get; }
        public static AuthorRole Tool { get; }
    }

    public class ChatHistory : List<ChatMessageContent>
    {
        public ChatHistory() { }
        public ChatHistory(string systemMessage) { }
        public ChatHistory(string message, AuthorRole role) { }
        public void AddSystemMessage(string content) { }
        public void AddDeveloperMessage(string content) { }
        public void AddUserMessage(string content) { }
        public void AddAssistantMessage(string content) { }
        public void AddMessage(AuthorRole authorRole, string content, System.Text.Encoding encoding = null, IReadOnlyDictionary<string, object> metadata = null) { }
    }

    public interface IChatCompletionService
    {
        Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings executionSettings = null, Kernel kernel = null, CancellationToken cancellationToken = default);
        IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings executionSettings = null, Kernel kernel = null, CancellationToken cancellationToken = default);
    }

    public static class ChatCompletionServiceExtensions
    {
        public static Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(this IChatCompletionService chatCompletionService, string prompt, PromptExecutionSettings executionSettings = null, Kernel kernel = null, CancellationToken cancellationToken = default) => throw null!;
        public static Task<ChatMessageContent> GetChatMessageContentAsync(this IChatCompletionService chatCompletionService, string prompt, PromptExecutionSettings executionSettings = null, Kernel kernel = null, CancellationToken cancellationToken = default) => throw null!;
        public static Task<ChatMessageContent> GetChatMessageContentAsync(this IChatCompletionService chatCompletionService, ChatHistory chatHistory, PromptExecutionSettings executionSettings = null, Kernel kernel = null, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace Microsoft.SemanticKernel.Connectors.OpenAI
{
    public class OpenAIPromptExecutionSettings : PromptExecutionSettings
    {
        public int? MaxTokens { get; set; }
        public double? Temperature { get; set; }
        public string ChatSystemPrompt { get; set; }
        public string ChatDeveloperPrompt { get; set; }
        public ToolCallBehavior ToolCallBehavior { get; set; }
    }

    public abstract class ToolCallBehavior
    {
        public static ToolCallBehavior AutoInvokeKernelFunctions { get; }
        public static ToolCallBehavior EnableKernelFunctions { get; }
    }
}

namespace Microsoft.SemanticKernel.Memory
{
    public sealed class MemoryRecordMetadata
    {
        public string Text { get; }
        public string Id { get; }
    }

    public sealed class MemoryQueryResult
    {
        public MemoryRecordMetadata Metadata { get; }
        public double Relevance { get; }
    }

    public interface ISemanticTextMemory
    {
        IAsyncEnumerable<MemoryQueryResult> SearchAsync(string collection, string query, int limit = 1, double minRelevanceScore = 0.7, bool withEmbeddings = false, Kernel kernel = null, CancellationToken cancellationToken = default);
    }
}
