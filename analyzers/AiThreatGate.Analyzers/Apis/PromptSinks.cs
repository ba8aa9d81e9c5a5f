using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>What a prompt sink feeds: the instructions the model obeys, template text that is executed, a user turn, or model input.</summary>
internal enum PromptRole
{
    /// <summary>System or developer instructions.</summary>
    Instructions,

    /// <summary>Prompt-template text: its syntax (variables, function calls, role tags) is interpreted.</summary>
    Template,

    /// <summary>A user (or assistant) turn, or a template argument.</summary>
    User,

    /// <summary>The input of a classic model's inference (ML.NET, ONNX Runtime).</summary>
    ModelInput,
}

/// <summary>Text or data found entering a prompt or a model.</summary>
internal readonly struct PromptUse
{
    public PromptUse(IOperation value, PromptRole role, string sink)
    {
        Value = value;
        Role = role;
        Sink = sink;
    }

    public IOperation Value { get; }

    public PromptRole Role { get; }

    public string Sink { get; }
}

/// <summary>
/// Where prompt text enters the supported SDKs (OpenAI, the Azure.AI.OpenAI 1.0 betas, Microsoft.Extensions.AI, Semantic Kernel, Anthropic,
/// OllamaSharp, LLamaSharp) and where input reaches classic models (ML.NET, ONNX Runtime), with the role it takes.
/// Members are looked up by name first, so operations on other APIs cost one hash lookup.
/// </summary>
internal sealed class PromptSinks
{
    private static readonly string[] SdkMarkers =
    {
        "OpenAI.Chat.ChatClient", "OpenAI.Responses.ResponsesClient", "Microsoft.Extensions.AI.IChatClient", "Microsoft.SemanticKernel.Kernel",
        "Anthropic.AnthropicClient", "OllamaSharp.OllamaApiClient", "LLama.Abstractions.ILLamaExecutor", "Microsoft.ML.MLContext",
        "Microsoft.ML.OnnxRuntime.InferenceSession", "Azure.AI.OpenAI.OpenAIClient",
    };

    private static readonly Dictionary<string, List<Entry>> ByMember = BuildTable();

    private PromptSinks()
    {
    }

    /// <summary>The operations a prompt sink can be: calls, constructions, property assignments, implicit conversions of text.</summary>
    public static readonly OperationKind[] OperationKinds =
    {
        OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment,
    };

    /// <summary>A sink finder for taint rules that only accepts prompt sinks of the given roles.</summary>
    public Func<IOperation, SinkUse?> FinderFor(params PromptRole[] roles) => operation =>
        Find(operation) is { } use && Array.IndexOf(roles, use.Role) >= 0 ? new SinkUse(use.Value, use.Sink) : null;

    /// <summary>Null when the compilation references none of the supported SDKs.</summary>
    public static PromptSinks? Create(Compilation compilation) =>
        new TypeSet(compilation, SdkMarkers).IsEmpty ? null : new PromptSinks();

