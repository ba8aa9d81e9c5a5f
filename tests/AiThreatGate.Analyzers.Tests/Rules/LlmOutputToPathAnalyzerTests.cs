using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToPathAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

public sealed partial class LlmOutputToPathAnalyzerTests
{
    public static TheoryData<string> Flagged => new()
    {
        // Checking that the file exists says nothing about where the path points: not an allowlist.
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, string text) { var path = (await chat.GetResponseAsync("file?")).Text; if (!File.Exists([|path|])) throw new FileNotFoundException(path); File.WriteAllText([|path|], text); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, string dir, string report) { var name = (await chat.GetResponseAsync("file name?")).Text; File.WriteAllText([|Path.Combine(dir, name)|], report); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(ChatClient chat) { ChatCompletion c = await chat.CompleteChatAsync("which file?"); return File.ReadAllText([|c.Content[0].Text|]); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) { var path = (await chat.GetResponseAsync("cleanup?")).Text; Directory.Delete([|path|], true); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) { var r = await chat.GetResponseAsync("x"); using var s = new FileStream([|"/data/" + r.Text|], FileMode.Create); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { Func<Task<FileInfo>> F(IChatClient chat) => async () => new FileInfo([|(await chat.GetResponseAsync("x")).Text|]); }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) { var target = await Name(); File.Move("a.txt", [|target|]); async Task<string> Name() => (await chat.GetResponseAsync("new name")).Text.Trim(); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Tools { [Microsoft.SemanticKernel.KernelFunction] public string Read(string file) => File.ReadAllText([|Path.Combine("/srv/docs", file)|]); }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        partial class Archive { private string _folder = "a"; public async Task Plan(IChatClient chat) => _folder = (await chat.GetResponseAsync("folder")).Text; }
        partial class Archive { public void Save() => Directory.CreateDirectory([|_folder|]); }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, string baseDir) { var full = Path.GetFullPath(Path.Combine(baseDir, (await chat.GetResponseAsync("f")).Text)); File.Delete([|full|]); } }
        """,
        """
        using System.IO;
        using Microsoft.Extensions.AI;
        IChatClient chat = null!;
        var name = "";
        await foreach (var u in chat.GetStreamingResponseAsync("log name")) name += u.Text;
        File.AppendAllText([|name|], "entry");
        """,
        // A helper named like a validator that never rejects anything is not a guard.
        """
        using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            static void CheckPath(string path) => System.Console.WriteLine("writing " + path);
            async Task Run(IChatClient chat, string report) { var path = (await chat.GetResponseAsync("file?")).Text; CheckPath(path); File.WriteAllText([|path|], report); }
        }
        """,
        // A prefix check of the raw path: "reports/../../etc/passwd" starts with "reports/".
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, string report)
            {
                var path = (await chat.GetResponseAsync("file?")).Text;
                if (!path.StartsWith("reports/", StringComparison.Ordinal)) throw new ArgumentException("outside reports");
                File.WriteAllText([|path|], report);
            }
        }
        """,
        // An MCP tool's validator only checks a prefix of the raw path: "root/../../etc/passwd" passes it.
        """
        using System; using System.ComponentModel; using System.IO; using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            private static string baseDirectory = "/srv/example";
            private static bool IsValidPath(string path) => path.StartsWith(baseDirectory, StringComparison.OrdinalIgnoreCase);

            [McpServerTool, Description("Reads a file.")]
            public static string ReadFile(string filePath)
            {
                if (!IsValidPath(filePath)) throw new ArgumentException("Invalid file path.");
                return File.ReadAllText([|filePath|]);
            }

            [McpServerTool, Description("Writes a file.")]
            public static void WriteFile(string filePath, string content)
            {
                if (!IsValidPath(filePath)) throw new ArgumentException("Invalid file path.");
                File.WriteAllText([|filePath|], content);
            }
        }
        """,
        // A throwing validator whose only test is a raw prefix check.
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            static void EnsureUnderReports(string path)
            {
                if (!path.StartsWith("reports/", StringComparison.Ordinal)) throw new ArgumentException("outside reports");
            }

            async Task Run(IChatClient chat, string report) { var path = (await chat.GetResponseAsync("file?")).Text; EnsureUnderReports(path); File.WriteAllText([|path|], report); }
        }
        """,
    };

    public static TheoryData<string> NotFlagged => new()
    {
        // The validator checks the full path against the base folder.
        """
        using System; using System.ComponentModel; using System.IO; using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class FileTools
        {
            private static readonly string BaseDirectory = "/srv/example/";
            private static bool IsValidPath(string path) => Path.GetFullPath(path).StartsWith(BaseDirectory, StringComparison.Ordinal);

            [McpServerTool, Description("Reads a file.")]
            public static string ReadFile(string filePath)
            {
                if (!IsValidPath(filePath)) throw new ArgumentException("Invalid file path.");
                return File.ReadAllText(filePath);
            }
        }
        """,
        // The validator resolves the path into a local first, then checks its prefix.
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            static bool IsWithinRoot(string path)
            {
                var full = Path.GetFullPath(Path.Combine("/srv/reports", path));
                return full.StartsWith("/srv/reports/", StringComparison.Ordinal);
            }

            async Task Run(IChatClient chat, string report) { var path = (await chat.GetResponseAsync("file?")).Text; if (!IsWithinRoot(path)) return; File.WriteAllText(Path.Combine("/srv/reports", path), report); }
        }
        """,
        // A prefix check with a traversal check beside it: more than a raw prefix, so the validator stands.
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            static bool IsSafeName(string path) => path.StartsWith("reports/", StringComparison.Ordinal) && !path.Contains("..");
            async Task Run(IChatClient chat, string report) { var path = (await chat.GetResponseAsync("file?")).Text; if (!IsSafeName(path)) return; File.WriteAllText(path, report); }
        }
        """,
        // The full path, held in a local, is checked to stay under the base folder.
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            async Task Run(IChatClient chat, string report)
            {
                var full = Path.GetFullPath(Path.Combine("/srv/reports", (await chat.GetResponseAsync("file?")).Text));
                if (!full.StartsWith("/srv/reports/", StringComparison.Ordinal)) throw new ArgumentException("outside reports");
                File.WriteAllText(full, report);
            }
        }
        """,
        // The application's own validator throws on a path outside the reports folder.
        """
        using System; using System.IO; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            const string Root = "/srv/reports/";
            static void ValidatePath(string path)
            {
                if (!Path.GetFullPath(path).StartsWith(Root, StringComparison.Ordinal)) throw new ArgumentException("outside the reports folder", nameof(path));
            }

            async Task Run(IChatClient chat, string report) { var path = (await chat.GetResponseAsync("file?")).Text; ValidatePath(path); File.WriteAllText(path, report); }
        }
        """,
        // A predicate of the application's own guards the write.
        """
        using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI;
        class C
        {
            static readonly string[] Known = { "a.txt", "b.txt" };
            static bool IsAllowedName(string name) => Known.Contains(name);
            async Task Run(IChatClient chat, string report) { var name = (await chat.GetResponseAsync("file?")).Text; if (!IsAllowedName(name)) return; File.WriteAllText(name, report); }
        }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, string dir, string report) { var name = Path.GetFileName((await chat.GetResponseAsync("name?")).Text); File.WriteAllText(Path.Combine(dir, name), report); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat, string baseDir) { var full = Path.GetFullPath(Path.Combine(baseDir, (await chat.GetResponseAsync("f")).Text)); if (!full.StartsWith(baseDir, StringComparison.Ordinal)) throw new InvalidOperationException(); File.Delete(full); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { static readonly string[] Allowed = { "a.txt", "b.txt" }; async Task<string> Run(IChatClient chat) { var f = (await chat.GetResponseAsync("f")).Text; if (!Allowed.Contains(f)) return ""; return File.ReadAllText(f); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat) { var n = int.Parse((await chat.GetResponseAsync("n")).Text); return File.ReadAllText($"/data/page{n}.txt"); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<string> Run(IChatClient chat) { var kind = (await chat.GetResponseAsync("kind")).Text; var file = kind switch { "faq" => "faq.md", _ => "index.md" }; return File.ReadAllText(file); } }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task Run(IChatClient chat) => File.WriteAllText("answers.log", (await chat.GetResponseAsync("x")).Text); }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { void Run(string userPath, IChatClient unused) => File.Delete(userPath); }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        [AttributeUsage(AttributeTargets.Method)] sealed class LlmOutputValidatorAttribute : Attribute { }
        static class Names { [LlmOutputValidator] public static string Safe(string s) => s; }
        class C { async Task Run(IChatClient chat) => File.Delete(Names.Safe((await chat.GetResponseAsync("x")).Text)); }
        """,
        """
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class C { async Task<bool> Run(IChatClient chat) { var guid = Guid.Parse((await chat.GetResponseAsync("id")).Text); return File.Exists($"/cache/{guid}.bin"); } }
        """,
        """
        // <auto-generated/>
        using System; using System.IO; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.AI; using OpenAI.Chat;
        class Generated { async Task Run(IChatClient chat) => File.Delete((await chat.GetResponseAsync("x")).Text); }
        """,
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Flags_llm_output_in_paths(string source) => Verify.VerifyAsync(source);

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task Ignores_file_names_contained_paths_and_constants(string source) => Verify.VerifyAsync(source);
}
