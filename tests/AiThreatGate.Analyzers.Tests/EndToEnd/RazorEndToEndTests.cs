using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using AiThreatGate.Testing;
using Xunit;

namespace AiThreatGate.Analyzers.Tests.EndToEnd;

/// <summary>
/// Builds a fresh Blazor project with the SDK's compiler and its real Razor source generator (which the analyzer tests'
/// Roslyn cannot run), with the built analyzers referenced, and checks that model output rendered as markup in a
/// .razor component is reported at the component's line, and that the text-rendered and encoded look-alikes are not.
/// Slow (a restore and a build, about a minute).
/// </summary>
public sealed class RazorEndToEndTests
{
    private const string Component = """
        @page "/chat"
        @using System.Text.Encodings.Web
        @using Microsoft.Extensions.AI
        @inject IChatClient Client

        <div>@((MarkupString)answer)</div>
        <p>@answer</p>
        <div>@((MarkupString)HtmlEncoder.Default.Encode(answer))</div>
        <div>@((MarkupString)"<hr/>")</div>

        @code {
            private string answer = "";

            protected override async Task OnInitializedAsync()
            {
                answer = (await Client.GetResponseAsync("Say hello")).Text;
            }
        }
        """;

    [Fact]
    [Trait("Cost", "Slow")]
    public async Task Markup_string_of_model_output_in_a_razor_component_is_reported_at_the_razor_line()
    {
        var build = await BuildAsync("Microsoft.Extensions.AI.Abstractions", new[] { ("Pages/Chat.razor", Component) });

        // MSBuild prints a diagnostic at its mapped location: Pages/Chat.razor(6,22): warning AITG014: ...
        var reported = Reported(build, "Chat");
        Assert.True(reported.SequenceEqual(new[] { ("AITG014", 6) }), "Expected AITG014 at Chat.razor line 6 only; the build printed:" + Environment.NewLine + build);

        // Nothing is reported at the generated C# (scaffolding or the user's code).
        Assert.DoesNotContain("_razor.g.cs", build, StringComparison.Ordinal);
    }

    // A chat page on an OpenAI-compatible completions endpoint called with HttpClient, no AI SDK referenced: the
    // answer is read into the application's DTOs, kept in a list of messages and converted by Markdig's default pipeline.
    private const string RouterPage = """
        @page "/router"
        @using Markdig
        @inject RouterService Api

        @if (!messages.Any())
        {
            <p>Ask something.</p>
        }
        else
        {
            @foreach (ChatEntry msg in messages)
            {
                @if (msg.Role == "user")
                {
                    <p>@msg.Content</p>
                }
                else
                {
                    <div>@((MarkupString)ConvertToHtml(msg.Content))</div>
                }
            }
        }
        <div>@((MarkupString)ConvertToHtml(document))</div>

        @code {
            private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
            private readonly List<ChatEntry> messages = new();
            private string document = "";

            private async Task SendAsync(string text)
            {
                messages.Add(new ChatEntry { Role = "user", Content = text });
                ChatResult result = await Api.ChatAsync(text);
                messages.Add(new ChatEntry { Role = "assistant", Content = result.Content });
                document = await Api.DocumentAsync("intro");
            }

            private static string ConvertToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);
        }
        """;

    // Stored messages whose completion a service deconstructed from the model call's tuple, turned into markup by a
    // helper that only replaces newlines and code fences.
    private const string HistoryPage = """
        @page "/history"
        @inject ChatService Chat

        @foreach (var msg in messages)
        {
            <div>
                @{
                    MarkupString prompt = Fixup(msg.Prompt);
                }
                @prompt
            </div>
            <div>
                @{
                    MarkupString completion = Fixup(msg.Completion);
                }
                @completion
            </div>
            <p>@msg.Completion</p>
        }

        @code {
            private List<Message> messages = new();

            private async Task SendAsync(string prompt) => messages.Add(await Chat.AskAsync(prompt));

            private MarkupString Fixup(string input)
            {
                var text = input.Replace("\n", "<br />");
                var fence = new System.Text.RegularExpressions.Regex("```");
                text = fence.Replace(text, "<pre><code>", 1);
                return new MarkupString(text);
            }
        }
        """;

    // A parent component passes the answer to a child component's [Parameter], which renders it as markup.
    private const string AskPage = """
        @page "/ask"
        @inject RouterService Api

        <AnswerView Answer="@answer" Heading="<b>Answer</b>" />

        @code {
            private string answer = "";

            private async Task AskAsync(string question) => answer = (await Api.ChatAsync(question)).Content;
        }
        """;

    private const string AnswerView = """
        <h2>@((MarkupString)Heading)</h2>
        <div>@((MarkupString)Answer)</div>

        @code {
            [Parameter] public string Answer { get; set; } = "";

            [Parameter] public string Heading { get; set; } = "";
        }
        """;

