using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Taint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Rules;

/// <summary>
/// AITG026: a tool exposed to the model (<c>[KernelFunction]</c>, <c>[OllamaTool]</c>, <c>[McpServerTool]</c>, a delegate
/// passed to <c>AIFunctionFactory.Create</c>) whose body, directly or through methods of the compilation, starts processes,
/// writes or deletes files, runs non-query SQL, sends HTTP POST/PUT/PATCH/DELETE requests or sends email, while the
/// application lets the model invoke tools automatically (<c>FunctionChoiceBehavior.Auto()</c>,
/// <c>ToolCallBehavior.AutoInvokeKernelFunctions</c>, <c>UseFunctionInvocation</c>, <c>FunctionInvokingChatClient</c>,
/// an Agent Framework <c>ChatClientAgent</c>, or an agent loop of its own: <see cref="ManualToolInvocation"/>)
/// and no approval step exists (<c>ApprovalRequiredAIFunction</c>; a registered <c>IAutoFunctionInvocationFilter</c>
/// or <c>IFunctionInvocationFilter</c> for Semantic Kernel tools; a custom <c>FunctionInvoker</c>). An MCP server cannot
/// know whether the connected host asks its user, so an MCP tool is always model-invoked; it is approved when it (or a
/// method it calls) asks the user through <c>ElicitAsync</c> or the server registers a call-tool filter.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnapprovedDangerousToolAnalyzer : DiagnosticAnalyzer
{
    private const int CalleeDepth = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RuleCatalog.AITG026);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var functionFactory = new TypeSet(start.Compilation, "Microsoft.Extensions.AI.AIFunctionFactory");
            if (functionFactory.IsEmpty && !TypeSet.AnyOf(start.Compilation, "Microsoft.SemanticKernel.KernelFunctionAttribute", "OllamaSharp.OllamaToolAttribute", ModelContextProtocolApis.ServerToolAttributeType))
            {
                return;
            }

            var capabilities = new CalleeSearch(start.Compilation, DescribeSideEffect);
            var elicitations = new CalleeSearch(start.Compilation, invocation => ModelContextProtocolApis.IsApprovalRequest(invocation) ? invocation.TargetMethod.Name : null);
            var setup = new Lazy<AgentSetup>(() => AgentSetup.Find(start.Compilation), LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var method = (IMethodSymbol)symbolContext.Symbol;
                    var isKernelFunction = AnalyzerSettings.HasAttributeNamed(method, "KernelFunctionAttribute");
                    var isOllamaTool = AnalyzerSettings.HasAttributeNamed(method, "OllamaToolAttribute");
                    var isMcpTool = ModelContextProtocolApis.IsServerTool(method);
                    if (!isKernelFunction && !isOllamaTool && !isMcpTool)
                    {
                        return;
                    }

                    var unguarded = isMcpTool
                        ? !setup.Value.McpCallToolFilter && elicitations.In(method, CalleeDepth) is null
                        : isKernelFunction
                        ? setup.Value.KernelAutoInvoke && !setup.Value.KernelFilter
                        : setup.Value.ChatClientAutoInvoke && !setup.Value.CustomInvoker || setup.Value.OllamaAutoInvoke;
                    if (!unguarded || capabilities.In(method, CalleeDepth) is not { } effect || method.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
                    {
                        return;
                    }

                    symbolContext.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG026, location, method.Name, Capability(effect), effect));
                },
                SymbolKind.Method);

            if (functionFactory.IsEmpty)
            {
                return;
            }

            BlockFlow.RegisterOperationAction(
                start,
                AiRelation.Members,
                (operationContext, _) =>
                {
                    var create = (IInvocationOperation)operationContext.Operation;
                    if (create.TargetMethod.Name != "Create" || !functionFactory.Contains(create.TargetMethod.ContainingType)
                        || !setup.Value.ChatClientAutoInvoke || setup.Value.CustomInvoker || IsWrappedForApproval(create))
                    {
                        return;
                    }

                    var target = create.Arguments.Select(a => ValueFlow.Unwrap(a.Value)).OfType<IDelegateCreationOperation>().FirstOrDefault()?.Target;
                    var (effect, name) = target switch
                    {
                        IAnonymousFunctionOperation lambda => (capabilities.InBody(lambda.Body, CalleeDepth), "lambda"),
                        IMethodReferenceOperation reference => (capabilities.In(reference.Method, CalleeDepth), reference.Method.Name),
                        _ => (null, string.Empty),
                    };
                    if (effect is null)
                    {
                        return;
                    }

                    if (create.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name")?.Value.ConstantValue is { HasValue: true, Value: string toolName })
                    {
                        name = toolName;
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(RuleCatalog.AITG026, create.Syntax.GetLocation(), name, Capability(effect), effect));
                },
                OperationKind.Invocation);
        });
    }

    /// <summary><c>new ApprovalRequiredAIFunction(AIFunctionFactory.Create(...))</c>, directly or through a local.</summary>
    private static bool IsWrappedForApproval(IInvocationOperation create)
    {
        for (var current = create.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IObjectCreationOperation { Type.Name: "ApprovalRequiredAIFunction" }:
                    return true;
                case IVariableDeclaratorOperation declarator:
                    var root = current;
                    while (root.Parent is not null)
                    {
                        root = root.Parent;
                    }

                    return root.Descendants().OfType<IObjectCreationOperation>().Any(wrap =>
                        wrap.Type?.Name == "ApprovalRequiredAIFunction"
                        && wrap.Arguments.Any(a => ValueFlow.Unwrap(a.Value) is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)));
                case IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    private static string Capability(string effect) => effect.Split(':')[0];

    /// <summary>"capability: API" for a call with a side effect outside the process, or null.</summary>
    private static string? DescribeSideEffect(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        var api = type.Name + "." + method.Name;
        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        var name = method.Name;
        switch (type.Name)
        {
            case "Process" when ns == "System.Diagnostics" && name == "Start":
                return "start processes: " + api;
            case "File" when ns == "System.IO" && (name.StartsWith("Write", StringComparison.Ordinal) || name.StartsWith("Append", StringComparison.Ordinal)
                || name is "Delete" or "Move" or "Copy" or "Replace" or "Create" or "CreateText" or "OpenWrite" or "SetAttributes"):
            case "Directory" when ns == "System.IO" && name is "Delete" or "Move" or "CreateDirectory":
            case "FileInfo" or "DirectoryInfo" when ns == "System.IO" && name is "Delete" or "MoveTo" or "CopyTo" or "Replace" or "Create" or "CreateText" or "OpenWrite" or "AppendText":
                return "write or delete files: " + api;
            case "SqlMapper" when ns == "Dapper" && name.StartsWith("Execute", StringComparison.Ordinal) && !name.StartsWith("ExecuteScalar", StringComparison.Ordinal) && !name.StartsWith("ExecuteReader", StringComparison.Ordinal):
            case "RelationalDatabaseFacadeExtensions" when name.StartsWith("ExecuteSql", StringComparison.Ordinal):
            case "EntityFrameworkQueryableExtensions" or "RelationalQueryableExtensions" when name.StartsWith("ExecuteDelete", StringComparison.Ordinal) || name.StartsWith("ExecuteUpdate", StringComparison.Ordinal):
                return "change data with non-query SQL: " + api;
            case "HttpClient" when ns == "System.Net.Http" && (name.StartsWith("Post", StringComparison.Ordinal) || name.StartsWith("Put", StringComparison.Ordinal)
                || name.StartsWith("Patch", StringComparison.Ordinal) || name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Send", StringComparison.Ordinal) && SendsWrite(invocation)):
            case "HttpClientJsonExtensions" when name.StartsWith("Post", StringComparison.Ordinal) || name.StartsWith("Put", StringComparison.Ordinal)
                || name.StartsWith("Patch", StringComparison.Ordinal) || name.StartsWith("Delete", StringComparison.Ordinal):
                return "send HTTP requests that change state: " + api;
            case "SmtpClient" when name.StartsWith("Send", StringComparison.Ordinal):
                return "send email: " + api;
        }

        if (name.StartsWith("ExecuteNonQuery", StringComparison.Ordinal) && (type.Name.EndsWith("Command", StringComparison.Ordinal) || type.AllInterfaces.Any(i => i.Name == "IDbCommand")))
        {
            return "change data with non-query SQL: " + api;
        }

        if (name.StartsWith("SaveChanges", StringComparison.Ordinal) && InheritsFrom(type, "DbContext"))
        {
            return "change data with non-query SQL: " + api;
        }

        return name.StartsWith("SendEmail", StringComparison.Ordinal) || name.StartsWith("SendMail", StringComparison.Ordinal) ? "send email: " + api : null;
    }

    /// <summary><c>SendAsync(new HttpRequestMessage(HttpMethod.Post, ...))</c>: a request whose method is not GET or HEAD.</summary>
    private static bool SendsWrite(IInvocationOperation send) =>
        send.Arguments.Any(argument => argument.Value.DescendantsAndSelf().OfType<IPropertyReferenceOperation>().Any(p =>
            p.Property.ContainingType?.Name == "HttpMethod" && p.Property.Name is "Post" or "Put" or "Patch" or "Delete"));

    private static bool InheritsFrom(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How the application lets the model call tools, and what approval steps it registers; found once per compilation.</summary>
    private sealed class AgentSetup
    {
        public bool KernelAutoInvoke { get; private set; }

        public bool KernelFilter { get; private set; }

        /// <summary>The chat client pipeline invokes tools: <c>UseFunctionInvocation</c>, or an Agent Framework agent over a chat client that is not used as is.</summary>
        public bool ChatClientAutoInvoke => _functionInvocation || _chatClientAgent && !_providedClientAsIs;

        public bool CustomInvoker { get; private set; }

        public bool OllamaAutoInvoke { get; private set; }

        /// <summary>An MCP server's <c>AddCallToolFilter</c>: it sees every tool call before the tool runs.</summary>
        public bool McpCallToolFilter { get; private set; }

        private readonly Compilation _compilation;
        private bool _functionInvocation;
        private bool _chatClientAgent;
        private bool _providedClientAsIs;

        private AgentSetup(Compilation compilation) => _compilation = compilation;

        public static AgentSetup Find(Compilation compilation)
        {
            var setup = new AgentSetup(compilation);
            foreach (var (tree, model) in CompilationScan.TreesMentioning(
                compilation, AiRelation.Seeds, "FunctionChoiceBehavior", "ToolCallBehavior", "FunctionInvo", "Filter", "SendA", "InvokeAsync", "AIAgent", "ChatClientAgent", "UseProvidedChatClientAsIs"))
            {
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or MemberAccessExpressionSyntax or AssignmentExpressionSyntax)
                    {
                        setup.Inspect(model.GetOperation(node));
                    }
                }
            }

            return setup;
        }

        private void Inspect(IOperation? operation)
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { Name: "Auto" or "Required", ContainingType.Name: "FunctionChoiceBehavior" } } auto:
                    KernelAutoInvoke |= !auto.Arguments.Any(a => a.Parameter?.Name == "autoInvoke" && a.Value.ConstantValue is { HasValue: true, Value: false });
                    break;
                case IPropertyReferenceOperation { Property: { Name: "AutoInvokeKernelFunctions", ContainingType.Name: "ToolCallBehavior" } }:
                    KernelAutoInvoke = true;
                    break;
                case IInvocationOperation { TargetMethod.Name: "UseFunctionInvocation" }:
                case IObjectCreationOperation { Type.Name: "FunctionInvokingChatClient" }:
                    _functionInvocation = true;
                    break;

                // A ChatClientAgent (new, or IChatClient.AsAIAgent) wraps its chat client in function invocation
                // unless ChatClientAgentOptions.UseProvidedChatClientAsIs is set.
                case IObjectCreationOperation { Type: { } type } when IsChatClientAgent(type):
                    _chatClientAgent = true;
                    break;
                case IInvocationOperation { TargetMethod.ReturnType: INamedTypeSymbol returned } when IsChatClientAgent(returned)
                    || returned.TypeArguments.Length == 1 && IsChatClientAgent(returned.TypeArguments[0]):
                    _chatClientAgent = true;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "UseProvidedChatClientAsIs" }, Value.ConstantValue: { HasValue: true, Value: true } }:
                    _providedClientAsIs = true;
                    break;

                // The application's own agent loop runs the model's tool calls with no approval that can apply.
                case IInvocationOperation { TargetMethod.Name: "InvokeAsync" } invoke when ManualToolInvocation.IsUnapprovedLoopInvocation(invoke, _compilation):
                    if (invoke.TargetMethod.ContainingType.Name == "FunctionCallContent")
                    {
                        KernelAutoInvoke = true;
                    }
                    else
                    {
                        _functionInvocation = true;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "FunctionInvoker", ContainingType.Name: "FunctionInvokingChatClient" } } }:
                    CustomInvoker = true;
                    break;
                case IInvocationOperation { TargetMethod: { Name: "SendAsync" or "SendAsAsync", ContainingType.Name: "Chat" } send }
                    when send.ContainingType.ContainingNamespace?.ToDisplayString() == "OllamaSharp":
                    OllamaAutoInvoke |= ((IInvocationOperation)operation).Arguments.Any(a => a.Parameter?.Name == "tools" && a.ArgumentKind != ArgumentKind.DefaultValue);
                    break;
                case IInvocationOperation invocation when ModelContextProtocolApis.IsCallToolFilterRegistration(invocation):
                    McpCallToolFilter = true;
                    break;
                case IInvocationOperation invocation when IsFilterRegistration(invocation):
                    KernelFilter = true;
                    break;
            }
        }

        private static bool IsChatClientAgent(ITypeSymbol type) =>
            type.Name == "ChatClientAgent" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Agents.AI";

        /// <summary><c>kernel.AutoFunctionInvocationFilters.Add(...)</c>, <c>services.AddSingleton&lt;IAutoFunctionInvocationFilter, ApprovalFilter&gt;()</c>.</summary>
        private static bool IsFilterRegistration(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "Add" && invocation.Instance is IPropertyReferenceOperation { Property.Name: "AutoFunctionInvocationFilters" or "FunctionInvocationFilters" })
            {
                return true;
            }

            return method.Name is "AddSingleton" or "AddScoped" or "AddTransient"
                && method.TypeArguments.Any(t => t.Name is "IAutoFunctionInvocationFilter" or "IFunctionInvocationFilter");
        }
    }
}
