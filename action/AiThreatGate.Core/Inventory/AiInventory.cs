using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiThreatGate.Core.Inventory;

/// <summary>An AI asset found in code: what it is, where, and which lifecycle stages it belongs to.</summary>
public sealed record FoundAsset(string Kind, string Name, string Stages, string File, int Line);

/// <summary>
/// Finds the AI assets a compilation actually uses: models loaded, LLM providers called, system prompts, tools
/// exposed to models, embedding and vector stores, training-data loads and the HTTP endpoints that reach them.
/// Used by <c>init</c> to scaffold a threat model; the analyzers report risks, this reports inventory.
/// </summary>
public static class AiInventory
{
    private static readonly (string TypePrefix, string? Member, string Kind, string Name, string Stages)[] Signatures =
    {
        ("Microsoft.ML.ModelOperationsCatalog", "Load", "model-weights", "ML.NET model", "model-storage, inference"),
        ("Microsoft.ML.OnnxCatalog", "ApplyOnnxModel", "model-weights", "ONNX model (ML.NET)", "model-storage, inference"),
        ("Microsoft.ML.OnnxRuntime.InferenceSession", null, "model-weights", "ONNX model", "model-storage, inference"),
        ("Microsoft.ML.OnnxRuntime.InferenceSession", "Run", "model-weights", "ONNX model", "model-storage, inference"),
        ("Microsoft.ML.PredictionEngine", "Predict", "model-weights", "ML.NET model", "model-storage, inference"),
        ("TorchSharp.torch", "load", "model-weights", "TorchSharp model", "model-storage, inference"),
        ("LLama.LLamaWeights", "LoadFromFile", "model-weights", "GGUF model (LLamaSharp)", "model-storage, inference"),
        ("Tensorflow", "load_model", "model-weights", "TensorFlow model", "model-storage, inference"),
        ("OpenAI.OpenAIClient", null, "connector", "OpenAI API", "inference"),
        ("OpenAI.Chat.ChatClient", null, "connector", "OpenAI chat API", "inference"),
        ("OpenAI.Chat.ChatClient", "CompleteChat", "connector", "OpenAI chat API", "inference"),
        ("OpenAI.Responses", "CreateResponse", "connector", "OpenAI Responses API", "inference"),
        ("Azure.AI.OpenAI.AzureOpenAIClient", null, "connector", "Azure OpenAI", "inference"),
        ("Anthropic.AnthropicClient", null, "connector", "Anthropic API", "inference"),
        ("Microsoft.Extensions.AI.IChatClient", "GetResponse", "connector", "LLM via Microsoft.Extensions.AI", "inference"),
        ("Microsoft.SemanticKernel.Kernel", "InvokePrompt", "connector", "LLM via Semantic Kernel", "inference"),
        ("OllamaSharp.OllamaApiClient", null, "connector", "Ollama", "inference"),
        ("OpenAI.Chat.SystemChatMessage", null, "prompt", "System prompt", "inference"),
        ("OpenAI.Chat.DeveloperChatMessage", null, "prompt", "Developer prompt", "inference"),
        ("Microsoft.SemanticKernel.ChatCompletion.ChatHistory", "AddSystemMessage", "prompt", "System prompt", "inference"),
        ("OpenAI.Embeddings.EmbeddingClient", null, "embeddings", "Embeddings (OpenAI)", "inference"),
        ("Microsoft.Extensions.AI.IEmbeddingGenerator", "Generate", "embeddings", "Embeddings", "inference"),
        ("Microsoft.Extensions.VectorData", null, "memory-store", "Vector store", "inference"),
        ("Microsoft.ML.TextLoaderSaverCatalog", "LoadFromTextFile", "dataset", "Training data (text file)", "data-collection, training"),
        ("Microsoft.ML.BinaryLoaderSaverCatalog", "LoadFromBinary", "dataset", "Training data (binary)", "data-collection, training"),
        ("OpenAI.Files.OpenAIFileClient", "UploadFile", "dataset", "Fine-tuning / assistant files", "data-collection, training"),
        ("Microsoft.Extensions.AI.AIFunctionFactory", "Create", "connector", "Tool exposed to the model", "inference"),
    };

    public static IReadOnlyList<FoundAsset> Scan(IEnumerable<Compilation> compilations, string repositoryRoot)
    {
        var found = new List<FoundAsset>();
        foreach (var compilation in compilations)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (IsGenerated(tree))
                {
                    continue;
                }

                var model = compilation.GetSemanticModel(tree);
                var root = tree.GetRoot();
                foreach (var node in root.DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax:
                            var symbol = model.GetSymbolInfo(node).Symbol as IMethodSymbol;
                            if (symbol is not null && Classify(symbol) is { } signature)
                            {
                                found.Add(Asset(signature.Kind, Describe(signature.Name, node, model), signature.Stages, tree, node, repositoryRoot));
                            }

                            break;
                        case MethodDeclarationSyntax method when HasAttribute(method.AttributeLists, "KernelFunction", "OllamaTool"):
                            found.Add(Asset("connector", "Tool exposed to the model: " + method.Identifier.ValueText, "inference", tree, method, repositoryRoot));
                            break;
                    }
                }

