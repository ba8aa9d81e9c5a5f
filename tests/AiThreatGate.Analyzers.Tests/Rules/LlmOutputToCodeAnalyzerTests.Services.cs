using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToCodeAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG012 through an app's own code services: a REPL plugin, a compiler service, a code processor behind an interface.</summary>
public sealed partial class LlmOutputToCodeAnalyzerTests
{
    // A script session that runs the first submission and continues the state with the next ones.
    private const string ScriptServices = """
        using System; using System.IO; using System.Threading.Tasks; using System.Collections.Generic;
        using Microsoft.SemanticKernel; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.CodeAnalysis.Scripting;
        public static class FunctionResultText
        {
            public static string Result(this FunctionResult result)
            {
                var value = result.GetValue<object>();
                return value switch { string text => text, ChatMessageContent message => message.Content ?? "", _ => value?.ToString() ?? "" };
            }
        }
        public sealed class ScriptSession
        {
            private readonly List<ScriptState<object>> _history = new();
            public async Task<string> EvaluateAsync(string code)
            {
                var previous = _history.Count > 0 ? _history[^1] : null;
                var state = previous == null ? await CSharpScript.RunAsync(code) : await previous.ContinueWithAsync(code);
                _history.Add(state);
                return state.ReturnValue?.ToString() ?? "";
            }
        }
        public sealed class ScriptService { private readonly ScriptSession _session = new(); public Task<string> EvaluateAsync(string code) => _session.EvaluateAsync(code); }
        """;

    [Fact]
    public Task Code_from_a_prompt_function_or_a_kernel_function_argument_run_by_a_script_service() => Verify.VerifyAsync(ScriptServices + """
        public sealed class ReplPlugin
        {
            private readonly Kernel _kernel; private readonly KernelFunction _writeScript; private readonly ScriptService _scripts = new();
            public ReplPlugin(Kernel kernel, KernelFunction writeScript) { _kernel = kernel; _writeScript = writeScript; }
            [KernelFunction]
            public async Task<string> ReplScriptAsync(string input)
            {
                var code = await _kernel.InvokeAsync(_writeScript, new KernelArguments { ["input"] = input });
                var script = code.Result().Replace("```csharp", "").Replace("```", "").TrimStart('\n');
                return await _scripts.EvaluateAsync([|script|]);
            }
            [KernelFunction]
            public Task<string> ExecuteScript(string input) => _scripts.EvaluateAsync([|input.Replace("```csharp", "").TrimStart('\n')|]);
        }
        """);

    [Fact]
    public Task Scripts_from_the_developers_own_files_or_constants_are_clean() => Verify.VerifyAsync(ScriptServices + """
        public sealed class Startup
        {
            private readonly ScriptService _scripts = new();
            public async Task<string> Init(Kernel kernel, KernelFunction summarize)
            {
                var summary = (await kernel.InvokeAsync(summarize)).Result();
                Console.WriteLine(summary);
                await _scripts.EvaluateAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scripts", "init.csx")));
                return await _scripts.EvaluateAsync("1 + 1");
            }
        }
        """);

    // Submit → compile-and-run → compile → emit: four methods from the kernel function to Compilation.Emit.
    private const string CompilerService = """
        using System; using System.IO; using System.Linq; using System.Reflection; using System.Threading.Tasks; using System.Collections.Generic;
        using Microsoft.SemanticKernel; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp;
        public sealed class CompilerService
        {
            public string? Output { get; private set; }
            public async Task<string> SubmitCode(string code, IEnumerable<MetadataReference> references)
            {
                var script = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot().Members.Count == 0;
                await CompileAndExecute(code, script, references);
                return Output ?? "";
            }
            private async Task CompileAndExecute(string code, bool script, IEnumerable<MetadataReference> references)
            {
                var (success, assembly) = TryCompile(code, references);
                if (success && assembly != null) { assembly.EntryPoint?.Invoke(null, null); }
                await Task.Yield();
            }
            private static (bool, Assembly?) TryCompile(string source, IEnumerable<MetadataReference> references)
            {
                var compilation = CSharpCompilation.Create("DynamicCode").WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication))
                    .AddReferences(references).AddSyntaxTrees(CSharpSyntaxTree.ParseText(source));
                return TryCompileAndEmit(compilation);
            }
            private static (bool, Assembly?) TryCompileAndEmit(CSharpCompilation compilation)
            {
                using var stream = new MemoryStream();
                var result = compilation.Emit(stream);
                return result.Success ? (true, Assembly.Load(stream.ToArray())) : (false, null);
            }
        }
        public sealed class CodeExecutorPlugin
        {
            private readonly CompilerService _compiler = new();
            [KernelFunction]
            public Task<string> ExecuteCode(string input) => _compiler.SubmitCode(INPUT, Array.Empty<MetadataReference>());
        }
        """;

    [Fact]
    public Task A_compiler_service_four_methods_deep_is_followed_by_default() => Verify.VerifyAsync(
        CompilerService.Replace("INPUT", "[|input.Replace(\"```csharp\", \"\")|]").Replace("var result = compilation.Emit(stream);", "var result = [|compilation|].Emit(stream);"));

    [Fact]
    public Task A_compiler_service_four_methods_deep_is_not_followed_with_a_shallower_limit() => Verify.VerifyAsync(
        CompilerService.Replace("INPUT", "input.Replace(\"```csharp\", \"\")"),
        "aithreatgate.llm_output_max_depth = 3");

    [Fact]
    public Task A_compiler_service_given_the_developers_own_source_is_clean() => Verify.VerifyAsync(
        CompilerService.Replace("INPUT", "File.ReadAllText(\"templates/\" + nameof(CodeExecutorPlugin) + \".cs\")"));

    [Fact]
    public Task Python_from_a_chat_completion_run_by_a_code_processor_behind_an_interface() => Verify.VerifyAsync("""
        using System.Threading.Tasks; using Microsoft.Extensions.AI; using Python.Runtime;
        public interface ICodeProcessor { string Run(string codeScript); }
        public sealed class PyInterpreter : ICodeProcessor
        {
            public string Run(string codeScript)
            {
                using (Py.GIL())
                {
                    using var globals = new PyDict();
                    PythonEngine.Exec([|codeScript|], globals);
                    return globals.ToString() ?? "";
                }
            }
        }
        public sealed class PyProgrammer
        {
            private readonly IChatClient _chat; private readonly ICodeProcessor _processor;
            public PyProgrammer(IChatClient chat, ICodeProcessor processor) { _chat = chat; _processor = processor; }
            public async Task<string> Solve(string requirement)
            {
                var code = (await _chat.GetResponseAsync("Write python for: " + requirement)).Text;
                return _processor.Run([|code|]);
            }
        }
        """);
}
