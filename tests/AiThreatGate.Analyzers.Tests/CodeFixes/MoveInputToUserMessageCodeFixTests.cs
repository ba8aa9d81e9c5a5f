using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.CodeFixVerifier<AiThreatGate.Analyzers.Rules.UntrustedInputInInstructionsAnalyzer, AiThreatGate.CodeFixes.MoveInputToUserMessageCodeFix>;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

public sealed class MoveInputToUserMessageCodeFixTests
{
    [Fact]
    public Task Splits_a_semantic_kernel_system_message_statement() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class HistoryController : ControllerBase
        {
            [HttpPost]
            public ChatHistory Start(string topic)
            {
                var history = new ChatHistory();
                history.AddSystemMessage([|$"Only discuss {topic}. Be brief."|]);
                return history;
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class HistoryController : ControllerBase
        {
            [HttpPost]
            public ChatHistory Start(string topic)
            {
                var history = new ChatHistory();
                history.AddSystemMessage("Only discuss [given in the user message]. Be brief.");
                history.AddUserMessage(topic);
                return history;
            }
        }
        """);

    [Fact]
    public Task Adds_an_openai_user_message_after_the_system_message_in_a_params_call() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class SupportController : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string product, [FromServices] ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync(new SystemChatMessage([|"You support " + product|]));
                return completion.Content[0].Text;
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class SupportController : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string product, [FromServices] ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync(new SystemChatMessage("You support [given in the user message]"), new UserChatMessage(product));
                return completion.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task Adds_a_microsoft_extensions_ai_user_message_in_an_array() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage[] Messages(string persona) => new[] { new ChatMessage(ChatRole.System, [|$"You are {persona}."|]) };
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage[] Messages(string persona) => new[] { new ChatMessage(ChatRole.System, "You are [given in the user message]."), new ChatMessage(ChatRole.User, persona) };
        }
        """);

    [Fact]
    public Task Adds_a_user_message_in_a_collection_expression() => Verify.VerifyAsync(
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public List<ChatMessage> Messages(string tone) => [ChatMessage.CreateSystemMessage([|"Use a " + tone + " tone."|])];
        }
        """,
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public List<ChatMessage> Messages(string tone) => [ChatMessage.CreateSystemMessage("Use a [given in the user message] tone."), new UserChatMessage(tone)];
        }
        """);

    [Fact]
    public Task Offers_nothing_when_the_message_is_not_in_a_list() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Instructions(string persona) => new SystemChatMessage([|"You are " + persona|]);
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage Instructions(string persona) => new SystemChatMessage("You are " + persona);
        }
        """);

    [Fact]
    public Task Fix_all_splits_two_system_messages_of_one_list_and_two_statements() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage[] Messages(string persona, string tone) => new[]
            {
                new ChatMessage(ChatRole.System, [|$"You are {persona}."|]),
                new ChatMessage(ChatRole.System, [|"Use a " + tone + " tone."|]),
            };

            [HttpPost]
            public ChatHistory Start(string topic, string audience)
            {
                var history = new ChatHistory();
                history.AddSystemMessage([|$"Only discuss {topic}."|]);
                history.AddSystemMessage([|$"Write for {audience}."|]);
                return history;
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage[] Messages(string persona, string tone) => new[]
            {
                new ChatMessage(ChatRole.System, "You are [given in the user message]."),
                new ChatMessage(ChatRole.User, persona),
                new ChatMessage(ChatRole.System, "Use a [given in the user message] tone."),
                new ChatMessage(ChatRole.User, tone),
            };

            [HttpPost]
            public ChatHistory Start(string topic, string audience)
            {
                var history = new ChatHistory();
                history.AddSystemMessage("Only discuss [given in the user message].");
                history.AddUserMessage(topic);
                history.AddSystemMessage("Write for [given in the user message].");
                history.AddUserMessage(audience);
                return history;
            }
        }
        """,
        fixAll: true);

    [Fact]
    public Task Fix_all_splits_two_system_messages_of_one_call() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class SupportController : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string product, string tone, [FromServices] ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync(new SystemChatMessage([|"You support " + product|]), new SystemChatMessage([|$"Use a {tone} tone."|]));
                return completion.Content[0].Text;
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;
        public sealed class SupportController : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string product, string tone, [FromServices] ChatClient chat)
            {
                ChatCompletion completion = await chat.CompleteChatAsync(new SystemChatMessage("You support [given in the user message]"), new UserChatMessage(product), new SystemChatMessage("Use a [given in the user message] tone."), new UserChatMessage(tone));
                return completion.Content[0].Text;
            }
        }
        """,
        fixAll: true);

    [Fact]
    public Task Keeps_one_message_per_line_after_the_last_element() => Verify.VerifyAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage[] Messages(string persona) => new[]
            {
                new ChatMessage(ChatRole.System, [|$"You are {persona}."|])
            };
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        public sealed class PersonaController : ControllerBase
        {
            [HttpGet]
            public ChatMessage[] Messages(string persona) => new[]
            {
                new ChatMessage(ChatRole.System, "You are [given in the user message]."),
                new ChatMessage(ChatRole.User, persona)
            };
        }
        """);
}
