using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AiThreatGate.Analyzers.Apis;
using AiThreatGate.Analyzers.Roslyn;
using AiThreatGate.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.Roslyn;

/// <summary>
/// The syntax prefilter decides which members the rules bind at all: a member it wrongly leaves out is a finding lost,
/// so these cases pin down how the AI relation travels, and that ordinary code stays out.
/// </summary>
public sealed class SyntaxIndexTests
{
    [Fact]
    public void A_member_naming_an_sdk_type_is_related_and_ordinary_code_is_not()
    {
        var related = Related(
            """
            using System.Linq;
            using OpenAI.Chat;
            class Assistant { string Ask(ChatClient chat) => chat.CompleteChat("hi").Value.Content[0].Text; }
            class Report { string Describe(string[] items) => string.Join(",", items.Where(i => i.Length > 2).OrderBy(i => i)); string Path(string a) => System.IO.Path.Combine(a, "b"); }
            """);

        Assert.Contains("Assistant.Ask", related);
        Assert.DoesNotContain("Report.Describe", related);
        Assert.DoesNotContain("Report.Path", related);
    }

    [Fact]
    public void Relation_follows_helper_chains_across_files_and_types()
    {
        var related = Related(
            """
            using OpenAI.Chat;
            class Llm { private readonly ChatClient _chat = null!; public string Complete(string q) => _chat.CompleteChat(q).Value.Content[0].Text; }
            """,
            """
            class Middle { private readonly Llm _llm = new(); public string Summarize(string q) => _llm.Complete(q).Trim(); }
            """,
            """
            class Outer { public string Run(Middle m) => m.Summarize("x"); public int Unrelated(int a) => a + 1; }
            """);

        Assert.Contains("Middle.Summarize", related);
        Assert.Contains("Outer.Run", related);

        // Every member of a type holding an AI member is analyzed: its fields carry taint between them.
        Assert.Contains("Outer.Unrelated", related);
    }

    [Fact]
    public void Relation_follows_interface_calls_to_implementations_in_the_compilation()
    {
        var related = Related(
            """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            interface IWriter { Task<string> WriteAsync(string question); }
            sealed class LlmWriter(IChatClient client) : IWriter
            {
                public async Task<string> WriteAsync(string question) => (await client.GetResponseAsync(question)).Text;
            }
            class Caller { Task<string> Run(IWriter writer) => writer.WriteAsync("q"); }
            """);

        Assert.Contains("LlmWriter.WriteAsync", related);
        Assert.Contains("Caller.Run", related);
    }

    [Fact]
    public void Primary_constructor_parameters_make_the_whole_type_related()
    {
        var related = Related(
            """
            using Microsoft.Extensions.AI;
            sealed class Service(IChatClient client)
            {
                public object Client => client;
                public string Echo(string text) => text;
            }
            """);

        Assert.Contains("Service.Echo", related);
    }

    [Fact]
    public void Methods_handed_to_AIFunctionFactory_are_tools()
    {
        var related = Related(
            """
            using Microsoft.Extensions.AI;
            static class Tools { public static string DeleteFile(string path) { System.IO.File.Delete(path); return "ok"; } public static string Other(string s) => s; }
            static class Setup { public static AIFunction Register() => AIFunctionFactory.Create(Tools.DeleteFile); }
            """);

        Assert.Contains("Tools.DeleteFile", related);
        Assert.DoesNotContain("Tools.Other", related);
    }

    [Fact]
    public void Configured_sources_are_seeds()
    {
        const string Source = """
            namespace Contoso { static class Llm { public static string Ask(string q) => q; } }
            class C { string Run() => Contoso.Llm.Ask("filter"); }
            """;

        Assert.DoesNotContain("C.Run", Related(new[] { Source }));
        Assert.Contains("C.Run", Related(new[] { Source }, "aithreatgate.llm_output_sources = Contoso.Llm.Ask"));
    }

    [Fact]
    public void Top_level_statements_are_one_member()
    {
        var related = Related(
            """
            using OpenAI.Chat;
            var chat = new ChatClient("gpt-4o", "key");
            System.Console.WriteLine(chat.CompleteChat("hi").Value.Content[0].Text);
            """);

        Assert.Contains("Program.", related);
    }

    [Fact]
    public void Using_aliases_of_sdk_types_are_related()
    {
        var related = Related(
            "global using Llm = OpenAI.Chat.ChatClient;",
            "class C { string Ask(Llm llm) => llm.ToString()!; int Count(int a) => a; }",
            "class D { int Count(int a) => a; }");

        Assert.Contains("C.Ask", related);
        Assert.DoesNotContain("D.Count", related);
    }

    [Fact]
    public void An_sdk_type_with_a_plain_name_still_counts()
    {
        // OllamaSharp's Chat: the member names no other AI type, and calls a method named like HttpClient's.
        var related = Related(
            """
            using System.Threading.Tasks;
            using OllamaSharp;
            class Assistant { async Task<string> Ask(Chat chat, string q) { var text = ""; await foreach (var t in chat.SendAsync(q)) text += t; return text; } }
            class Mail { Task Send(System.Net.Http.HttpClient http) => http.SendAsync(new System.Net.Http.HttpRequestMessage()); }
            """);

        Assert.Contains("Assistant.Ask", related);
        Assert.DoesNotContain("Mail.Send", related);
    }

    [Fact]
    public void Key_shaped_literals_are_marked()
    {
        var compilation = TestCompilation.Create(new[] { ("a.cs", "class C { const string Key = \"sk-proj-abcdefghijklmnopqrstuvwxyz\"; const string Other = \"hello\"; }") });
        var index = SyntaxIndex.For(compilation, EmptyOptions(), AiRelation.Seeds);
        var members = index.Members(compilation.SyntaxTrees.Single());

        Assert.True(members.Single(m => m.DeclaredName == "Key").Mentions(SyntaxIndex.KeyLiteralMarker));
        Assert.False(members.Single(m => m.DeclaredName == "Other").Mentions(SyntaxIndex.KeyLiteralMarker));
    }

    private static HashSet<string> Related(params string[] sources) => Related(sources, editorConfig: null);

    private static HashSet<string> Related(string[] sources, string? editorConfig)
    {
        var compilation = TestCompilation.Create(sources.Select((s, i) => ($"/0/Test{i}.cs", s)).ToList());
        TestCompilation.AssertCompiles(compilation);
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestAnalyzerConfigOptionsProvider(TestAnalyzerConfigOptionsProvider.Parse(editorConfig)));
        var index = SyntaxIndex.For(compilation, options, AiRelation.Seeds);
        return compilation.SyntaxTrees
            .SelectMany(tree => index.Members(tree))
            .Where(index.IsAiRelated)
            .Select(member => member.TypeKey + "." + member.DeclaredName)
            .ToHashSet();
    }

    private static AnalyzerOptions EmptyOptions() => new(ImmutableArray<AdditionalText>.Empty);
}
