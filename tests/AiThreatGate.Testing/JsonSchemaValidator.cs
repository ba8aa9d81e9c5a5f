using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace AiThreatGate.Testing;

/// <summary>
/// Validates JSON against a schema file with JsonSchema.Net (8.x: the last line free for companies). A thin wrapper
/// that keeps the tests' API: <see cref="FromFile"/>, then <see cref="Validate(string)"/> or
/// <see cref="ValidateAgainst"/>, each returning readable error strings (<c>$.path: keyword: message</c>), empty when valid.
/// <para>
/// Offline and deterministic: every schema in <c>../shared/schemas</c> and <c>docs/report.schema.json</c> is built once
/// into one registry of this process, dependencies first, so a <c>$ref</c> to a sibling schema (CycloneDX to SPDX, JSF,
/// cryptography definitions) resolves to the copy on disk by its <c>$id</c>. Fetching is switched off: a reference to
/// anything not registered fails the build with an error instead of going to the network.
/// </para>
/// <para>
/// Draft-04 (SARIF 2.1.0) has no dialect of its own in JsonSchema.Net 8; it is registered as the draft-06 keyword set
/// under the draft-04 URI, which is right for the keywords SARIF uses (no boolean exclusiveMinimum/Maximum; its
/// draft-04 <c>id</c> is passed as the base URI). A Swagger 2.0 document (Azure DevOps) is not a schema: it is
/// registered as a plain document, and <see cref="ValidateAgainst"/> builds <c>{"$ref": "&lt;document&gt;#/definitions/X"}</c>.
/// </para>
/// </summary>
public sealed class JsonSchemaValidator
{
    private static readonly Uri Draft04 = new("http://json-schema.org/draft-04/schema#");

    private static readonly Lazy<Store> SharedStore = new(() => Store.Load(SchemaFiles()), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ConcurrentDictionary<string, JsonSchemaValidator> AdHoc = new(StringComparer.Ordinal);

    private readonly Store _store;
    private readonly JsonSchema? _schema;
    private readonly ConcurrentDictionary<string, JsonSchema> _definitions = new(StringComparer.Ordinal);

    private JsonSchemaValidator(Store store, Uri documentUri, JsonSchema? schema)
    {
        _store = store;
        DocumentUri = documentUri;
        _schema = schema;
    }

    /// <summary>The URI the document is registered under: its <c>$id</c> (draft-04: <c>id</c>), else its file URI.</summary>
    public Uri DocumentUri { get; }

    /// <summary>
    /// The validator of a schema file. A file from <c>../shared/schemas</c> or the report schema comes from the
    /// process-wide registry; any other file is built in a registry of its own that also holds those schemas.
    /// </summary>
    public static JsonSchemaValidator FromFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (SharedStore.Value.Validators.TryGetValue(fullPath, out var known))
        {
            return known;
        }

        return AdHoc.GetOrAdd(fullPath, p => Store.Load(SchemaFiles().Append(p)).Validators[p]);
    }

