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

/// <summary>The model-loading APIs of ML.NET, ONNX Runtime, TorchSharp, TensorFlow.NET and LLamaSharp, resolved once per compilation.</summary>
internal sealed class ModelArtifactApis
{
    private static readonly (string Type, string? Method, string[] ArtifactParameters)[] Specs =
    {
        ("Microsoft.ML.ModelOperationsCatalog", "Load", new[] { "filePath", "stream" }),
        ("Microsoft.ML.ModelOperationsCatalog", "LoadWithDataLoader", new[] { "filePath", "stream" }),
        ("Microsoft.ML.OnnxCatalog", "ApplyOnnxModel", new[] { "modelFile", "modelBytes" }),
        ("Microsoft.ML.TensorflowCatalog", "LoadTensorFlowModel", new[] { "modelLocation" }),
        ("Microsoft.ML.OnnxRuntime.InferenceSession", null, new[] { "modelPath", "model" }),
        ("TorchSharp.torch+jit", "load", new[] { "filename", "bytes" }),
        ("TorchSharp.torch+nn+Module", "load", new[] { "location", "reader", "stream" }),
        ("TorchSharp.torch", "load", new[] { "location" }),
        ("TorchSharp.torch+Tensor", "Load", new[] { "location", "reader", "stream" }),
        ("TorchSharp.torch+export", "load", new[] { "location", "filename" }),
        ("Tensorflow.SavedModelAPI", "load", new[] { "export_dir" }),
        ("Tensorflow.Keras.Models.IModelsApi", "load_model", new[] { "filepath" }),
        ("Tensorflow.Session", "LoadFromSavedModel", new[] { "path" }),
        ("LLama.LLamaWeights", "LoadFromFile", new[] { "params", "@params" }),
        ("LLama.LLamaWeights", "LoadFromFileAsync", new[] { "params", "@params" }),
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

    private readonly Dictionary<INamedTypeSymbol, List<(string? Method, string[] Parameters)>> _byType;

    private ModelArtifactApis(Dictionary<INamedTypeSymbol, List<(string? Method, string[] Parameters)>> byType) => _byType = byType;

    /// <summary>Null when the compilation references no model-loading library: the calling rule then registers nothing.</summary>
    public static ModelArtifactApis? Create(Compilation compilation)
    {
        var byType = new Dictionary<INamedTypeSymbol, List<(string?, string[])>>(SymbolEqualityComparer.Default);
        foreach (var (typeName, method, parameters) in Specs)
        {
            foreach (var type in TypeSet.Resolve(compilation, typeName))
            {
                if (!byType.TryGetValue(type, out var list))
                {
                    list = new List<(string?, string[])>();
                    byType.Add(type, list);
                }

                list.Add((method, parameters));
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

        var spec = Find(method);
        if (spec is null || arguments.IsEmpty)
        {
            return false;
        }

        IOperation? artifact = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not null && Array.IndexOf(spec, argument.Parameter.Name) >= 0)
            {
                artifact = argument.Value;
                break;
            }
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

    private string[]? Find(IMethodSymbol method)
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

    private string[]? Match(INamedTypeSymbol type, string? methodName)
    {
        if (!_byType.TryGetValue(type.OriginalDefinition, out var specs))
        {
            return null;
        }

        foreach (var (method, parameters) in specs)
        {
            if (string.Equals(method, methodName, StringComparison.Ordinal))
            {
                return parameters;
            }
        }

        return null;
    }
}
