using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.UnapprovedDangerousToolAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG026 against the real Microsoft.Extensions.AI abstractions, Dapper and Sqlite (Semantic Kernel, the Microsoft.Extensions.AI pipeline and OllamaSharp stubbed).</summary>
public sealed partial class UnapprovedDangerousToolAnalyzerTests
{
    private const string KernelAutoInvoke = """

        static class Setup
        {
            public static Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings Settings() =>
                new() { FunctionChoiceBehavior = Microsoft.SemanticKernel.FunctionChoiceBehavior.Auto() };
        }
        """;

    private const string ChatClientAutoInvoke = """

        static class Setup
        {
            public static Microsoft.Extensions.AI.IChatClient Build(Microsoft.Extensions.AI.IChatClient inner) =>
                new Microsoft.Extensions.AI.ChatClientBuilder(inner).UseFunctionInvocation().Build();
        }
        """;

    public static TheoryData<string> Flagged => new()
    {
        // A kernel function that starts a process.
        """
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        public sealed class ShellPlugin
        {
            [KernelFunction]
            public string [|Run|](string command) => Process.Start("bash", "-c " + command)!.StandardOutput.ReadToEnd();
        }
        """ + KernelAutoInvoke,
        // A kernel function that deletes files.
        """
        using System.IO;
        using Microsoft.SemanticKernel;
        public sealed class FilesPlugin
        {
            [KernelFunction("delete_file")]
            public void [|Delete|](string name) => File.Delete(Path.Combine("/data", Path.GetFileName(name)));
        }
        """ + KernelAutoInvoke,
        // A kernel function that runs non-query SQL through a repository (callee).
        """
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        sealed class Orders
        {
            private readonly SqliteConnection _db;
            public Orders(SqliteConnection db) => _db = db;
            public int Cancel(int id) => _db.Execute("UPDATE Orders SET Status = 'cancelled' WHERE Id = @id", new { id });
        }
        public sealed class OrdersPlugin
        {
            private readonly Orders _orders;
            internal OrdersPlugin(Orders orders) => _orders = orders;
            [KernelFunction]
            public int [|CancelOrder|](int id) => _orders.Cancel(id);
        }
        """ + KernelAutoInvoke,
        // A kernel function that posts to an API, with the legacy auto-invoke setting.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        public sealed class TicketsPlugin
        {
            private readonly HttpClient _http = new();
            [KernelFunction]
            public Task<HttpResponseMessage> [|Open|](string title) => _http.PostAsync("https://tickets.example/api", new StringContent(title));
        }
        static class Setup { public static OpenAIPromptExecutionSettings Settings() => new() { ToolCallBehavior = ToolCallBehavior.AutoInvokeKernelFunctions }; }
        """,
        // A kernel function that sends email.
        """
        using System.Net.Mail;
        using Microsoft.SemanticKernel;
        public sealed class MailPlugin
        {
            [KernelFunction]
            public void [|Send|](string to, string body) => new SmtpClient("smtp.example").Send("bot@example", to, "From the assistant", body);
        }
        """ + KernelAutoInvoke,
        // An AIFunctionFactory lambda that writes a file, with UseFunctionInvocation.
        """
        using System.IO;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            public static AIFunction Save() => [|AIFunctionFactory.Create((string name, string text) => File.WriteAllText(name, text), "save_note")|];
        }
        """ + ChatClientAutoInvoke,
        // An AIFunctionFactory method group that deletes over HTTP, with FunctionInvokingChatClient.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            static readonly HttpClient Http = new();
            static Task<HttpResponseMessage> RemoveUser(string id) => Http.DeleteAsync("https://users.example/" + id);
            public static AIFunction Remove() => [|AIFunctionFactory.Create(RemoveUser)|];
            public static IChatClient Wrap(IChatClient inner) => new FunctionInvokingChatClient(inner);
        }
        """,
        // A kernel function that deletes rows with ExecuteNonQuery.
        """
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        public sealed class NotesPlugin
        {
            [KernelFunction]
            public void [|Purge|](SqliteConnection db)
            {
                using var command = db.CreateCommand();
                command.CommandText = "DELETE FROM Notes";
                command.ExecuteNonQuery();
            }
        }
        """ + KernelAutoInvoke,
        // SendAsync with a POST request message.
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        public sealed class WebhookPlugin
        {
            private readonly HttpClient _http = new();
            [KernelFunction]
            public Task<HttpResponseMessage> [|Notify|](string text) => _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://hooks.example") { Content = new StringContent(text) });
        }
        """ + KernelAutoInvoke,
        // Required() invokes the function automatically too.
        """
        using System.IO;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void [|Wipe|](string folder) => Directory.Delete(folder, recursive: true);
        }
        static class Setup { public static OpenAIPromptExecutionSettings Settings() => new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Required() }; }
        """,
        // An approval filter exists but is never registered.
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        public sealed class Approval : IAutoFunctionInvocationFilter
        {
            public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) => next(context);
        }
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void [|Move|](string from, string to) => File.Move(from, to);
        }
        """ + KernelAutoInvoke,
        // An OllamaSharp tool called by a chat that is given tools.
        """
        using System.IO;
        using OllamaSharp;
        public static class Tools
        {
            [OllamaTool]
            public static void [|WriteNote|](string text) => File.AppendAllText("notes.txt", text);
            public static void Chat(IOllamaApiClient client) => new Chat(client).SendAsync("Take a note", new object[] { "WriteNoteTool" });
        }
        """,
        // The application's own agent loop invokes the model's calls; the permission check is disabled (returns false).
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class ShellPlugin
        {
            public bool RequiresPermission(FunctionCallContent content)
            {
                // TODO: return content.FunctionName == "shell";
                return false;
            }

            [KernelFunction("shell")]
            public string [|Run|](string command) => Process.Start("bash", "-c " + command)!.StandardOutput.ReadToEnd();
        }
        public sealed class CodingAgent(Kernel kernel, ShellPlugin shell)
        {
            private readonly ChatHistory _history = new();
            private readonly List<FunctionCallContent> _pending = new();
            public async Task ProcessAsync(ChatMessageContent response)
            {
                foreach (var call in FunctionCallContent.GetFunctionCalls(response))
                {
                    if (RequiresPermission(call))
                    {
                        _pending.Add(call);
                    }
                    else
                    {
                        var result = await call.InvokeAsync(kernel);
                        _history.Add(result.ToChatMessage());
                    }
                }
            }
            private bool RequiresPermission(FunctionCallContent call)
            {
                if (shell.RequiresPermission(call)) return true;
                return false;
            }
        }
        static class Setup { public static Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings Settings() => new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) }; }
        """,
        // A hand-written loop over the calls with no check at all (the Semantic Kernel manual-invocation sample shape).
        """
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void [|Write|](string path, string text) => File.WriteAllText(path, text);
        }
        static class Loop
        {
            public static async Task RunAsync(Kernel kernel, IChatCompletionService chat, ChatHistory history)
            {
                if (!kernel.Plugins.Any()) return;
                while (true)
                {
                    var reply = await chat.GetChatMessageContentAsync(history, kernel: kernel);
                    history.Add(reply);
                    var calls = FunctionCallContent.GetFunctionCalls(reply).ToArray();
                    if (!calls.Any()) break;
                    foreach (var call in calls) history.Add((await call.InvokeAsync(kernel)).ToChatMessage());
                }
            }
        }
        """,
        // Microsoft.Extensions.AI: the loop looks up each requested function and invokes it.
        """
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Agent
        {
            static void DeleteReport(string name) => File.Delete(name);
            public static async Task RunAsync(IChatClient chat, List<ChatMessage> messages)
            {
                var tools = new List<AIFunction> { [|AIFunctionFactory.Create(DeleteReport)|] };
                var response = await chat.GetResponseAsync(messages, new ChatOptions { Tools = tools.Cast<AITool>().ToList() });
                foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
                {
                    var function = tools.First(t => t.Name == call.Name);
                    var result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments));
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result)]));
                }
            }
        }
        """,
        // An Agent Framework agent over a chat client invokes its tools (a local function that writes a file).
        """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Agents.AI;
        using Microsoft.Extensions.AI;
        static class Studio
        {
            public static async Task<string> RunAsync(IChatClient chatClient, byte[] image)
            {
                Task<string> SaveImage(string name)
                {
                    File.WriteAllBytes(name + ".png", image);
                    return Task.FromResult(name);
                }

                AIAgent agent = chatClient.AsAIAgent(
                    instructions: "Save the image the user asks for.",
                    tools: [[|AIFunctionFactory.Create(SaveImage)|]]);
                var response = await agent.RunAsync("save it");
                return response.Text;
            }
        }
        """,
        // A ChatClientAgent constructed directly.
        """
        using System.Diagnostics;
        using Microsoft.Agents.AI;
        using Microsoft.Extensions.AI;
        static class Ops
        {
            static void Restart(string service) => Process.Start("systemctl", "restart " + service);
            public static AIAgent Create(IChatClient chatClient) =>
                new ChatClientAgent(chatClient, instructions: "Operate the servers.", tools: new AITool[] { [|AIFunctionFactory.Create(Restart)|] });
        }
        """,
        // Every call the model asked for is invoked at once (Select + Task.WhenAll).
        """
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        public sealed class OutboxPlugin
        {
            [KernelFunction]
            public void [|Queue|](string to, string body) => File.AppendAllText("outbox.txt", to + ": " + body);
        }
        static class Loop
        {
            public static Task RunAsync(Kernel kernel, ChatMessageContent reply) =>
                Task.WhenAll(FunctionCallContent.GetFunctionCalls(reply).Select(call => call.InvokeAsync(kernel)));
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // A call runs from the handler of the user's approval (an event handler lambda, not a loop over the calls).
        """
        using System;
        using System.IO;
        using Microsoft.SemanticKernel;
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void Write(string path, string text) => File.WriteAllText(path, text);
        }
        sealed class ApprovalPrompt { public event EventHandler? Approved; }
        static class Wiring
        {
            public static void Connect(ApprovalPrompt prompt, FunctionCallContent pending, Kernel kernel) =>
                prompt.Approved += async (_, _) => await pending.InvokeAsync(kernel);
        }
        """,
        // The agent loop asks for permission for the shell tool: the check can hold.
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class ShellPlugin
        {
            public bool RequiresPermission(FunctionCallContent content) => content.FunctionName == "shell";

            [KernelFunction("shell")]
            public string Run(string command) => Process.Start("bash", "-c " + command)!.StandardOutput.ReadToEnd();
        }
        public sealed class CodingAgent(Kernel kernel, ShellPlugin shell)
        {
            private readonly ChatHistory _history = new();
            private readonly List<FunctionCallContent> _pending = new();
            public async Task ProcessAsync(ChatMessageContent response)
            {
                foreach (var call in FunctionCallContent.GetFunctionCalls(response))
                {
                    if (shell.RequiresPermission(call))
                    {
                        _pending.Add(call);
                    }
                    else
                    {
                        _history.Add((await call.InvokeAsync(kernel)).ToChatMessage());
                    }
                }
            }
            // Runs one call after the user approved it.
            public async Task ApproveAsync(ChatMessageContent response, string id)
            {
                foreach (var pending in _pending) { }
                var call = System.Linq.Enumerable.Single(FunctionCallContent.GetFunctionCalls(response), c => c.Id == id);
                _history.Add((await call.InvokeAsync(kernel)).ToChatMessage());
            }
        }
        """,
        // The loop asks the user before each call runs.
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void Write(string path, string text) => File.WriteAllText(path, text);
        }
        static class Loop
        {
            static Task<bool> ConfirmAsync(FunctionCallContent call) { Console.Write($"Run {call.FunctionName}? "); return Task.FromResult(Console.ReadLine() == "y"); }
            public static async Task RunAsync(Kernel kernel, ChatMessageContent reply, ChatHistory history)
            {
                foreach (var call in FunctionCallContent.GetFunctionCalls(reply))
                {
                    if (!await ConfirmAsync(call)) continue;
                    history.Add((await call.InvokeAsync(kernel)).ToChatMessage());
                }
            }
        }
        """,
        // Microsoft.Extensions.AI loop that only runs allowlisted functions.
        """
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Agent
        {
            static readonly HashSet<string> ReadOnly = new() { "ListReports" };
            static void DeleteReport(string name) => File.Delete(name);
            public static async Task RunAsync(IChatClient chat, List<ChatMessage> messages)
            {
                var tools = new List<AIFunction> { AIFunctionFactory.Create(DeleteReport) };
                var response = await chat.GetResponseAsync(messages);
                foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
                {
                    if (!ReadOnly.Contains(call.Name)) continue;
                    var function = tools.First(t => t.Name == call.Name);
                    await function.InvokeAsync(new AIFunctionArguments(call.Arguments));
                }
            }
        }
        """,
        // An Agent Framework agent whose dangerous tool is wrapped for approval.
        """
        using System.IO;
        using Microsoft.Agents.AI;
        using Microsoft.Extensions.AI;
        static class Studio
        {
            static void Save(string name, string text) => File.WriteAllText(name, text);
            public static AIAgent Create(IChatClient chatClient) =>
                chatClient.AsAIAgent(instructions: "Save notes.", tools: [new ApprovalRequiredAIFunction(AIFunctionFactory.Create(Save))]);
        }
        """,
        // An agent told to use its chat client as is (no function invocation in that pipeline).
        """
        using System.IO;
        using Microsoft.Agents.AI;
        using Microsoft.Extensions.AI;
        static class Studio
        {
            static void Save(string name, string text) => File.WriteAllText(name, text);
            public static AIAgent Create(IChatClient chatClient) =>
                new ChatClientAgent(chatClient, new ChatClientAgentOptions
                {
                    UseProvidedChatClientAsIs = true,
                    ChatOptions = new ChatOptions { Tools = [AIFunctionFactory.Create(Save)] },
                });
        }
        """,
        // An Agent Framework agent whose only tool reads.
        """
        using System.IO;
        using Microsoft.Agents.AI;
        using Microsoft.Extensions.AI;
        static class Studio
        {
            static string Read(string name) => File.ReadAllText(name);
            public static AIAgent Create(IChatClient chatClient) => chatClient.AsAIAgent(instructions: "Read notes.", tools: [AIFunctionFactory.Create(Read)]);
        }
        """,
        // A read-only kernel function.
        """
        using System.IO;
        using Microsoft.SemanticKernel;
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public string Read(string name) => File.ReadAllText(Path.Combine("/data", Path.GetFileName(name)));
        }
        """ + KernelAutoInvoke,
        // An approval filter registered on the kernel.
        """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        public sealed class Approval : IAutoFunctionInvocationFilter
        {
            public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) => next(context);
        }
        public sealed class ShellPlugin
        {
            [KernelFunction]
            public void Run(string command) => Process.Start("bash", command);
        }
        static class Wiring { public static void Register(Kernel kernel) => kernel.AutoFunctionInvocationFilters.Add(new Approval()); }
        """ + KernelAutoInvoke,
        // A filter registered in dependency injection.
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.SemanticKernel;
        public sealed class Approval : IFunctionInvocationFilter
        {
            public Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next) => next(context);
        }
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void Delete(string path) => File.Delete(path);
        }
        static class Wiring { public static void Register(IServiceCollection services) => services.AddSingleton<IFunctionInvocationFilter, Approval>(); }
        """ + KernelAutoInvoke,
        // Auto-invocation off: the model only proposes calls.
        """
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        public sealed class ShellPlugin
        {
            [KernelFunction]
            public void Run(string command) => Process.Start("bash", command);
        }
        static class Setup { public static OpenAIPromptExecutionSettings Settings() => new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) }; }
        """,
        // No auto-invocation configured anywhere.
        """
        using System.IO;
        using Microsoft.SemanticKernel;
        public sealed class FilesPlugin
        {
            [KernelFunction]
            public void Delete(string path) => File.Delete(path);
        }
        """,
        // An AIFunctionFactory tool wrapped for approval.
        """
        using System.IO;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            public static AIFunction Save() => new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string name, string text) => File.WriteAllText(name, text)));
        }
        """ + ChatClientAutoInvoke,
        // Wrapped for approval through a local.
        """
        using System.Diagnostics;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            public static AIFunction Run()
            {
                var tool = AIFunctionFactory.Create((string command) => Process.Start("bash", command));
                return new ApprovalRequiredAIFunction(tool);
            }
        }
        """ + ChatClientAutoInvoke,
        // A read-only AIFunctionFactory tool (GET request).
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            static readonly HttpClient Http = new();
            public static AIFunction Weather() => AIFunctionFactory.Create((string city) => Http.GetStringAsync("https://weather.example/" + city));
        }
        """ + ChatClientAutoInvoke,
        // A kernel function that only queries SQL.
        """
        using System.Collections.Generic;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.SemanticKernel;
        public sealed class OrdersPlugin
        {
            [KernelFunction]
            public IEnumerable<string> Recent(SqliteConnection db) => db.Query<string>("SELECT Id FROM Orders ORDER BY Created DESC LIMIT 10");
        }
        """ + KernelAutoInvoke,
        // A dangerous method that is not a tool.
        """
        using System.Diagnostics;
        public sealed class Deployer
        {
            public void Deploy(string target) => Process.Start("deploy", target);
        }
        """ + KernelAutoInvoke,
        // A custom function invoker on the chat client (an approval hook).
        """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        static class Tools
        {
            public static AIFunction Save() => AIFunctionFactory.Create((string name, string text) => File.WriteAllText(name, text));
            public static IChatClient Build(IChatClient inner) => new ChatClientBuilder(inner).UseFunctionInvocation(configure: c => c.FunctionInvoker = (context, token) => new ValueTask<object?>("denied")).Build();
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_auto_invoked_tools_with_side_effects(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_read_only_approved_or_manually_invoked_tools(string source) => Verify.VerifyAsync(source);
}
