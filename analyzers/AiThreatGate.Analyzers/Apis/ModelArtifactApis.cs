using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Analyzers.Roslyn;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiThreatGate.Analyzers.Apis;

/// <summary>A call that loads a model artefact, and the argument that names or carries the artefact.</summary>
internal readonly struct ModelLoad
{
    public ModelLoad(IOperation operation, string apiName, IOperation artifact)
    {
        Operation = operation;
        ApiName = apiName;
        Artifact = artifact;
    }

    public IOperation Operation { get; }

    public string ApiName { get; }

    public IOperation Artifact { get; }
}

/// <summary>The model-loading APIs of ML.NET, ONNX Runtime (and its GenAI library), TorchSharp, TensorFlow.NET and LLamaSharp (weights, adapters, saved state), resolved once per compilation.</summary>
internal sealed class ModelArtifactApis
{
    // Type, method (null: a constructor) and the parameters that name or carry the artefact. When no argument goes to
    // one of them the first argument is taken, except for the loads marked PathOnly: those have overloads that take
    // an object already in memory (a saved LLamaSharp state, an ONNX GenAI Config), which is not a file being read.
    private static readonly (string Type, string? Method, string[] ArtifactParameters, bool PathOnly)[] Specs =
    {
        ("Microsoft.ML.ModelOperationsCatalog", "Load", new[] { "filePath", "stream" }, false),
        ("Microsoft.ML.ModelOperationsCatalog", "LoadWithDataLoader", new[] { "filePath", "stream" }, false),
        ("Microsoft.ML.OnnxCatalog", "ApplyOnnxModel", new[] { "modelFile", "modelBytes" }, false),
        ("Microsoft.ML.TensorflowCatalog", "LoadTensorFlowModel", new[] { "modelLocation" }, false),
        ("Microsoft.ML.OnnxRuntime.InferenceSession", null, new[] { "modelPath", "model" }, false),
        ("TorchSharp.torch+jit", "load", new[] { "filename", "bytes" }, false),
        ("TorchSharp.torch+nn+Module", "load", new[] { "location", "reader", "stream" }, false),
        ("TorchSharp.torch", "load", new[] { "location" }, false),
        ("TorchSharp.torch+Tensor", "Load", new[] { "location", "reader", "stream" }, false),
        ("TorchSharp.torch+export", "load", new[] { "location", "filename" }, false),
        ("Tensorflow.SavedModelAPI", "load", new[] { "export_dir" }, false),
        ("Tensorflow.Keras.Models.IModelsApi", "load_model", new[] { "filepath" }, false),
        ("Tensorflow.Session", "LoadFromSavedModel", new[] { "path" }, false),
        ("LLama.LLamaWeights", "LoadFromFile", new[] { "params", "@params" }, false),
        ("LLama.LLamaWeights", "LoadFromFileAsync", new[] { "params", "@params" }, false),
        ("LLama.Native.SafeLlamaModelHandle", "LoadFromFile", new[] { "modelPath" }, true),
        ("LLama.Native.SafeLlamaModelHandle", "LoadLoraFromFile", new[] { "path" }, true),
        ("LLama.MtmdWeights", "LoadFromFile", new[] { "mmProject" }, true),
        ("LLama.MtmdWeights", "LoadFromFileAsync", new[] { "mmProject" }, true),

        // Saved inference state: the KV cache and executor state condition every later answer of the model.
        ("LLama.LLamaContext", "LoadState", new[] { "filename" }, true),
        ("LLama.Batched.LLamaContextExtensions", "LoadState", new[] { "filename" }, true),
        ("LLama.StatefulExecutorBase", "LoadState", new[] { "filename" }, true),
        ("LLama.ChatSession", "LoadSession", new[] { "path" }, true),
        ("LLama.SessionState", "Load", new[] { "path" }, true),
        ("LLama.Batched.BatchedExecutor", "Load", new[] { "filepath" }, true),
        ("LLama.Batched.Conversation", "Load", new[] { "filepath" }, true),

        // ONNX Runtime GenAI: a model folder (config, ONNX graphs, tokenizer), in-memory model data, LoRA adapters.
        ("Microsoft.ML.OnnxRuntimeGenAI.Model", null, new[] { "modelPath" }, true),
        ("Microsoft.ML.OnnxRuntimeGenAI.Config", null, new[] { "modelPath" }, true),
        ("Microsoft.ML.OnnxRuntimeGenAI.Config", "AddModelData", new[] { "modelData" }, true),
        ("Microsoft.ML.OnnxRuntimeGenAI.Adapters", "LoadAdapter", new[] { "adapterPath" }, true),
    };

