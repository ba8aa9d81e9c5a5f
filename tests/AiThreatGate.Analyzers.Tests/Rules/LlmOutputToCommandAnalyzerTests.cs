using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToCommandAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed partial class LlmOutputToCommandAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Arguments of a fixed program.
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, string question)
            {
                var args = (await chat.GetResponseAsync("git arguments for: " + question)).Text;
                Process.Start("git", [|args|]);
            }
        }
        """,
        // The program itself.
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        class C
        {
            async Task Run(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("Which tool?");
                Process.Start([|completion.Content[0].Text|]);
            }
        }
        """,
        // ProcessStartInfo constructor and properties (lambda).
        """
        using System;
        using System.Diagnostics;
        using OpenAI.Chat;
        class C
        {
            Func<string, ProcessStartInfo> Build(ChatClient chat) => q =>
            {
                var text = chat.CompleteChat(q).Value.Content[0].Text;
                var info = new ProcessStartInfo("bash", [|"-c " + text|]);
                info.Arguments = [|text|];
                info.FileName = [|text|];
                return info;
            };
        }
        """,
        // ArgumentList still lets the model choose options.
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat)
            {
                var branch = (await chat.GetResponseAsync("branch?")).Text;
                var info = new ProcessStartInfo("git");
                info.ArgumentList.Add("checkout");
                info.ArgumentList.Add([|branch|]);
            }
        }
        """,
        // A tool the model invokes with its own argument.
        """
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        class ShellTools
        {
            [KernelFunction]
            public void Run(string command) => Process.Start("/bin/sh", [|"-c \"" + command + "\""|]);
        }
        """,
        // Streaming output joined with string.Concat (top-level statements).
        """
        using System.Diagnostics;
        using System.Linq;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        var parts = new System.Collections.Generic.List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync("cleanup command")) parts.Add(update.Text);
        Process.Start("sh", [|string.Concat(parts)|]);
        """,
        // A helper that returns model output (local function).
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat)
            {
                var script = await Ask();
                Process.Start("pwsh", [|"-Command " + script|]);
                async Task<string> Ask() => (await chat.GetResponseAsync("script")).Text;
            }
        }
        """,
        // HTML encoding does not make a command safe.
        """
        using System.Diagnostics;
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat) => Process.Start("echo", [|WebUtility.HtmlEncode((await chat.GetResponseAsync("x")).Text)|]);
        }
        """,
        // Field assigned in one part, used in another (partial class).
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        partial class Agent
        {
            private string _next = "status";
            public async Task PlanAsync(IChatClient chat) => _next = (await chat.GetResponseAsync("next git command")).Text;
        }
        partial class Agent
        {
            public void Act() => Process.Start("git", [|_next|]);
        }
        """,
        // Anthropic output through a ternary arm.
        """
        using System.Diagnostics;
        using System.Linq;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        class C
        {
            async Task Run(AnthropicClient client, MessageCreateParams request, bool verbose)
            {
                var message = await client.Messages.Create(request);
                var text = message.Content.Select(b => b.TryPickText(out var t) ? t.Text : "").First();
                Process.Start("kubectl", [|verbose ? text + " -v=6" : text|]);
            }
        }
        """,
        // A tool that hands its argument to a shell abstraction; the implementation runs it with bash -c (reported at both).
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        interface IShell { Task<string> ExecuteCommandAsync(string command); }
        class UnixShell : IShell
        {
            public async Task<string> ExecuteCommandAsync(string command)
            {
                var info = new ProcessStartInfo { FileName = "/bin/bash", Arguments = [|$"-c \"{command}\""|], RedirectStandardOutput = true };
                using var process = Process.Start(info)!;
                return await process.StandardOutput.ReadToEndAsync();
            }
        }
        class ShellPlugin
        {
            private readonly IShell _shell = new UnixShell();
            [KernelFunction("shell")]
            public Task<string> ExecuteCommandAsync(string command) => _shell.ExecuteCommandAsync([|command|]);
        }
        """,
        // Model output passed to an abstract runner; one override starts the process (reported at the call and in the override).
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        abstract class Runner { public abstract void Run(string script); }
        sealed class PowerShellRunner : Runner { public override void Run(string script) => Process.Start("pwsh", [|"-Command " + script|]); }
        sealed class DryRunner : Runner { public override void Run(string script) { } }
        class C
        {
            async Task Act(IChatClient chat, Runner runner) => runner.Run([|(await chat.GetResponseAsync("script")).Text|]);
        }
        """,
        // The command the model planned goes to a private helper that runs it with bash -c: reported at the call and at the
        // helper's sink (the two ends of the flow).
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class Agent
        {
            async Task Step(IChatClient chat)
            {
                var action = (await chat.GetResponseAsync("next action")).Text;
                var parts = action.Split(' ', 2);
                if (parts[0] == "terminal") await RunTerminal([|parts[1]|]);
            }
            private static async Task<string> RunTerminal(string input)
            {
                var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add([|input|]);
                using var process = Process.Start(psi)!;
                return await process.StandardOutput.ReadToEndAsync();
            }
        }
        """,
        // An agent loop parses the model's plan and calls the app's own tool interface; the terminal tool runs bash -c.
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public interface ITool { string Name { get; } Task<string> ExecuteAsync(string input); }
        public sealed class TerminalTool : ITool
        {
            public string Name => "terminal";
            public async Task<string> ExecuteAsync(string input)
            {
                var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add([|input|]);
                using var process = Process.Start(psi)!;
                return await process.StandardOutput.ReadToEndAsync();
            }
        }
        public sealed class EchoTool : ITool
        {
            public string Name => "echo";
            public Task<string> ExecuteAsync(string input) => Task.FromResult(input);
        }
        public sealed class AgentRunner(IChatClient chat, IReadOnlyList<ITool> tools)
        {
            public async Task StepAsync(string goal)
            {
                var action = (await chat.GetResponseAsync("Next action for: " + goal)).Text;
                var parts = action.Split(' ', 2);
                var toolInput = parts.Length > 1 ? parts[1] : string.Empty;
                var tool = FindTool(parts[0]);
                if (tool is not null) await tool.ExecuteAsync([|toolInput|]);
            }

            private ITool? FindTool(string name)
            {
                foreach (var tool in tools) if (tool.Name == name) return tool;
                return null;
            }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // The caller checks the command against an allowlist before the private helper runs it.
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class Agent
        {
            static readonly HashSet<string> Allowed = new() { "git status", "dotnet test" };
            async Task Step(IChatClient chat)
            {
                var command = (await chat.GetResponseAsync("next command")).Text;
                if (Allowed.Contains(command)) RunTerminal(command);
                RunTerminal("git log -1");
            }
            private static void RunTerminal(string input) => Process.Start("bash", new[] { "-c", input });
        }
        """,
        // The shell abstraction's only implementation lets listed commands through and nothing else.
        """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        interface IShell { void Execute(string command); }
        class AllowlistedShell : IShell
        {
            private static readonly HashSet<string> Allowed = new() { "git status", "dotnet build" };
            public void Execute(string command)
            {
                if (!Allowed.Contains(command)) throw new InvalidOperationException("not allowed");
                Process.Start("/bin/bash", "-c \"" + command + "\"");
            }
        }
        class ShellPlugin
        {
            private readonly IShell _shell = new AllowlistedShell();
            [KernelFunction]
            public void Run(string command) => _shell.Execute(command);
        }
        """,
        // The interface's implementation logs the text and runs a fixed program.
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        interface IReporter { void Report(string text); }
        class BuildReporter : IReporter { public void Report(string text) { System.Console.WriteLine(text); Process.Start("dotnet", "build"); } }
        class C
        {
            async Task Act(IChatClient chat, IReporter reporter) => reporter.Report((await chat.GetResponseAsync("summary")).Text);
        }
        """,
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat)
            {
                var answer = (await chat.GetResponseAsync("log or status?")).Text.Trim();
                var args = answer switch { "log" => "log -n 20", "status" => "status", _ => "status" };
                Process.Start("git", args);
            }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            static readonly HashSet<string> Tools = new() { "dotnet", "git" };
            async Task Run(IChatClient chat)
            {
                var tool = (await chat.GetResponseAsync("tool?")).Text.Trim();
                if (!Tools.Contains(tool)) throw new InvalidOperationException();
                Process.Start(tool, "--version");
            }
        }
        """,
        """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        class C
        {
            async Task Run(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("How many lines?");
                var lines = int.Parse(completion.Content[0].Text);
                Process.Start("tail", $"-n {lines} app.log");
            }
        }
        """,
        """
        using System.Diagnostics;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat)
            {
                var branch = (await chat.GetResponseAsync("branch?")).Text;
                if (!Regex.IsMatch(branch, "^[a-z0-9/_-]{1,40}$")) return;
                Process.Start("git", "checkout " + branch);
            }
        }
        """,
        """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class Safe { [LlmOutputValidator] public static string Branch(string text) => text; }
        class C
        {
            async Task Run(IChatClient chat) => Process.Start("git", "checkout " + Safe.Branch((await chat.GetResponseAsync("branch?")).Text));
        }
        """,
        """
        using System.Diagnostics;
        using Microsoft.Extensions.AI;
        class C
        {
            void Run(string userArgs, IChatClient unused) => Process.Start("git", userArgs);
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat) => Console.WriteLine((await chat.GetResponseAsync("hello")).Text);
        }
        """,
        """
        using System.Diagnostics;
        using Microsoft.Extensions.AI;
        class C
        {
            void Run(IChatClient unused) => Process.Start("dotnet", "--info");
        }
        """,
        """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenAI.Chat;
        enum Verb { Build, Test }
        class C
        {
            async Task Run(ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync("verb?");
                if (Enum.TryParse<Verb>(completion.Content[0].Text, out var verb)) Process.Start("dotnet", verb.ToString().ToLowerInvariant());
            }
        }
        """,
        """
        // <auto-generated/>
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        class Generated
        {
            async Task Run(IChatClient chat) => Process.Start("sh", (await chat.GetResponseAsync("x")).Text);
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_output_in_commands(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_mapped_allowlisted_converted_or_validated_output(string source) => Verify.VerifyAsync(source);
}
