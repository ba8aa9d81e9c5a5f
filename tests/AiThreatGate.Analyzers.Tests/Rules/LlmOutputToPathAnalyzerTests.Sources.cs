using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.LlmOutputToPathAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG013 for MCP server tools (ModelContextProtocol 2.4.0): the connected model chooses the path.</summary>
public sealed partial class LlmOutputToPathAnalyzerTests
{
    [Fact]
    public Task Mcp_tool_argument_used_as_a_path() => Verify.VerifyAsync("""
        using System.IO;
        using ModelContextProtocol.Server;
        [McpServerToolType]
        public static class Notes
        {
            [McpServerTool]
            public static string Read(string name) => File.ReadAllText([|Path.Combine("/notes", name)|]);

            [McpServerTool]
            public static string ReadSafe(string name) => File.ReadAllText(Path.Combine("/notes", Path.GetFileName(name)));

            public static string NotATool(string name) => File.ReadAllText(Path.Combine("/notes", name));
        }
        """);

    // A transcript entry: its text is given to the constructor, its id by an initializer.
    private const string EntrySource = """
        public sealed class Entry
        {
            public Entry(string role, string text) { Role = role; Text = text; }
            public string Role { get; }
            public string Text { get; }
            public string Id { get; init; } = "";
        }
        """;

    /// <summary>
    /// One member of an object the method builds is not the whole object: the transcript entry's <c>Id</c> comes from the
    /// caller, only its <c>Text</c> from the model. A deserialized reply stays the model's in every member.
    /// </summary>
    [Fact]
    public Task Member_of_an_object_built_here_carries_only_what_it_was_given() => Verify.VerifyAsync(new[]
    {
        ("Entry.cs", EntrySource),
        ("Transcript.cs", """
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed record Reply(string Folder, string Summary);
        public sealed class Plan { public string File { get; set; } = ""; }
        public static class Transcript
        {
            public static async Task Save(IChatClient chat, string conversationId, string question)
            {
                var answer = (await chat.GetResponseAsync(question)).Text;
                var entry = new Entry("assistant", answer) { Id = conversationId };
                File.WriteAllText(Path.Combine("/transcripts", entry.Id + ".txt"), entry.Text);
                File.WriteAllText([|Path.Combine("/transcripts", entry.Text)|], "");
                var reread = new Entry("assistant", answer) { Id = conversationId };
                File.WriteAllText(Path.Combine("/transcripts", reread?.Id ?? "none"), "");
                File.WriteAllText([|reread?.Text ?? "none"|], "");

                var reply = new Reply(answer, "summary of " + conversationId);
                File.WriteAllText([|reply.Folder|], reply.Summary);
                File.WriteAllText(Path.Combine("/summaries", reply.Summary), "");

                var anonymous = new { Name = conversationId, Body = answer };
                File.WriteAllText(Path.Combine("/drafts", anonymous.Name), anonymous.Body);

                var plan = JsonSerializer.Deserialize<Plan>(answer)!;
                File.Delete([|plan.File|]);
            }
        }
        """),
    });
    /// <summary>
    /// The same for an object a service method builds and returns: the reply's <c>Id</c> is what the caller passed in,
    /// its <c>Text</c> the model's; an <c>Id</c> passed in from the model's answer is the model's again.
    /// </summary>
    [Fact]
    public Task Member_of_an_object_a_service_returns_carries_only_what_it_was_given() => Verify.VerifyAsync(new[]
    {
        ("Entry.cs", EntrySource),
        ("Transcript.cs", """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed class Replies(IChatClient chat)
        {
            public async Task<Entry> AskAsync(string conversationId, string question)
            {
                var answer = (await chat.GetResponseAsync(question)).Text;
                var entry = new Entry("assistant", answer) { Id = conversationId };
                return entry;
            }

            public async Task<string> NameAsync(string question) => (await chat.GetResponseAsync("Name a file for: " + question)).Text;
        }
        public static class Transcript
        {
            public static async Task Save(Replies replies, string conversationId, string question)
            {
                var entry = await replies.AskAsync(conversationId, question);
                File.WriteAllText(Path.Combine("/transcripts", entry.Id + ".txt"), entry.Text);
                File.Delete([|entry.Text|]);

                var named = await replies.AskAsync(await replies.NameAsync(question), question);
                File.Delete([|named.Id|]);
            }
        }
        """),
    });

