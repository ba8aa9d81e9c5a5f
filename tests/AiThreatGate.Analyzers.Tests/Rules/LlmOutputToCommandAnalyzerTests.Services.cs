using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToCommandAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG011 through an app's own service: lambdas that capture the model's value, lookups that are no guard clause.</summary>
public sealed partial class LlmOutputToCommandAnalyzerTests
{
    // An MCP tool hands the app name to a desktop service (an interface); the implementation queues launch attempts as
    // lambdas: a mapped executable when the name is known, then `cmd.exe /c start "<name>"` whatever the name is.
    private const string LaunchService = """
        using System; using System.Collections.Generic; using System.Diagnostics; using System.Threading; using System.Threading.Tasks;
        using ModelContextProtocol.Server;
        public interface IDesktopService { Task<(string Response, int Status)> LaunchAppAsync(string name); }
        public sealed class DesktopService : IDesktopService
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase) { "notepad", "calc" };
            public async Task<(string Response, int Status)> LaunchAppAsync(string name)
            {
                var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { { "calc", new[] { "calc.exe", "calculator" } } };
                var attempts = new List<Func<CancellationToken, Task<(string Response, int Status)>>>();
                GUARD
                foreach (var attempt in attempts) { var result = await attempt(CancellationToken.None); if (result.Status == 0) return result; }
                return ("failed", 1);
            }
            private static async Task<(string Response, int Status)> TryLaunchWithStart(string name, CancellationToken ct)
            {
                var info = new ProcessStartInfo { FileName = "cmd.exe", Arguments = $"/c start \"\" \"{name}\" 2>nul", UseShellExecute = false };
                using var process = Process.Start(info);
                await Task.Delay(1000, ct);
                return ("launched", 0);
            }
        }
        [McpServerToolType]
        public sealed class LaunchTool
        {
            private readonly IDesktopService _desktop;
            public LaunchTool(IDesktopService desktop) => _desktop = desktop;
            [McpServerTool]
            public async Task<string> LaunchAppAsync(string name) { var (response, _) = await _desktop.LaunchAppAsync(NAME); return response; }
        }
        """;

    [Fact]
    public Task A_lookup_branch_that_queues_lambdas_is_no_guard_clause() => Verify.VerifyAsync(LaunchService
        .Replace("GUARD", """
            if (map.TryGetValue(name, out var mappings)) { var exe = mappings[0]; attempts.Add(ct => TryLaunchWithStart(exe, ct)); }
                    attempts.Add(ct => TryLaunchWithStart(name, ct));
                    if (map.TryGetValue(name, out mappings)) { foreach (var alt in mappings) attempts.Add(ct => TryLaunchWithStart(alt, ct)); }
            """)
        .Replace("NAME", "[|name|]"));

    [Fact]
    public Task A_return_inside_a_lambda_does_not_end_the_enclosing_branch() => Verify.VerifyAsync("""
        using System; using System.Collections.Generic; using System.Diagnostics; using Microsoft.SemanticKernel;
        public sealed class Launcher
        {
            private static readonly HashSet<string> Known = new() { "notepad" };
            [KernelFunction]
            public void Launch(string app)
            {
                var notes = new List<Func<string>>();
                if (Known.Contains(app)) { notes.Add(() => { return "known " + app; }); }
                Process.Start("cmd.exe", [|$"/c start {app}"|]);
            }
        }
        """);

    [Fact]
    public Task A_break_of_a_loop_inside_the_branch_does_not_end_the_branch() => Verify.VerifyAsync("""
        using System.Collections.Generic; using System.Diagnostics; using Microsoft.SemanticKernel;
        public sealed class Launcher
        {
            private static readonly HashSet<string> Known = new() { "notepad" };
            [KernelFunction]
            public void Launch(string app, string[] history)
            {
                var seen = false;
                if (Known.Contains(app)) { foreach (var h in history) { if (h == app) { seen = true; break; } } }
                Process.Start("cmd.exe", [|$"/c start {app} {seen}"|]);
            }
        }
        """);

    [Fact]
    public Task A_continue_of_the_enclosing_loop_is_still_a_guard_clause() => Verify.VerifyAsync("""
        using System.Collections.Generic; using System.Diagnostics; using Microsoft.SemanticKernel;
        public sealed class Launcher
        {
            private static readonly HashSet<string> Known = new() { "notepad" };
            [KernelFunction]
            public void LaunchAll(string[] apps)
            {
                foreach (var app in apps)
                {
                    if (!Known.Contains(app)) { continue; }
                    Process.Start("cmd.exe", $"/c start {app}");
                }
            }
        }
        """);

    [Fact]
    public Task An_allowlist_guard_clause_before_the_queued_lambda_keeps_it_clean() => Verify.VerifyAsync(LaunchService
        .Replace("GUARD", """
            if (!Allowed.Contains(name)) { return ("not allowed", 1); }
                    attempts.Add(ct => TryLaunchWithStart(name, ct));
            """)
        .Replace("NAME", "name"));

    [Fact]
    public Task A_mapped_executable_launched_from_a_lambda_is_clean() => Verify.VerifyAsync(LaunchService
        .Replace("GUARD", """
            if (!map.TryGetValue(name, out var mappings)) { return ("unknown app", 1); }
                    attempts.Add(ct => TryLaunchWithStart(mappings[0], ct));
            """)
        .Replace("NAME", "name"));
}
