using System.Threading.Tasks;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.AnalyzerVerifier<AiThreatGate.Analyzers.Rules.ExternalContentInPromptAnalyzer>;

namespace AiThreatGate.Analyzers.Tests.Rules;

/// <summary>AITG022 where retrieved text is gathered in a set or dictionary whose Add returns a bool, then joined into the prompt.</summary>
public sealed partial class ExternalContentInPromptAnalyzerTests
{
    [Fact]
    public Task Search_results_gathered_in_a_hash_set_and_joined_into_the_user_prompt() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.VectorData;
        public sealed class Movie { public string Name { get; set; } = ""; public string Link { get; set; } = ""; }
        static class Rag
        {
            public static async Task<string> Ask(IChatClient chat, VectorStoreCollection<Guid, Movie> movies, ReadOnlyMemory<float> embedding, string query)
            {
                var results = movies.SearchAsync(embedding, 10);
                var found = new HashSet<string>();
                var scores = new HashSet<string>();
                await foreach (var result in results)
                {
                    found.Add($"[{result.Record.Name}]: {result.Record.Link}");
                    scores.Add((result.Score ?? 0).ToString("F2"));
                }

                var context = string.Join(Environment.NewLine, found);
                var prompt = $"Current context:\n{context}\n\nUser question: {query}";
                var userMessage = new ChatMessage(ChatRole.User, [|prompt|]);
                var scoreMessage = new ChatMessage(ChatRole.User, "Scores: " + string.Join(", ", scores));
                return (await chat.GetResponseAsync([new ChatMessage(ChatRole.System, "You know movies."), userMessage, scoreMessage])).Text;
            }
        }
        """);

    [Fact]
    public Task Most_similar_record_from_an_own_search_helper_in_a_chat_history_system_message() => Verify.VerifyAsync("""
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.VectorData;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        public sealed class Pokemon { public string Description { get; set; } = ""; public int Level { get; set; } }
        public sealed class Similarity
        {
            public async Task<string> MostSimilarAsync(VectorStoreCollection<long, Pokemon> collection, ReadOnlyMemory<float> embedding)
            {
                await foreach (var hit in collection.SearchAsync(embedding, top: 1))
                {
                    return hit.Record.Description;
                }

                return "";
            }

            public async Task<int> LevelAsync(VectorStoreCollection<long, Pokemon> collection, ReadOnlyMemory<float> embedding)
            {
                await foreach (var hit in collection.SearchAsync(embedding, top: 1))
                {
                    return hit.Record.Level;
                }

                return 0;
            }
        }
        public sealed class Recommender
        {
            private readonly Similarity _similarity = new();
            public async Task RunAsync(IChatCompletionService chat, VectorStoreCollection<long, Pokemon> collection, ReadOnlyMemory<float> embedding, string userInput)
            {
                string mostSimilar = await _similarity.MostSimilarAsync(collection, embedding);
                string prompt = $"You are a bot that makes recommendations. Recommended: {mostSimilar}. User input: {userInput}.";
                var history = new ChatHistory([|prompt|]);
                var level = await _similarity.LevelAsync(collection, embedding);
                var leveled = new ChatHistory($"You recommend Pokémon of level {level}.");
                await chat.GetChatMessageContentsAsync(history);
                await chat.GetChatMessageContentsAsync(leveled);
            }
        }
        """);
}