    // A file to store: its name goes into the path, its content only into the file.
    private const string AttachmentSource = """
        public sealed class Attachment
        {
            public string FileName { get; set; } = "";
            public string Content { get; set; } = "";
            public string Notes { get; set; } = "";
        }
        """;

    private const string StoreSource = """
        using System.IO;
        public static class Store
        {
            public static void Save(Attachment attachment) => File.WriteAllText(Path.Combine("/files", attachment.FileName), attachment.Content);
            public static void SaveCopy(Attachment attachment) => Save(attachment);
            public static void SaveAs(Attachment attachment, string name) => File.WriteAllText(Path.Combine("/files", name), attachment.Content);
            public static void Archive(Attachment attachment) => File.WriteAllText(Path.Combine("/archive", attachment.FileName, attachment.Notes), attachment.Content);
        }
        """;

    /// <summary>
    /// A helper that reads one member of its parameter into a path: a caller's object reaches the path only through that
    /// member (another helper, through two of its three members). An attachment the caller builds with an identifier as its name and the model's answer as its content is
    /// safe (also when the content is assigned after, or when the parameter is passed on to the helper); one the caller
    /// did not build (a deserialized attachment) counts whole. The unsafe flows are reported at both ends: the call and the
    /// helper's path.
    /// </summary>
    [Fact]
    public Task Parameter_reaching_a_path_through_one_member() => Verify.VerifyAsync(new[]
    {
        ("Attachment.cs", AttachmentSource),
        ("Store.cs", StoreSource
            .Replace("Path.Combine(\"/files\", attachment.FileName)", "[|Path.Combine(\"/files\", attachment.FileName)|]")
            .Replace("Path.Combine(\"/files\", name)", "[|Path.Combine(\"/files\", name)|]")),
        ("Uploads.cs", """
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public static class Uploads
        {
            public static async Task Run(IChatClient chat, string id, string question)
            {
                var answer = (await chat.GetResponseAsync(question)).Text;
                Store.Save(new Attachment { FileName = id + ".txt", Content = answer });
                var draft = new Attachment { FileName = id };
                draft.Content = answer;
                Store.Save(draft);
                Store.SaveCopy(new Attachment { FileName = id, Content = answer });
                Store.SaveAs(new Attachment { Content = answer }, id);
                Store.Archive(new Attachment { FileName = id, Notes = "draft", Content = answer });

                var parsed = JsonSerializer.Deserialize<Attachment>(answer)!;
                Store.Save([|parsed|]);
                Store.SaveAs(new Attachment(), [|answer|]);
            }
        }
        """),
    });

    /// <summary>
    /// The same helper given an attachment the model names (in the initializer, assigned after creation, through the
    /// helper that passes it on): reported at each call; the member then holds model output, reported where it is read too.
    /// </summary>
    [Fact]
    public Task Parameter_reaching_a_path_through_the_member_the_model_names() => Verify.VerifyAsync(new[]
    {
        ("Attachment.cs", AttachmentSource),
        ("Store.cs", StoreSource
            .Replace("Path.Combine(\"/files\", attachment.FileName)", "[|Path.Combine(\"/files\", attachment.FileName)|]")
            .Replace("Path.Combine(\"/archive\", attachment.FileName, attachment.Notes)", "[|Path.Combine(\"/archive\", attachment.FileName, attachment.Notes)|]")),
        ("Uploads.cs", """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public static class Uploads
        {
            public static async Task Run(IChatClient chat, string id, string question)
            {
                var answer = (await chat.GetResponseAsync(question)).Text;
                var named = new Attachment { FileName = answer, Content = "" };
                Store.Save([|named|]);
                Store.SaveCopy([|new Attachment { FileName = answer }|]);
                var renamed = new Attachment { FileName = id };
                renamed.FileName = answer;
                Store.Save([|renamed|]);
                Store.Archive([|new Attachment { FileName = id, Notes = answer }|]);
            }
        }
        """),
    });

