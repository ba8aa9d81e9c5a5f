using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToCodeAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed partial class LlmOutputToCodeAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<object> Run(IChatClient chat) => await CSharpScript.EvaluateAsync([|(await chat.GetResponseAsync("expression")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(ChatClient chat) { ChatCompletion c = await chat.CompleteChatAsync("script"); await CSharpScript.RunAsync([|"var x = 1; " + c.Content[0].Text|]); } }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<Type?> Run(IChatClient chat) => Type.GetType([|(await chat.GetResponseAsync("type")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<object?> Run(IChatClient chat) => Activator.CreateInstance("Plugins", [|(await chat.GetResponseAsync("type")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<Assembly> Run(IChatClient chat) => Assembly.LoadFrom([|"/plugins/" + (await chat.GetResponseAsync("plugin")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<object?> Run(IChatClient chat, object target) { var name = (await chat.GetResponseAsync("method")).Text; return target.GetType().GetMethod([|name|])!.Invoke(target, null); } }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { Func<Task> F(IChatClient chat) => async () => Python.Runtime.PythonEngine.Exec([|(await chat.GetResponseAsync("python")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Tools { [Microsoft.SemanticKernel.KernelFunction] public Task<object> Calc(string expression) => CSharpScript.EvaluateAsync([|expression|]); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        partial class Planner { private string _op = "Sum"; public async Task Plan(IChatClient chat) => _op = (await chat.GetResponseAsync("op")).Text; }
        partial class Planner { public MethodInfo? Pick() => typeof(Enumerable).GetMethod([|_op|]); }
        """,
        """
        using Microsoft.CodeAnalysis.CSharp.Scripting;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        var code = "";
        await foreach (var u in chat.GetStreamingResponseAsync("code")) code += u.Text;
        var value = await CSharpScript.EvaluateAsync([|code|]);
        """,
        """
        using System; using System.IO; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Compiler
        {
            async Task<Assembly?> Run(IChatClient chat)
            {
                var source = (await chat.GetResponseAsync("Write a C# class that solves the task")).Text;
                var tree = CSharpSyntaxTree.ParseText(source);
                var compilation = CSharpCompilation.Create("Generated", new[] { tree }, new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                using var stream = new MemoryStream();
                var result = [|compilation|].Emit(stream);
                return result.Success ? Assembly.Load(stream.ToArray()) : null;
            }
        }
        """,
        """
        using System; using System.IO; using System.Reflection; using System.Runtime.Loader; using System.Threading.Tasks; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Compiler
        {
            async Task<Assembly> Run(IChatClient chat, MetadataReference[] references)
            {
                var code = (await chat.GetResponseAsync("plugin")).Text;
                var compilation = CSharpCompilation.Create("Plugin").AddReferences(references).AddSyntaxTrees(SyntaxFactory.ParseSyntaxTree(SourceText(code)));
                var stream = new MemoryStream();
                [|compilation|].Emit(stream);
                stream.Position = 0;
                return AssemblyLoadContext.Default.LoadFromStream(stream);
            }

            static string SourceText(string body) => "namespace Plugins { " + body + " }";
        }
        """,
        """
        using System; using System.Threading.Tasks; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Compiler
        {
            async Task Run(IChatClient chat) => Build([|(await chat.GetResponseAsync("code")).Text|]);
            void Build(string code) => [|CSharpCompilation.Create("Gen", new[] { CSharpSyntaxTree.ParseText(code) })|].Emit("gen.dll");
        }
        """,
        """
        using System.Threading.Tasks; using System; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Compiler
        {
            async Task Run(IChatClient chat) => Build([|(await chat.GetResponseAsync("code")).Text|]);
            void Build(string code) { var tree = CSharpSyntaxTree.ParseText(code); Emit(tree); }
            void Emit(SyntaxTree tree) => [|CSharpCompilation.Create("Gen", new[] { tree })|].Emit(new System.IO.MemoryStream());
        }
        """,
        """
        using System; using System.Reflection; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C { async Task<Assembly> Run(IChatClient chat) => Assembly.Load([|Convert.FromBase64String((await chat.GetResponseAsync("assembly")).Text)|]); }
        """,
        """
        using System; using System.IO; using System.Reflection; using System.Runtime.Loader; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C { async Task<Assembly> Run(IChatClient chat) { var bytes = Convert.FromBase64String((await chat.GetResponseAsync("assembly")).Text); return new AssemblyLoadContext("plugin").LoadFromStream([|new MemoryStream(bytes)|]); } }
        """,
        """
        using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.CodeAnalysis.Scripting; using Microsoft.Extensions.AI;
        class Repl { ScriptState<object>? _state; async Task Step(IChatClient chat) { var next = (await chat.GetResponseAsync("next statement")).Text; _state = _state is null ? await CSharpScript.RunAsync("var total = 0;") : await _state.ContinueWithAsync([|next|]); } }
        """,
        """
        using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.CodeAnalysis.Scripting; using Microsoft.Extensions.AI;
        class Repl { async Task<object> Step(IChatClient chat) { var next = (await chat.GetResponseAsync("next")).Text; var script = CSharpScript.Create("var total = 0;").ContinueWith([|next|]); return (await script.RunAsync()).ReturnValue; } }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<object> Run(IChatClient chat) { var op = (await chat.GetResponseAsync("op")).Text; var code = op switch { "add" => "1 + 1", _ => "0" }; return await CSharpScript.EvaluateAsync(code); } }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { static readonly string[] Types = { "System.Text.StringBuilder" }; async Task<Type?> Run(IChatClient chat) { var t = (await chat.GetResponseAsync("t")).Text; if (!Types.Contains(t)) return null; return Type.GetType(t); } }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<object> Run(IChatClient chat) { var n = int.Parse((await chat.GetResponseAsync("n")).Text); return await CSharpScript.EvaluateAsync($"{n} * 2"); } }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { Task<object> Run(string userCode, IChatClient unused) => CSharpScript.EvaluateAsync(userCode); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { Type? Run(IChatClient unused) => Type.GetType("System.Text.StringBuilder"); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) => Console.WriteLine((await chat.GetResponseAsync("x")).Text); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class Ops { [LlmOutputValidator] public static string Known(string s) => s; }
        class C { async Task<Type?> Run(IChatClient chat) => Type.GetType(Ops.Known((await chat.GetResponseAsync("t")).Text)); }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        enum Op { Sum, Max }
        class C { async Task<MethodInfo?> Run(IChatClient chat) { if (!Enum.TryParse<Op>((await chat.GetResponseAsync("op")).Text, out var op)) return null; return typeof(Enumerable).GetMethod(op.ToString()); } }
        """,
        """
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<bool> Run(IChatClient chat) { var text = (await chat.GetResponseAsync("yes?")).Text; return text.Contains("yes"); } }
        """,
        """
        // <auto-generated/>
        using System; using System.Linq; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis.CSharp.Scripting; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Generated { async Task<object> Run(IChatClient chat) => await CSharpScript.EvaluateAsync((await chat.GetResponseAsync("x")).Text); }
        """,
        """
        using System; using System.IO; using System.Reflection; using System.Threading.Tasks; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Compiler
        {
            const string Source = "public static class Calc { public static int Length(string s) => s.Length; }";
            async Task<object?> Run(IChatClient chat)
            {
                var answer = (await chat.GetResponseAsync("question")).Text;
                var compilation = CSharpCompilation.Create("Calc", new[] { CSharpSyntaxTree.ParseText(Source) }, new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
                using var stream = new MemoryStream();
                compilation.Emit(stream);
                var assembly = Assembly.Load(stream.ToArray());
                return assembly.GetType("Calc")!.GetMethod("Length")!.Invoke(null, new object[] { answer });
            }
        }
        """,
        """
        using System; using System.Linq; using System.Threading.Tasks; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Reviewer
        {
            async Task<string[]> Check(IChatClient chat)
            {
                var code = (await chat.GetResponseAsync("Write C#")).Text;
                var tree = CSharpSyntaxTree.ParseText(code);
                var compilation = CSharpCompilation.Create("Check", new[] { tree });
                return compilation.GetDiagnostics().Concat(tree.GetDiagnostics()).Select(d => d.GetMessage()).ToArray();
            }
        }
        """,
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.Extensions.AI;
        class Generator
        {
            async Task Run(IChatClient chat, Stream output)
            {
                var answer = (await chat.GetResponseAsync("greeting")).Text;
                var source = $"public static class Greeting {{ public const string Text = {SymbolDisplay.FormatLiteral(answer, true)}; }}";
                CSharpCompilation.Create("Greeting", new[] { CSharpSyntaxTree.ParseText(source) }).Emit(output);
            }
        }
        """,
        """
        using System; using System.IO; using System.Reflection; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C { async Task<Assembly> Run(IChatClient chat) { var summary = (await chat.GetResponseAsync("summary")).Text; Console.WriteLine(summary); return Assembly.Load(File.ReadAllBytes("plugins/known.dll")); } }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_output_run_as_code_or_choosing_what_to_load(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_mapped_allowlisted_or_constant_code(string source) => Verify.VerifyAsync(source);
}
