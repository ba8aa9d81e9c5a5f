using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToQueryAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed class LlmOutputToQueryAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<bool> Run(IChatClient chat, string log) => Regex.IsMatch(log, [|(await chat.GetResponseAsync("regex")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<Regex> Run(ChatClient chat) { ChatCompletion c = await chat.CompleteChatAsync("regex"); return new Regex([|c.Content[0].Text|], RegexOptions.IgnoreCase); } }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat, string text) => Regex.Replace(text, [|"^" + (await chat.GetResponseAsync("r")).Text|], ""); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<XmlNodeList?> Run(IChatClient chat, XmlDocument doc) => doc.SelectNodes([|(await chat.GetResponseAsync("xpath")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<XElement?> Run(IChatClient chat, XDocument doc) => doc.XPathSelectElement([|"//user[@name='" + (await chat.GetResponseAsync("n")).Text + "']"|]); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<object> Run(IChatClient chat, XPathNavigator nav) => nav.Evaluate([|(await chat.GetResponseAsync("e")).Text|]); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) { using var s = new System.DirectoryServices.DirectorySearcher(); s.Filter = [|"(cn=" + (await chat.GetResponseAsync("cn")).Text + ")"|]; } }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<System.DirectoryServices.Protocols.SearchRequest> Run(IChatClient chat) => new System.DirectoryServices.Protocols.SearchRequest("dc=contoso", [|(await chat.GetResponseAsync("f")).Text|], System.DirectoryServices.Protocols.SearchScope.Subtree); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Tools { [Microsoft.SemanticKernel.KernelFunction] public int Count(string pattern, string text) => Regex.Matches(text, [|pattern|]).Count; }
        """,
        """
        using System.Text.RegularExpressions;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        var pattern = (await chat.GetResponseAsync("pattern")).Text;
        var parts = Regex.Split("a,b", [|pattern|]);
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<bool> Run(IChatClient chat, string log) => Regex.IsMatch(log, (await chat.GetResponseAsync("r")).Text, RegexOptions.None, TimeSpan.FromMilliseconds(200)); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<Regex> Run(IChatClient chat) => new Regex((await chat.GetResponseAsync("r")).Text, RegexOptions.NonBacktracking); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<bool> Run(IChatClient chat, string log) => Regex.IsMatch(log, "^" + Regex.Escape((await chat.GetResponseAsync("w")).Text)); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<XmlNode?> Run(IChatClient chat, XmlDocument doc) { var id = int.Parse((await chat.GetResponseAsync("id")).Text); return doc.SelectSingleNode($"//order[@id={id}]"); } }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<XmlNodeList?> Run(IChatClient chat, XmlDocument doc) { var kind = (await chat.GetResponseAsync("k")).Text; var xp = kind switch { "open" => "//t[@open]", _ => "//t" }; return doc.SelectNodes(xp); } }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { bool Run(string userPattern, string log, IChatClient unused) => Regex.IsMatch(log, userPattern); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<bool> Run(IChatClient chat) => Regex.IsMatch((await chat.GetResponseAsync("x")).Text, "^[a-z]+$"); }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class Filters { [LlmOutputValidator] public static string Safe(string f) => f; }
        class C { async Task Run(IChatClient chat) { using var s = new System.DirectoryServices.DirectorySearcher(); s.Filter = Filters.Safe((await chat.GetResponseAsync("f")).Text); } }
        """,
        """
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) => Console.WriteLine((await chat.GetResponseAsync("x")).Text); }
        """,
        """
        // <auto-generated/>
        using System; using System.Linq; using System.Text.RegularExpressions; using System.Threading.Tasks; using System.Xml; using System.Xml.Linq; using System.Xml.XPath; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Generated { async Task<bool> Run(IChatClient chat, string log) => Regex.IsMatch(log, (await chat.GetResponseAsync("r")).Text); }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_output_as_patterns_xpath_and_ldap(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_bounded_escaped_or_constant_queries(string source) => Verify.VerifyAsync(source);
}