    // Every invocation and construction of the compilation is asked about: a name test rejects nearly all of them
    // before any type (and its interfaces) is looked at.
    private static readonly HashSet<string> MethodNames = new(StringComparer.Ordinal);

    static ModelArtifactApis()
    {
        foreach (var spec in Specs)
        {
            if (spec.Method is not null)
            {
                MethodNames.Add(spec.Method);
            }
        }

        var typeName = Specs.Select(spec => spec.Type.Substring(Math.Max(spec.Type.LastIndexOf('.'), spec.Type.LastIndexOf('+')) + 1));
        Names = MethodNames.Concat(typeName).Distinct().ToArray();
    }

    /// <summary>The member and type names a use of these APIs mentions (the syntax prefilter of the model rules).</summary>
    public static string[] Names { get; }

    private readonly Dictionary<INamedTypeSymbol, List<(string? Method, string[] Parameters, bool PathOnly)>> _byType;

    private ModelArtifactApis(Dictionary<INamedTypeSymbol, List<(string? Method, string[] Parameters, bool PathOnly)>> byType) => _byType = byType;

    /// <summary>Null when the compilation references no model-loading library: the calling rule then registers nothing.</summary>
    public static ModelArtifactApis? Create(Compilation compilation)
    {
        var byType = new Dictionary<INamedTypeSymbol, List<(string?, string[], bool)>>(SymbolEqualityComparer.Default);
        foreach (var (typeName, method, parameters, pathOnly) in Specs)
        {
            foreach (var type in TypeSet.Resolve(compilation, typeName))
            {
                if (!byType.TryGetValue(type, out var list))
                {
                    list = new List<(string?, string[], bool)>();
                    byType.Add(type, list);
                }

                list.Add((method, parameters, pathOnly));
            }
        }

        return byType.Count == 0 ? null : new ModelArtifactApis(byType);
    }

    public bool TryGetLoad(IOperation operation, out ModelLoad load)
    {
        load = default;
        IMethodSymbol? method;
        System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments;
        switch (operation)
        {
            case IInvocationOperation invocation:
                method = invocation.TargetMethod;
                arguments = invocation.Arguments;
                break;
            case IObjectCreationOperation creation when creation.Constructor is not null:
                method = creation.Constructor;
                arguments = creation.Arguments;
                break;
            default:
                return false;
        }

        var found = Find(method);
        if (found is not { } match || arguments.IsEmpty)
        {
            return false;
        }

        IOperation? artifact = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not null && Array.IndexOf(match.Parameters, argument.Parameter.Name) >= 0)
            {
                artifact = argument.Value;
                break;
            }
        }

        if (artifact is null && match.PathOnly)
        {
            return false;
        }

        if (artifact is null)
        {
            var first = method.IsExtensionMethod && arguments.Length > 1 ? arguments[1] : arguments[0];
            artifact = first.Value;
        }

        var apiName = method.MethodKind == MethodKind.Constructor
            ? "new " + method.ContainingType.Name
            : method.ContainingType.Name + "." + method.Name;
        load = new ModelLoad(operation, apiName, artifact);
        return true;
    }

    private (string[] Parameters, bool PathOnly)? Find(IMethodSymbol method)
    {
        var name = method.MethodKind == MethodKind.Constructor ? null : method.Name;
        if (name is not null && !MethodNames.Contains(name))
        {
            return null;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            var match = Match(type, name);
            if (match is not null)
            {
                return match;
            }
        }

        if (name is null)
        {
            return null; // constructors are not declared by interfaces
        }

        foreach (var implemented in method.ContainingType.AllInterfaces)
        {
            var match = Match(implemented, name);
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    private (string[] Parameters, bool PathOnly)? Match(INamedTypeSymbol type, string? methodName)
    {
        if (!_byType.TryGetValue(type.OriginalDefinition, out var specs))
        {
            return null;
        }

        foreach (var (method, parameters, pathOnly) in specs)
        {
            if (string.Equals(method, methodName, StringComparison.Ordinal))
            {
                return (parameters, pathOnly);
            }
        }

        return null;
    }
}