    public IReadOnlyList<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Validate(document.RootElement);
    }

    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        if (_schema is null)
        {
            throw new InvalidOperationException($"{DocumentUri} is not a JSON Schema; validate against one of its definitions with ValidateAgainst.");
        }

        return Evaluate(_schema, instance);
    }

    /// <summary>Validates against a schema inside the document, by JSON Pointer fragment (a Swagger file's <c>#/definitions/Name</c>).</summary>
    public IReadOnlyList<string> ValidateAgainst(JsonElement instance, string pointer)
    {
        if (!pointer.StartsWith('#'))
        {
            throw new ArgumentException("Expected a fragment such as '#/definitions/Name': " + pointer, nameof(pointer));
        }

        var schema = _definitions.GetOrAdd(pointer, BuildReference);
        return Evaluate(schema, instance);
    }

    private JsonSchema BuildReference(string pointer)
    {
        lock (_store)
        {
            var reference = new UriBuilder(DocumentUri) { Fragment = pointer.Substring(1) }.Uri;
            // A base URI of its own, so that the wrapper's registration never collides with another's.
            var baseUri = new Uri($"urn:aithreatgate:test-reference:{Guid.NewGuid():N}");
            var text = JsonSerializer.Serialize(new Dictionary<string, string> { ["$schema"] = Draft04.OriginalString, ["$ref"] = reference.AbsoluteUri });
            return JsonSchema.FromText(text, _store.ReferenceOptions, baseUri);
        }
    }

    private static IReadOnlyList<string> Evaluate(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            // Formats (uri, date-time, email, ...) are checked, not only annotated, as the hand-written validator did.
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return Array.Empty<string>();
        }

        var errors = new List<string>();
        foreach (var node in new[] { results }.Concat(results.Details ?? Enumerable.Empty<EvaluationResults>()))
        {
            if (node.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in node.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                errors.Add($"{ToPath(node.InstanceLocation.ToString())}: {(keyword.Length == 0 ? "false schema" : keyword)}: {message} (schema {node.SchemaLocation})");
            }
        }

        return errors.Count == 0 ? new[] { "$: invalid" } : errors;
    }

    /// <summary>A JSON Pointer (<c>/runs/0/tool</c>) as the path the tests read (<c>$.runs[0].tool</c>).</summary>
    public static string ToPath(string pointer)
    {
        var path = new StringBuilder("$");
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path.Append(segment.All(char.IsAsciiDigit) ? $"[{segment}]" : "." + segment);
        }

        return path.ToString();
    }

    /// <summary>Every schema the tests use: the reference schemas in ../shared and the JSON report's schema.</summary>
    private static IEnumerable<string> SchemaFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Shared, "schemas"), "*.json", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("example-", StringComparison.Ordinal))
            .Append(Path.Combine(RepositoryPaths.Root, "docs", "report.schema.json"))
            .Select(Path.GetFullPath)
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>One registry with its schemas built, and a validator per file.</summary>
    private sealed class Store
    {
        private Store(BuildOptions options, BuildOptions referenceOptions)
        {
            Options = options;
            ReferenceOptions = referenceOptions;
        }

        public BuildOptions Options { get; }

        /// <summary>
        /// For a schema inside a document that is not a schema (a Swagger definition): nothing there names a dialect, so
        /// it is read as Swagger 2.0 specifies, draft-04, with Swagger's own keywords (<c>x-ms-enum</c>, <c>discriminator</c>) ignored.
        /// </summary>
        public BuildOptions ReferenceOptions { get; }

        public Dictionary<string, JsonSchemaValidator> Validators { get; } = new(StringComparer.Ordinal);

        public static Store Load(IEnumerable<string> files)
        {
            var registry = new SchemaRegistry
            {
                Fetch = (uri, _) => throw new InvalidOperationException(
                    $"The schema '{uri}' is not registered and the tests never download one: put it in ../shared/schemas (see JsonSchemaValidator)."),
            };
            var dialects = new DialectRegistry();
            var draft04 = Dialect.Draft06.With(Array.Empty<IKeywordHandler>(), Draft04, refIgnoresSiblingKeywords: true, allowUnknownKeywords: true);
            dialects.Register(draft04);
            var store = new Store(
                new BuildOptions { SchemaRegistry = registry, DialectRegistry = dialects },
                new BuildOptions { SchemaRegistry = registry, DialectRegistry = dialects, Dialect = draft04 });

            var pending = new List<Document>();
            foreach (var file in files.Distinct(StringComparer.Ordinal))
            {
                var document = Document.Read(file);
                if (document.Kind == DocumentKind.Swagger)
                {
                    registry.Register(document.Uri, new JsonElementBaseDocument(document.Root, document.Uri));
                    store.Validators[file] = new JsonSchemaValidator(store, document.Uri, schema: null);
                }
                else if (document.Kind == DocumentKind.Schema)
                {
                    pending.Add(document);
                }
            }

            // Two files with one $id (an ad-hoc copy of a shared schema): the one named last, the ad-hoc file, wins.
            pending = pending.GroupBy(d => Strip(d.Uri), StringComparer.Ordinal).Select(g => g.Last()).ToList();

            // Dependencies first: a schema is built once every other document it references is registered.
            var registered = new HashSet<string>(store.Validators.Values.Select(v => Strip(v.DocumentUri)), StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                var ready = pending.Where(d => d.ExternalReferences.All(r => registered.Contains(r) || r == Strip(d.Uri))).ToList();
                if (ready.Count == 0)
                {
                    throw new InvalidOperationException("Schemas reference documents that are not in ../shared/schemas: "
                        + string.Join("; ", pending.Select(d => d.Path + " -> " + string.Join(", ", d.ExternalReferences.Where(r => !registered.Contains(r))))));
                }

                foreach (var document in ready)
                {
                    var schema = JsonSchema.Build(document.Root, store.Options, document.Uri);
                    store.Validators[document.Path] = new JsonSchemaValidator(store, document.Uri, schema);
                    registered.Add(Strip(document.Uri));
                    pending.Remove(document);
                }
            }

            return store;
        }

        private static string Strip(Uri uri) => uri.GetLeftPart(UriPartial.Query);
    }

    private enum DocumentKind
    {
        Other,
        Schema,
        Swagger,
    }

    private sealed class Document
    {
        private Document(string path, JsonElement root, DocumentKind kind, Uri uri, IReadOnlyList<string> externalReferences)
        {
            Path = path;
            Root = root;
            Kind = kind;
            Uri = uri;
            ExternalReferences = externalReferences;
        }

        public string Path { get; }

        public JsonElement Root { get; }

        public DocumentKind Kind { get; }

        public Uri Uri { get; }

        /// <summary>The documents (without fragment) that this one's <c>$ref</c>s point into, other than itself.</summary>
        public IReadOnlyList<string> ExternalReferences { get; }

        public static Document Read(string path)
        {
            using var parsed = JsonDocument.Parse(File.ReadAllText(path).TrimStart('\uFEFF'));
            var root = parsed.RootElement.Clone();
            var fileUri = new Uri(path);
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Document(path, root, DocumentKind.Other, fileUri, Array.Empty<string>());
            }

            if (root.TryGetProperty("swagger", out _))
            {
                return new Document(path, root, DocumentKind.Swagger, fileUri, Array.Empty<string>());
            }

            // A JSON Schema declares a json-schema.org meta-schema; other JSON (CycloneDX's cryptography-defs.json data) is not one.
            var isSchema = root.TryGetProperty("$schema", out var meta) && meta.ValueKind == JsonValueKind.String
                && Uri.TryCreate(meta.GetString(), UriKind.Absolute, out var metaUri) && metaUri.Host == "json-schema.org";
            if (!isSchema)
            {
                return new Document(path, root, DocumentKind.Other, fileUri, Array.Empty<string>());
            }

            var id = root.TryGetProperty("$id", out var dollarId) ? dollarId.GetString()
                : root.TryGetProperty("id", out var draft04Id) && draft04Id.ValueKind == JsonValueKind.String ? draft04Id.GetString()
                : null;
            var uri = id is not null && Uri.TryCreate(id, UriKind.Absolute, out var absolute) ? absolute : fileUri;
            var references = new SortedSet<string>(StringComparer.Ordinal);
            CollectReferences(root, uri, references);
            references.Remove(uri.GetLeftPart(UriPartial.Query));
            return new Document(path, root, DocumentKind.Schema, uri, references.ToList());
        }

        private static void CollectReferences(JsonElement element, Uri baseUri, ISet<string> references)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String
                            && property.Value.GetString() is { Length: > 0 } reference && !reference.StartsWith('#')
                            && Uri.TryCreate(baseUri, reference, out var target))
                        {
                            references.Add(target.GetLeftPart(UriPartial.Query));
                        }
                        else
                        {
                            CollectReferences(property.Value, baseUri, references);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        CollectReferences(item, baseUri, references);
                    }

                    break;
            }
        }
    }
}
