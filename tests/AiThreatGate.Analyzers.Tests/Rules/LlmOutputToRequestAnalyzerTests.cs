using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToRequestAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class LlmOutputToRequestAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, HttpClient http) { var url = (await chat.GetResponseAsync("which page?")).Text; return await http.GetStringAsync([|url|]); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(ChatClient chat, HttpClient http) { ChatCompletion c = await chat.CompleteChatAsync("webhook?"); await http.PostAsync([|c.Content[0].Text|], new StringContent("{}")); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, HttpClient http) { var r = await chat.GetResponseAsync("x"); using var m = new HttpRequestMessage(HttpMethod.Get, [|new Uri(r.Text)|]); await http.SendAsync(m); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, HttpClient http) { http.BaseAddress = [|new Uri((await chat.GetResponseAsync("api?")).Text)|]; } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) { var m = new HttpRequestMessage(); m.RequestUri = [|new Uri("http://" + (await chat.GetResponseAsync("host")).Text + "/status")|]; } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { Func<Task<string>> F(IChatClient chat, HttpClient http) => async () => await http.GetStringAsync([|"https://" + (await chat.GetResponseAsync("h")).Text|]); }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Tools { private readonly HttpClient _http = new(); [Microsoft.SemanticKernel.KernelFunction] public Task<string> Fetch(string url) => _http.GetStringAsync([|url|]); }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<byte[]> Run(IChatClient chat, HttpClient http) { var link = (await chat.GetResponseAsync("links")).Messages.Select(m => m.Text).First(); return await http.GetByteArrayAsync([|link|]); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, HttpClient http) => await http.GetStringAsync([|System.Net.WebUtility.HtmlEncode((await chat.GetResponseAsync("u")).Text)|]); }
        """,
        """
        using System.Net.Http;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        using var http = new HttpClient();
        var target = (await chat.GetResponseAsync("endpoint")).Text;
        var body = await http.GetStringAsync([|target|]);
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, HttpClient http) { var topic = (await chat.GetResponseAsync("topic")).Text; return await http.GetStringAsync("https://docs.contoso.com/search?q=" + Uri.EscapeDataString(topic)); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { static readonly HashSet<string> Hosts = new() { "api.contoso.com" }; async Task<string> Run(IChatClient chat, HttpClient http) { var uri = new Uri((await chat.GetResponseAsync("u")).Text); if (!Hosts.Contains(uri.Host)) throw new InvalidOperationException(); return await http.GetStringAsync(uri); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, HttpClient http) { var page = int.Parse((await chat.GetResponseAsync("page")).Text); return await http.GetStringAsync($"https://api.contoso.com/items?page={page}"); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, HttpClient http) { var region = (await chat.GetResponseAsync("region")).Text; var url = region switch { "eu" => "https://eu.contoso.com", _ => "https://us.contoso.com" }; return await http.GetStringAsync(url); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, HttpClient http) => await http.PostAsync("https://hooks.contoso.com/log", new StringContent((await chat.GetResponseAsync("x")).Text)); }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { Task<string> Run(HttpClient http, string userUrl, IChatClient unused) => http.GetStringAsync(userUrl); }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class Urls { [LlmOutputValidator] public static string Trusted(string u) => u; }
        class C { async Task<string> Run(IChatClient chat, HttpClient http) => await http.GetStringAsync(Urls.Trusted((await chat.GetResponseAsync("u")).Text)); }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, HttpClient http) { var id = Guid.Parse((await chat.GetResponseAsync("id")).Text); return await http.GetStringAsync($"https://api.contoso.com/orders/{id}"); } }
        """,
        """
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) => Console.WriteLine((await chat.GetResponseAsync("hello")).Text); }
        """,
        """
        // <auto-generated/>
        using System; using System.Collections.Generic; using System.Net.Http; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Generated { async Task<string> Run(IChatClient chat, HttpClient http) => await http.GetStringAsync((await chat.GetResponseAsync("u")).Text); }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_chosen_request_targets(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_escaped_parts_allowlisted_hosts_and_constants(string source) => Verify.VerifyAsync(source);
}