    public PromptUse? Find(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return FromCall(invocation.TargetMethod, invocation.TargetMethod.Name, invocation.Arguments, isConstructor: false)
                    ?? KernelArgumentAdd(invocation)
                    ?? ImplicitUserMessage(invocation.Arguments);
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                return FromCall(constructor, ".ctor", creation.Arguments, isConstructor: true);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment:
                if (property.Property.IsIndexer)
                {
                    // new KernelArguments { ["input"] = text }, arguments["input"] = text. Semantic Kernel 1.4x+ declares
                    // the indexer on Microsoft.Extensions.AI.AIFunctionArguments, the base of KernelArguments: the
                    // receiver's type tells a template argument from a tool argument, not the indexer's declaring type.
                    return IsKernelArguments(property.Instance?.Type) || IsKernelArguments(property.Property.ContainingType)
                        ? new PromptUse(assignment.Value, PromptRole.User, "prompt argument (KernelArguments)")
                        : null;
                }

                return Match(property.Property.ContainingType, property.Property.Name, EntryKind.Property) is { } entry
                    ? new PromptUse(Text(assignment.Value), entry.Role ?? PromptRole.User, Describe(entry, property.Property.ContainingType.Name + "." + property.Property.Name))
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>arguments.Add("input", text)</c> on Semantic Kernel's <c>KernelArguments</c>, and collection initializers
    /// (<c>new KernelArguments { { "input", text } }</c>). <c>Add</c> is declared on its base,
    /// <c>Microsoft.Extensions.AI.AIFunctionArguments</c> (Semantic Kernel 1.4x+), or on <c>KernelArguments</c> itself
    /// in older versions: the receiver's type decides.
    /// </summary>
    private static PromptUse? KernelArgumentAdd(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod is not { Name: "Add", IsStatic: false } method
            || !(IsKernelArguments(invocation.Instance?.Type) || IsKernelArguments(method.ContainingType)))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Name: "value" } && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return new PromptUse(Text(argument.Value), PromptRole.User, "user prompt (KernelArguments.Add)");
            }
        }

        return null;
    }

    /// <summary>Semantic Kernel's <c>KernelArguments</c> or a type derived from it.</summary>
    private static bool IsKernelArguments(ITypeSymbol? type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Name == "KernelArguments" && SymbolNames.IsInNamespace(current, "Microsoft.SemanticKernel"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Text passed where an OpenAI chat or assistant message is expected and converted implicitly into a user message:
    /// <c>chat.CompleteChat(question)</c>, <c>messages.Add(question)</c>. Found from the receiving call (the first
    /// non-constant one), because conversions are too frequent an operation to visit one by one.
    /// </summary>
    private static PromptUse? ImplicitUserMessage(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            var values = argument.Value is IArrayCreationOperation { Initializer: { } initializer } ? initializer.ElementValues : System.Collections.Immutable.ImmutableArray.Create(argument.Value);
            foreach (var value in values)
            {
                if (value is IConversionOperation { OperatorMethod: { Name: "op_Implicit" } conversion } implicitText
                    && implicitText.Operand.Type?.SpecialType == SpecialType.System_String && !implicitText.Operand.ConstantValue.HasValue
                    && IsImplicitUserMessage(conversion.ContainingType))
                {
                    return new PromptUse(implicitText.Operand, PromptRole.User, "user prompt (string converted to " + conversion.ContainingType.Name + ")");
                }
            }
        }

        return null;
    }

    private static PromptUse? FromCall(IMethodSymbol method, string member, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, bool isConstructor)
    {
        if (Match(method.ContainingType, member, isConstructor ? EntryKind.Constructor : EntryKind.Method) is not { } entry)
        {
            return null;
        }

        var role = entry.Role;
        IOperation? roleArgument = null;
        IOperation? text = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Type.Name is "ChatRole" or "AuthorRole" || parameter.Name == "role")
            {
                roleArgument = argument.Value;
            }
            else if (Array.IndexOf(entry.Parameters, parameter.Name) >= 0 && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                text ??= argument.Value;
            }
        }

        if (text is null)
        {
            return null;
        }

        role ??= roleArgument is null ? entry.DefaultRole : RoleOf(roleArgument);
        var name = isConstructor ? "new " + method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;
        return new PromptUse(Text(text), role.Value, Describe(new Entry(entry.Type, entry.Kind, role, entry.Parameters), name));
    }

    private static Entry? Match(INamedTypeSymbol? type, string member, EntryKind kind)
    {
        if (type is null || !ByMember.TryGetValue(member, out var entries))
        {
            return null;
        }

        // The simple name first: ".ctor", "Add" and "Content" are asked about for every type of the application.
        string? name = null;
        foreach (var entry in entries)
        {
            if (entry.Kind == kind && string.Equals(entry.SimpleTypeName, type.Name, StringComparison.Ordinal))
            {
                name ??= type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
                if (string.Equals(entry.Type, name, StringComparison.Ordinal))
                {
                    return entry;
                }
            }
        }

        // Members declared on a base type of a known type (a derived executor, a settings subclass).
        if (type.BaseType is { } baseType && baseType.SpecialType != SpecialType.System_Object && Match(baseType, member, kind) is { } inherited)
        {
            return inherited;
        }

        // A method of a known interface called on an implementing class: ML.NET's TransformerChain<T>.Transform
        // implements ITransformer.Transform, and the call binds to the class's method, not to the interface's.
        if (kind == EntryKind.Method && type.TypeKind != TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (MatchExactly(implemented, member, kind, entries) is { } viaInterface)
                {
                    return viaInterface;
                }
            }
        }

        return null;
    }

    private static Entry? MatchExactly(INamedTypeSymbol type, string member, EntryKind kind, List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Kind == kind && string.Equals(entry.SimpleTypeName, type.Name, StringComparison.Ordinal)
                && string.Equals(entry.Type, type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)), StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// The role a <c>ChatRole.System</c> / <c>AuthorRole.Developer</c> / <c>ChatRole.User</c> argument selects. A role made
    /// from data at run time (<c>new ChatRole(dto.Role)</c>, <c>Enum.Parse&lt;AuthorRole&gt;(m.Role)</c>, a cast from a number)
    /// can be the system role, so the text counts as instructions: whoever supplies both can write a system message.
    /// Other roles (a parameter typed as a role, a user or assistant constant) count as user turns.
    /// </summary>
    private static PromptRole RoleOf(IOperation role)
    {
        var value = ValueFlow.Unwrap(role);
        var symbol = ValueFlow.ReferencedSymbol(value);
        if (symbol is { IsStatic: true, Name: "System" or "Developer" })
        {
            return PromptRole.Instructions;
        }

        var madeFromData = IsMadeFromData(value)
            || symbol is ILocalSymbol local && ValueFlow.ValuesOf(value, local).Any(assigned => IsMadeFromData(ValueFlow.Unwrap(assigned)));
        return madeFromData ? PromptRole.Instructions : PromptRole.User;
    }

    private static bool IsMadeFromData(IOperation role) => role switch
    {
        IObjectCreationOperation { Type.Name: "ChatRole" or "AuthorRole" } creation => creation.Arguments.Any(a => !a.Value.ConstantValue.HasValue),
        IInvocationOperation { TargetMethod: { Name: "Parse", ContainingType.SpecialType: SpecialType.System_Enum } } => true,
        IConversionOperation { Operand.Type: { TypeKind: not TypeKind.Enum } operand, Type.TypeKind: TypeKind.Enum } conversion => !conversion.Operand.ConstantValue.HasValue && operand.SpecialType != SpecialType.None,
        _ => false,
    };

    /// <summary>Text passed through an implicit conversion to an SDK type (<c>System = "..."</c>) is the text itself.</summary>
    private static IOperation Text(IOperation value) =>
        value is IConversionOperation { Operand.Type.SpecialType: SpecialType.System_String } conversion ? conversion.Operand : value;

    private static bool IsImplicitUserMessage(INamedTypeSymbol type) =>
        type.Name is "ChatMessage" && SymbolNames.IsInNamespace(type, "OpenAI.Chat")
        || type.Name is "MessageContent" && SymbolNames.IsInNamespace(type, "OpenAI.Assistants");

    private static string Describe(Entry entry, string api) => entry.Role switch
    {
        PromptRole.Instructions => "system instructions (" + api + ")",
        PromptRole.Template => "prompt template (" + api + ")",
        PromptRole.ModelInput => "model input (" + api + ")",
        _ => "user prompt (" + api + ")",
    };

    private enum EntryKind
    {
        Method,
        Constructor,
        Property,
    }

    private sealed class Entry
    {
        public Entry(string type, EntryKind kind, PromptRole? role, string[] parameters)
        {
            Type = type;
            SimpleTypeName = type.Substring(type.LastIndexOf('.') + 1);
            Kind = kind;
            Role = role;
            Parameters = parameters;
        }

        public string Type { get; }

        public string SimpleTypeName { get; }

        public EntryKind Kind { get; }

        /// <summary>Null: chosen by a role argument.</summary>
        public PromptRole? Role { get; }

        public PromptRole DefaultRole => PromptRole.User;

        public string[] Parameters { get; }
    }

    private static Dictionary<string, List<Entry>> BuildTable()
    {
        var table = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        void Add(string type, string member, EntryKind kind, PromptRole? role, params string[] parameters)
        {
            if (!table.TryGetValue(member, out var list))
            {
                list = new List<Entry>();
                table.Add(member, list);
            }

            list.Add(new Entry(type, kind, role, parameters));
        }

        void Ctor(string type, PromptRole? role, params string[] parameters) => Add(type, ".ctor", EntryKind.Constructor, role, parameters);
        void Method(string type, string name, PromptRole? role, params string[] parameters) => Add(type, name, EntryKind.Method, role, parameters);
        void Property(string type, string name, PromptRole role) => Add(type, name, EntryKind.Property, role);

        const PromptRole Instructions = PromptRole.Instructions;
        const PromptRole Template = PromptRole.Template;
        const PromptRole User = PromptRole.User;

        // OpenAI chat, responses and assistants.
        Ctor("OpenAI.Chat.SystemChatMessage", Instructions, "content");
        Ctor("OpenAI.Chat.DeveloperChatMessage", Instructions, "content");
        Ctor("OpenAI.Chat.UserChatMessage", User, "content");
        Method("OpenAI.Chat.ChatMessage", "CreateSystemMessage", Instructions, "content");
        Method("OpenAI.Chat.ChatMessage", "CreateDeveloperMessage", Instructions, "content");
        Method("OpenAI.Chat.ChatMessage", "CreateUserMessage", User, "content");
        Method("OpenAI.Chat.ChatMessageContentPart", "CreateTextPart", User, "text");
        Property("OpenAI.Responses.CreateResponseOptions", "Instructions", Instructions);
        Property("OpenAI.Responses.ResponseCreationOptions", "Instructions", Instructions);
        Method("OpenAI.Responses.ResponseItem", "CreateSystemMessageItem", Instructions, "inputTextContent", "content", "text");
        Method("OpenAI.Responses.ResponseItem", "CreateDeveloperMessageItem", Instructions, "inputTextContent", "content", "text");
        Method("OpenAI.Responses.ResponseItem", "CreateUserMessageItem", User, "inputTextContent", "content", "text");
        foreach (var name in new[] { "CreateResponse", "CreateResponseAsync", "CreateResponseStreaming", "CreateResponseStreamingAsync" })
        {
            Method("OpenAI.Responses.ResponsesClient", name, User, "userInputText");
            Method("OpenAI.Responses.OpenAIResponseClient", name, User, "userInputText");
        }

        Property("OpenAI.Assistants.RunCreationOptions", "AdditionalInstructions", Instructions);
        Property("OpenAI.Assistants.RunCreationOptions", "InstructionsOverride", Instructions);
        Property("OpenAI.Assistants.AssistantCreationOptions", "Instructions", Instructions);
        Property("OpenAI.Assistants.AssistantModificationOptions", "Instructions", Instructions);
        Method("OpenAI.Assistants.MessageContent", "FromText", User, "text");

        // Azure.AI.OpenAI 1.0 betas (beta.6, the newest the tests can restore): new ChatMessage(ChatRole.System, text); the
        // role argument decides. The later betas' ChatRequestSystemMessage types are not known yet.
        Ctor("Azure.AI.OpenAI.ChatMessage", null, "content");

        // Microsoft.Extensions.AI.
        Ctor("Microsoft.Extensions.AI.ChatMessage", null, "content");
        Property("Microsoft.Extensions.AI.ChatOptions", "Instructions", Instructions);
        foreach (var name in new[] { "GetResponseAsync", "GetStreamingResponseAsync" })
        {
            Method("Microsoft.Extensions.AI.ChatClientExtensions", name, User, "chatMessage");
            Method("Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions", name, User, "chatMessage");
        }

        Ctor("Microsoft.Extensions.AI.TextContent", User, "text");

        // Semantic Kernel.
        Ctor("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", Instructions, "systemMessage");
        Ctor("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", null, "message");
        Method("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", "AddSystemMessage", Instructions, "content");
        Method("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", "AddDeveloperMessage", Instructions, "content");
        Method("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", "AddUserMessage", User, "content", "contentItems");
        Method("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", "AddMessage", null, "content");
        Ctor("Microsoft.SemanticKernel.ChatMessageContent", null, "content", "items");
        Property("Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings", "ChatSystemPrompt", Instructions);
        Property("Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings", "ChatDeveloperPrompt", Instructions);
        foreach (var name in new[] { "InvokePromptAsync", "InvokePromptStreamingAsync", "CreateFunctionFromPrompt" })
        {
            Method("Microsoft.SemanticKernel.KernelExtensions", name, Template, "promptTemplate");
        }

        Method("Microsoft.SemanticKernel.KernelFunctionFactory", "CreateFromPrompt", Template, "promptTemplate");
        Property("Microsoft.SemanticKernel.PromptTemplateConfig", "Template", Template);
        Ctor("Microsoft.SemanticKernel.PromptTemplateConfig", Template, "template");
        foreach (var name in new[] { "GetChatMessageContentAsync", "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync" })
        {
            Method("Microsoft.SemanticKernel.ChatCompletion.ChatCompletionServiceExtensions", name, User, "prompt");
        }

        // KernelArguments.Add: found from the receiver (KernelArgumentAdd), since it is declared on a base type.

        // Anthropic.
        Property("Anthropic.Models.Messages.MessageCreateParams", "System", Instructions);
        Ctor("Anthropic.Models.Messages.UserMessageParam", User, "content");
        Property("Anthropic.Models.Messages.UserMessageParam", "Content", User);
        Ctor("Anthropic.Models.Messages.SystemMessageParam", Instructions, "content");
        Property("Anthropic.Models.Messages.SystemMessageParam", "Content", Instructions);

        // OllamaSharp.
        Property("OllamaSharp.Models.GenerateRequest", "System", Instructions);
        Property("OllamaSharp.Models.GenerateRequest", "Template", Template);
        Property("OllamaSharp.Models.GenerateRequest", "Prompt", User);
        Ctor("OllamaSharp.Chat", Instructions, "systemPrompt");
        Ctor("OllamaSharp.Models.Chat.Message", null, "content");
        Method("OllamaSharp.Chat", "SendAsync", User, "message");
        Method("OllamaSharp.Chat", "SendAsAsync", null, "message");
        Method("OllamaSharp.OllamaApiClientExtensions", "GenerateAsync", User, "prompt");

        // LLamaSharp.
        Method("LLama.Abstractions.ILLamaExecutor", "InferAsync", User, "text", "prompt");
        Method("LLama.StatelessExecutor", "InferAsync", User, "text", "prompt");
        Method("LLama.StatefulExecutorBase", "InferAsync", User, "text", "prompt");
        Method("LLama.Common.ChatHistory", "AddMessage", null, "content");
        Ctor("LLama.Common.ChatHistory.Message", null, "content");
        Method("LLama.ChatSession", "AddSystemMessage", Instructions, "content");
        Method("LLama.ChatSession", "AddUserMessage", User, "content");

        // Classic models.
        Method("Microsoft.ML.PredictionEngine", "Predict", PromptRole.ModelInput, "example");
        Method("Microsoft.ML.PredictionEngineBase", "Predict", PromptRole.ModelInput, "example");
        Method("Microsoft.ML.ITransformer", "Transform", PromptRole.ModelInput, "input");
        Method("Microsoft.ML.OnnxRuntime.InferenceSession", "Run", PromptRole.ModelInput, "inputs");
        return table;
    }
}
