using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Inventory;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiThreatGate.Cli.Scanning;

/// <summary>
/// Finds the AI assets a compilation actually uses: models loaded, LLM providers called, system prompts, tools
/// exposed to models, embedding and vector stores, training-data loads and the HTTP endpoints that reach them.
/// Used by <c>init</c> to scaffold a threat model; the analyzers report risks, this reports inventory.
/// </summary>
public static class AiInventory
{
    /// <summary>The file of an asset found in a syntax tree without a path (tests, generated in memory): not a scope.</summary>
    public const string InMemoryPath = FoundAsset.InMemoryPath;

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
        var solution = compilations.ToList();

        // A handler in one project reaching the model through a service of another (the usual Web -> Ai split) is an AI
        // endpoint too: a call is followed into the project that declares the callee.
        var owners = new Dictionary<SyntaxTree, Compilation>();
        foreach (var compilation in solution)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                owners.TryAdd(tree, compilation);
            }
        }

        foreach (var compilation in solution)
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

                foreach (var endpoint in FindEndpoints(root, model, owners))
                {
                    found.Add(Asset("endpoint", endpoint.Name, "inference, post-deployment", tree, endpoint.Node, repositoryRoot) with { Uses = endpoint.Uses });
                }
            }
        }

        // One row per kind and name; the first place it is found is its reference, and every place counts for scoping.
        return found
            .GroupBy(a => a.Key)
            .Select(g =>
            {
                var ordered = g.OrderBy(a => a.File, StringComparer.Ordinal).ThenBy(a => a.Line).ToList();
                return ordered[0] with
                {
                    Files = ordered.Select(a => a.File).Distinct(StringComparer.Ordinal).ToList(),
                    Uses = ordered.SelectMany(a => a.Uses).Distinct().OrderBy(k => KindOrder(k.Kind)).ThenBy(k => k.Name, StringComparer.Ordinal).ToList(),
                };
            })
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

        // session.Run(...) on a field or property: the model is the one that member was created with, so the call and
        // the creation are one asset and an endpoint that reaches the call is linked to that model, not to a generic one.
        if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            var created = CreatedInto(access.Expression, model).Select(c => Describe(name, c.Creation, c.Model)).Distinct(StringComparer.Ordinal).ToList();
            if (created.Count == 1)
            {
                return created[0];
            }
        }

        return name;
    }

    /// <summary>The object creations assigned to a field or property (initializer or assignment in its type) that <paramref name="receiver"/> names.</summary>
    private static IEnumerable<(BaseObjectCreationExpressionSyntax Creation, SemanticModel Model)> CreatedInto(ExpressionSyntax receiver, SemanticModel model)
    {
        if (model.GetSymbolInfo(receiver).Symbol is not { Kind: SymbolKind.Field or SymbolKind.Property } member)
        {
            yield break;
        }

        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            if (!model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                continue;
            }

            var typeModel = declaration.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(declaration.SyntaxTree);
            foreach (var node in declaration.DescendantNodes())
            {
                var value = node switch
                {
                    VariableDeclaratorSyntax { Initializer.Value: var initial } when SymbolEqualityComparer.Default.Equals(typeModel.GetDeclaredSymbol(node), member) => initial,
                    PropertyDeclarationSyntax { Initializer.Value: var initial } when SymbolEqualityComparer.Default.Equals(typeModel.GetDeclaredSymbol(node), member) => initial,
                    AssignmentExpressionSyntax assignment when SymbolEqualityComparer.Default.Equals(typeModel.GetSymbolInfo(assignment.Left).Symbol, member) => assignment.Right,
                    _ => null,
                };
                if (value is BaseObjectCreationExpressionSyntax creation && typeModel.GetSymbolInfo(creation).Symbol is IMethodSymbol constructor && Classify(constructor) is not null)
                {
                    yield return (creation, typeModel);
                }
            }
        }
    }

    private static IEnumerable<(string Name, SyntaxNode Node, IReadOnlyList<AssetKey> Uses)> FindEndpoints(SyntaxNode root, SemanticModel model, IReadOnlyDictionary<SyntaxTree, Compilation> owners)
    {
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name.StartsWith("Map", StringComparison.Ordinal)
                && invocation.ArgumentList.Arguments.Count >= 2
                && model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression).Value is string route
                && invocation.ArgumentList.Arguments[1].Expression is LambdaExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax
                && Reached(invocation.ArgumentList.Arguments[1].Expression, model, owners) is { Count: > 0 } uses && uses.Any(IsAiService))
            {
                yield return ($"HTTP endpoint {Verb(name)}{route}", invocation, uses);
            }
        }

        foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(type) is not { } symbol || !DerivesFrom(symbol, "ControllerBase"))
            {
                continue;
            }

            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>().Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword)))
            {
                if (Reached(method, model, owners) is { Count: > 0 } uses && uses.Any(IsAiService))
                {
                    yield return ($"HTTP endpoint {symbol.Name}.{method.Identifier.ValueText}", method, uses);
                }
            }
        }
    }

    /// <summary>What makes an endpoint an AI endpoint: it reaches a model, an LLM client or an embedding generator.</summary>
    private static bool IsAiService(AssetKey key) => key.Kind is "connector" or "model-weights" or "embeddings";

    /// <summary>
    /// The assets the code uses, directly or through methods and constructors of the solution (three calls deep), named
    /// exactly as <see cref="Scan"/> names them so an endpoint's uses are edges to existing assets.
    /// </summary>
    private static IReadOnlyList<AssetKey> Reached(SyntaxNode node, SemanticModel model, IReadOnlyDictionary<SyntaxTree, Compilation> owners)
    {
        var reached = new List<AssetKey>();
        Reach(node, model, owners, 3, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), reached);
        return reached.Distinct().ToList();
    }

    private static void Reach(SyntaxNode node, SemanticModel model, IReadOnlyDictionary<SyntaxTree, Compilation> owners, int depth, HashSet<IMethodSymbol> visited, List<AssetKey> reached)
    {
        foreach (var call in node.DescendantNodesAndSelf().Where(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            if (Classify(method) is { } signature)
            {
                if (signature.Kind is "connector" or "model-weights" or "embeddings" or "memory-store" or "prompt")
                {
                    reached.Add(new AssetKey(signature.Kind, Describe(signature.Name, call, model)));
                }

                continue;
            }

            if (depth == 0 || !visited.Add(method.OriginalDefinition))
            {
                continue;
            }

            // Into the callee's body, and for a constructed object into its field and property initializers. Not into the
            // type's other methods: a handler that calls one method must not be linked to the models the others use.
            var declarations = method.OriginalDefinition.DeclaringSyntaxReferences.Select(r => r.GetSyntax())
                .Concat(method.MethodKind == MethodKind.Constructor ? Initializers(method.ContainingType) : Enumerable.Empty<SyntaxNode>());
            foreach (var declaration in declarations)
            {
                var owner = model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree) ? model.Compilation : owners.GetValueOrDefault(declaration.SyntaxTree);
                if (owner is null)
                {
                    continue;
                }

                var calleeModel = declaration.SyntaxTree == model.SyntaxTree ? model : owner.GetSemanticModel(declaration.SyntaxTree);
                Reach(declaration, calleeModel, owners, depth - 1, visited, reached);
            }
        }
    }

    private static IEnumerable<SyntaxNode> Initializers(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().SelectMany(t =>
            t.Members.OfType<FieldDeclarationSyntax>().Cast<SyntaxNode>()
                .Concat(t.Members.OfType<PropertyDeclarationSyntax>().Select(p => p.Initializer).OfType<SyntaxNode>()));

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
        var path = string.IsNullOrEmpty(tree.FilePath) ? InMemoryPath : Path.GetRelativePath(repositoryRoot, tree.FilePath).Replace('\\', '/');
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