    /// <summary>
    /// The same through an interface, where the implementation's sink is reported with the caller's source: an
    /// attachment named by the caller is safe in every implementation; a deserialized one is reported at the call and
    /// at the implementation's sink.
    /// </summary>
    [Fact]
    public Task Parameter_reaching_a_path_through_one_member_behind_an_interface() => Verify.VerifyAsync(new[]
    {
        ("Attachment.cs", AttachmentSource),
        ("Store.cs", """
        using System.IO;
        public interface IStore { void Save(Attachment attachment); }
        public sealed class DiskStore : IStore
        {
            public void Save(Attachment attachment) => File.WriteAllText([|Path.Combine("/files", attachment.FileName)|], attachment.Content);
        }
        """),
        ("Uploads.cs", """
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public static class Uploads
        {
            public static async Task Run(IChatClient chat, IStore store, string id, string question)
            {
                var answer = (await chat.GetResponseAsync(question)).Text;
                store.Save(new Attachment { FileName = id + ".txt", Content = answer });
                store.Save([|JsonSerializer.Deserialize<Attachment>(answer)|]!);
            }
        }
        """),
    });

    /// <summary>
    /// Two implementations of the interface: one reads only the name into the path, the other the whole attachment
    /// (its content becomes the file name). Which runs is decided at run time, so the attachment counts whole.
    /// </summary>
    [Fact]
    public Task Implementations_reaching_a_path_through_different_members_count_the_whole_parameter() => Verify.VerifyAsync(new[]
    {
        ("Attachment.cs", AttachmentSource),
        ("Store.cs", """
        using System.IO;
        public interface IStore { void Save(Attachment attachment); }
        public sealed class DiskStore : IStore
        {
            public void Save(Attachment attachment) => File.WriteAllText(Path.Combine("/files", attachment.FileName), attachment.Content);
        }
        public sealed class NoteStore : IStore
        {
            public void Save(Attachment attachment) => File.WriteAllText([|Path.Combine("/notes", attachment.Content)|], "");
        }
        """),
        ("Uploads.cs", """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public static class Uploads
        {
            public static async Task Run(IChatClient chat, IStore store, string id, string question)
            {
                var answer = (await chat.GetResponseAsync(question)).Text;
                store.Save([|new Attachment { FileName = id + ".txt", Content = answer }|]);
            }
        }
        """),
    });

    /// <summary>
    /// A member that some code assigns model output to holds it for every object of its type, except an identifier
    /// (<c>MessageId</c>): the response's id copied into a turn is the provider's, not the model's text. A model-chosen
    /// identifier read from the deserialized answer itself is still the model's.
    /// </summary>
    [Fact]
    public Task Identifier_member_is_not_summarized_as_holding_output() => Verify.VerifyAsync("""
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public sealed class Turn { public string MessageId { get; set; } = ""; public string Text { get; set; } = ""; }
        public sealed class Plan { public string TargetId { get; set; } = ""; }
        public sealed class Conversation(IChatClient chat)
        {
            private readonly Turn _last = new();

            public async Task Ask(string question)
            {
                var response = await chat.GetResponseAsync(question);
                _last.MessageId = response.ResponseId ?? "";
                _last.Text = response.Text;
                var plan = JsonSerializer.Deserialize<Plan>(response.Text)!;
                File.Delete([|Path.Combine("/plans", plan.TargetId)|]);
            }

            public void Archive()
            {
                File.WriteAllText(Path.Combine("/turns", _last.MessageId + ".txt"), _last.Text);
                File.WriteAllText([|Path.Combine("/turns", _last.Text)|], "");
            }
        }
        """);
}