    private const string Services = """
        using System.Net.Http.Json;

        public sealed class ChatEntry { public string Role { get; set; } = ""; public string Content { get; set; } = ""; }

        public sealed class ChatResult { public string Content { get; set; } = ""; }

        public sealed class RouterService(HttpClient http)
        {
            public async Task<ChatResult> ChatAsync(string text)
            {
                using HttpRequestMessage request = new(HttpMethod.Post, "/api/v1/chat/completions");
                request.Content = JsonContent.Create(new { model = "openai/gpt-4o", messages = new[] { new { role = "user", content = text } } });
                using HttpResponseMessage response = await http.SendAsync(request);
                Reply? reply = await response.Content.ReadFromJsonAsync<Reply>();
                return new ChatResult { Content = reply?.Choices?.FirstOrDefault()?.Message?.Content ?? "" };
            }

            public async Task<string> DocumentAsync(string name) => await http.GetStringAsync("/docs/" + name + ".md");

            private sealed class Reply { public List<Choice>? Choices { get; set; } }

            private sealed class Choice { public Turn? Message { get; set; } }

            private sealed class Turn { public string Content { get; set; } = ""; }
        }

        public sealed record Message(string Prompt)
        {
            public string Completion { get; set; } = "";

            public int Tokens { get; set; }
        }

        public sealed class ChatService(HttpClient http)
        {
            public async Task<Message> AskAsync(string prompt)
            {
                var message = new Message(prompt);
                (message.Completion, message.Tokens) = await CompleteAsync(prompt);
                return message;
            }

            private async Task<(string Completion, int Tokens)> CompleteAsync(string prompt)
            {
                var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "llama3", prompt });
                var text = await response.Content.ReadAsStringAsync();
                return (text, text.Length / 4);
            }
        }
        """;

    [Fact]
    [Trait("Cost", "Slow")]
    public async Task Model_output_from_a_completions_endpoint_kept_in_messages_or_passed_to_a_child_component_is_reported_at_the_razor_line_without_an_ai_sdk()
    {
        var build = await BuildAsync("Markdig", new[] { ("Pages/Router.razor", RouterPage), ("Pages/History.razor", HistoryPage), ("Pages/Ask.razor", AskPage), ("Pages/AnswerView.razor", AnswerView), ("Services.cs", Services) });

        var router = Reported(build, "Router");
        Assert.True(router.SequenceEqual(new[] { ("AITG014", 19) }), "Expected AITG014 at Router.razor line 19 only; the build printed:" + Environment.NewLine + build);
        var history = Reported(build, "History");
        // The two ends of the flow: the call that passes the completion to the page's helper, and the helper's MarkupString.
        Assert.True(history.OrderBy(r => r.Line).SequenceEqual(new[] { ("AITG014", 14), ("AITG014", 31) }), "Expected AITG014 at History.razor lines 14 and 31 only; the build printed:" + Environment.NewLine + build);
        var child = Reported(build, "AnswerView");
        Assert.True(child.SequenceEqual(new[] { ("AITG014", 2) }), "Expected AITG014 at AnswerView.razor line 2 only; the build printed:" + Environment.NewLine + build);
        Assert.Empty(Reported(build, "Ask"));
        Assert.DoesNotContain("_razor.g.cs", build, StringComparison.Ordinal);
    }

    private static List<(string Rule, int Line)> Reported(string build, string component) =>
        Regex.Matches(build, component + @"\.razor\((\d+),\d+\): warning (AITG\d+)")
            .Select(m => (Rule: m.Groups[2].Value, Line: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();

    /// <summary>Builds a fresh Blazor project referencing <paramref name="package"/> and the built analyzers; returns the build's output.</summary>
    private static async Task<string> BuildAsync(string package, IEnumerable<(string Path, string Text)> files)
    {
        var root = RepositoryPaths.Root;
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var work = Directory.CreateTempSubdirectory("aitg-razor-");
        try
        {
            var project = work.FullName;
            File.Copy(Path.Combine(root, "nuget.config"), Path.Combine(project, "nuget.config"));
            File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Razor">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <PackageReference Include="{package}" Version="{versions[package]}" />
                    <Analyzer Include="{typeof(RuleCatalog).Assembly.Location}" />
                  </ItemGroup>
                </Project>
                """);
            foreach (var (path, text) in files)
            {
                var full = Path.Combine(project, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }

            var build = await ProcessRunner.RunAsync("dotnet", new[] { "build", "App.csproj", "-nologo", "-clp:NoSummary" }, project, timeout: TimeSpan.FromMinutes(5));
            Assert.True(build.ExitCode == 0, "The Blazor project does not build:" + Environment.NewLine + build.Output);
            return build.Output;
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
