using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AiThreatGate.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AiThreatGate.Analyzers.Tests;

/// <summary>In the IDE the analyzers run on code that is being typed: they must not throw on broken syntax or unresolved symbols.</summary>
public sealed class IncompleteCodeTests
{
    public static TheoryData<string> BrokenSources => new()
    {
        "using Microsoft.ML.OnnxRuntime; class C { InferenceSession M(string p) => new InferenceSession(",
        "using Microsoft.ML; class C { ITransformer M(MLContext ml) { return ml.Model.Load(out _); } }",
        "using Newtonsoft.Json; class C { object M() => new JsonSerializerSettings { TypeNameHandling = } }",
        "using Python.Runtime; class C { object M() { dynamic t = Py.Import(); return t.load(; } }",
        "using OpenAI.Chat; class C { ChatClient M() => new ChatClient(\"gpt\", ); }",
        "class C { void M() { var x = Unknown.Load(\"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123\"); string apiKey = x; } }",
        "using System.Net.Http; using Microsoft.ML.OnnxRuntime; class C { async void M(HttpClient h) { var b = await h.GetByteArrayAsync(; new InferenceSession(b, null, null, null); } }",
        "using System.Runtime.InteropServices; class C { nint M(string modelPath) => NativeLibrary.Load(modelPath, ",
        "using Microsoft.ML; class C { void M(MLContext ml) { var d = ml.Data.LoadFromTextFile<>(\"https://x\"); d.Fit(); } }",
        "partial class C { void M() { if (System.Security.Cryptography.SHA256.HashData() == ) throw; new Microsoft.ML.OnnxRuntime.InferenceSession(); } }",
        "using Microsoft.AspNetCore.Builder; using Microsoft.Extensions.AI; var app = WebApplication.Create(); app.MapPost(\"/ask\", async (string q, IChatClient chat) => await chat.GetResponseAsync(new ChatMessage(ChatRole.System, q + ), ));",
        "using Microsoft.AspNetCore.Mvc; using OpenAI.Chat; public class A : ControllerBase { public ChatMessage Ask(string q) => new SystemChatMessage(q + Missing.Value; }",
        "using Microsoft.SemanticKernel; public class P { [KernelFunction] public void Run(string c) => System.Diagnostics.Process.Start(c, ; static object S() => FunctionChoiceBehavior.Auto(autoInvoke: ); }",
        "using Microsoft.SemanticKernel; class C { object M() => new PromptTemplateConfig { AllowDangerouslySetContent = , Template = }; }",
        "using Microsoft.Extensions.AI; class C { object M() => AIFunctionFactory.Create((string p) => System.IO.File.Delete(p), ); object N(IChatClient c) => c.GetResponseAsync(\"x\", new ChatOptions { MaxOutputTokens = }); }",
        "using Microsoft.AspNetCore.Mvc; using Microsoft.ML; public class S : ControllerBase { [HttpPost] public object Score([System.ComponentModel.DataAnnotations.StringLength()] string t, PredictionEngine<,> e) => e.Predict(t); }",
    };

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public async Task No_analyzer_throws_on_incomplete_code(string source)
    {
        var analyzers = typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var compilation = TestCompilation.Create(new[] { ("/0/Broken.cs", source) });
        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var exceptions = new ConcurrentBag<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
