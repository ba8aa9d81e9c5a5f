using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AiThreatGate.Bench;

/// <summary>What the analyzer benchmarks compile against, and where the repository is.</summary>
internal static class BenchCompilation
{
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiThreatGate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }

    /// <summary>The runtime's assemblies and the real packages the benchmarks compile against.</summary>
    public static List<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var packages = new[]
        {
            typeof(OpenAI.Chat.ChatClient).Assembly.Location,
            typeof(System.ClientModel.ClientResult).Assembly.Location,
            typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location,
            typeof(Microsoft.Extensions.Logging.ILoggerFactory).Assembly.Location,
            typeof(Microsoft.Data.Sqlite.SqliteCommand).Assembly.Location,
            typeof(Microsoft.ML.MLContext).Assembly.Location,
            typeof(Microsoft.ML.ITransformer).Assembly.Location,
            typeof(Microsoft.ML.IDataView).Assembly.Location,
            typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location,
            typeof(Microsoft.SemanticKernel.Kernel).Assembly.Location,
        };
        return platform.Concat(packages).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
    }

    /// <summary>
    /// The repository's stubs of the SDKs the registry does not serve (TensorFlow.NET, Microsoft.ML.TensorFlow, .NET
    /// Framework serializers), compiled once and referenced as an assembly, like the packages they stand for.
    /// </summary>
    public static MetadataReference StubsReference(string root, List<MetadataReference> references)
    {
        var stubs = Directory.GetFiles(Path.Combine(root, "tests", "AiThreatGate.Stubs"), "*.cs")
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f));
        var compilation = CSharpCompilation.Create(
            "AiThreatGate.Stubs",
            stubs,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Annotations));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("The stubs do not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
