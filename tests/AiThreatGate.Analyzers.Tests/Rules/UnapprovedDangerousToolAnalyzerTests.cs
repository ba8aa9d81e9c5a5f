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
    };

    public static TheoryData<string> NotFlagged => new()
    {
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