                foreach (var endpoint in FindEndpoints(root, model))
                {
                    found.Add(Asset("endpoint", endpoint.Name, "inference, post-deployment", tree, endpoint.Node, repositoryRoot));
                }
            }
        }

        // One row per kind and name; the first place it is found is its reference.
        return found
            .GroupBy(a => (a.Kind, a.Name))
            .Select(g => g.OrderBy(a => a.File, StringComparer.Ordinal).ThenBy(a => a.Line).First())
            .OrderBy(a => KindOrder(a.Kind)).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static (string Kind, string Name, string Stages)? Classify(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition.ToDisplayString() ?? string.Empty;
        var interfaces = method.ContainingType?.AllInterfaces.Select(i => i.OriginalDefinition.ToDisplayString()) ?? Enumerable.Empty<string>();
        foreach (var (prefix, member, kind, name, stages) in Signatures)
        {
            var typeMatches = type.StartsWith(prefix, StringComparison.Ordinal) || interfaces.Any(i => i.StartsWith(prefix, StringComparison.Ordinal));
            if (!typeMatches)
            {
                continue;
            }

            if (member is null ? method.MethodKind == MethodKind.Constructor : method.Name.StartsWith(member, StringComparison.Ordinal))
            {
                return (kind, name, stages);
            }
        }

        return null;
    }

    /// <summary>Adds a constant model or data path to the name, so two models are two assets.</summary>
    private static string Describe(string name, SyntaxNode node, SemanticModel model)
    {
        var arguments = node switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments,
            BaseObjectCreationExpressionSyntax creation when creation.ArgumentList is not null => creation.ArgumentList.Arguments,
            _ => default,
        };
        foreach (var argument in arguments)
        {
            if (model.GetConstantValue(argument.Expression).Value is string text && (text.Contains('.', StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal)) && !text.Contains(' ', StringComparison.Ordinal))
            {
                return $"{name} ({Path.GetFileName(text)})";
            }
        }

        return name;
    }

    private static IEnumerable<(string Name, SyntaxNode Node)> FindEndpoints(SyntaxNode root, SemanticModel model)
    {
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name.StartsWith("Map", StringComparison.Ordinal)
                && invocation.ArgumentList.Arguments.Count >= 2
                && model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression).Value is string route
                && invocation.ArgumentList.Arguments[1].Expression is LambdaExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax
                && UsesAi(invocation.ArgumentList.Arguments[1].Expression, model))
            {
                yield return ($"HTTP endpoint {Verb(name)}{route}", invocation);
            }
        }

        foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(type) is not { } symbol || !DerivesFrom(symbol, "ControllerBase"))
            {
                continue;
            }

            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>().Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && UsesAi(m, model)))
            {
                yield return ($"HTTP endpoint {symbol.Name}.{method.Identifier.ValueText}", method);
            }
        }
    }

    /// <summary>Whether the code calls an AI API, directly or through methods and constructors of this compilation (three calls deep).</summary>
    private static bool UsesAi(SyntaxNode node, SemanticModel model) => UsesAi(node, model, 3, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

    private static bool UsesAi(SyntaxNode node, SemanticModel model, int depth, HashSet<IMethodSymbol> visited)
    {
        foreach (var call in node.DescendantNodesAndSelf().Where(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            if (Classify(method) is { Kind: "connector" or "model-weights" or "embeddings" })
            {
                return true;
            }

            if (depth == 0 || !visited.Add(method.OriginalDefinition))
            {
                continue;
            }

            // Into the callee's body, and for a constructed object into its type's constructors and methods.
            var declarations = method.OriginalDefinition.DeclaringSyntaxReferences.Select(r => r.GetSyntax())
                .Concat(method.MethodKind == MethodKind.Constructor ? method.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax()) : Enumerable.Empty<SyntaxNode>());
            foreach (var declaration in declarations)
            {
                if (!model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                var calleeModel = declaration.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(declaration.SyntaxTree);
                if (UsesAi(declaration, calleeModel, depth - 1, visited))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Verb(string mapMethod) => mapMethod switch
    {
        "MapGet" => "GET ",
        "MapPost" => "POST ",
        "MapPut" => "PUT ",
        "MapDelete" => "DELETE ",
        _ => string.Empty,
    };

    private static bool DerivesFrom(INamedTypeSymbol type, string name)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(SyntaxList<AttributeListSyntax> lists, params string[] names) =>
        lists.SelectMany(l => l.Attributes).Any(a => names.Any(n => a.Name.ToString() == n || a.Name.ToString() == n + "Attribute" || a.Name.ToString().EndsWith("." + n, StringComparison.Ordinal)));

    private static FoundAsset Asset(string kind, string name, string stages, SyntaxTree tree, SyntaxNode node, string repositoryRoot)
    {
        var line = tree.GetLineSpan(node.Span).StartLinePosition.Line + 1;
        var path = string.IsNullOrEmpty(tree.FilePath) ? "(in memory)" : Path.GetRelativePath(repositoryRoot, tree.FilePath).Replace('\\', '/');
        return new FoundAsset(kind, name, stages, path, line);
    }

    private static bool IsGenerated(SyntaxTree tree)
    {
        var name = Path.GetFileName(tree.FilePath);
        return name.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase)
            || tree.FilePath.Contains("/obj/", StringComparison.Ordinal) || tree.GetRoot().GetLeadingTrivia().ToString().Contains("<auto-generated", StringComparison.Ordinal);
    }

    private static int KindOrder(string kind) => Array.IndexOf(new[] { "dataset", "model-weights", "embeddings", "memory-store", "prompt", "connector", "endpoint" }, kind);
}
