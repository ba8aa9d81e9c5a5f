using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers;

/// <summary>
/// The single catalog of AiThreatGate diagnostics. The custom tags are data, not decoration: the gate
/// matches a finding to the threats of a threat model through them, so each tag follows one of the
/// documented shapes (<c>stage:</c>, OWASP <c>LLMxx</c>/<c>MLxx</c>, ATLAS <c>AML.Txxxx</c>, <c>CWE-n</c>, <c>stride:X</c>).
/// </summary>
public static class RuleCatalog
{
    /// <summary>
    /// The repository's address, from the <c>RepositoryUrl</c> MSBuild property in Directory.Build.props, which the SDK
    /// stamps into this assembly as <see cref="AssemblyMetadataAttribute"/>. Reading our own attribute keeps the
    /// address in one place without the analyzer touching the disk; empty only if a build dropped the property.
    /// </summary>
    public static readonly string RepositoryUrl = ReadRepositoryUrl(typeof(RuleCatalog).Assembly);

    /// <summary>Where the rule pages are browsed; the same pages ship in the package under <c>docs/rules/</c>.</summary>
    public static readonly string HelpLinkBase = RepositoryUrl.Length == 0 ? string.Empty : RepositoryUrl + "/blob/main/docs/rules/";

    /// <summary>Marks every AiThreatGate diagnostic, so tools can tell them apart from other analyzers' output.</summary>
    public const string ProductTag = "AiThreatGate";

    /// <summary>The property of an AITG014 diagnostic naming a markup other than HTML (<c>console</c>: Spectre.Console markup), which HTML encoding does not fix.</summary>
    public const string MarkupProperty = "Markup";

    public static class Categories
    {
        public const string SupplyChain = "AI.SupplyChain";
        public const string TrainingData = "AI.TrainingData";
        public const string Secrets = "AI.Secrets";
        public const string OutputHandling = "AI.OutputHandling";
        public const string InputHandling = "AI.InputHandling";
        public const string Consumption = "AI.Consumption";
        public const string Agency = "AI.Agency";
    }

    public static readonly DiagnosticDescriptor AITG001 = Create(
        "AITG001",
        "Insecure deserializer",
        "{0} can instantiate attacker-chosen types and run code while deserializing{1}; use a serializer with an explicit type allowlist",
        Categories.SupplyChain,
        DiagnosticSeverity.Error,
        "Formatters that embed .NET type names in the payload (BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter, ObjectStateFormatter, Json.NET with TypeNameHandling, JavaScriptSerializer with SimpleTypeResolver, MessagePack Typeless) execute code chosen by whoever wrote the data. Model files and artefacts are data an attacker can replace.",
        "stage:model-storage", "LLM03", "ML06", "AML.T0011.000", "AML.T0010", "CWE-502", "stride:T", "stride:E");

    public static readonly DiagnosticDescriptor AITG002 = Create(
        "AITG002",
        "Model loaded without integrity verification",
        "'{0}' loads a model that is not checked against an expected digest or signature first; verify the file before loading it",
        Categories.SupplyChain,
        DiagnosticSeverity.Warning,
        "A model file is code-like: a tampered or backdoored model changes what the system decides. Check the bytes against an expected SHA-256 (or a signature) before every load.",
        "stage:model-storage", "LLM03", "ML06", "ML10", "AML.T0010.003", "AML.T0018", "CWE-345", "CWE-353", "stride:T");

    public static readonly DiagnosticDescriptor AITG003 = Create(
        "AITG003",
        "Model downloaded and loaded without integrity check",
        "'{0}' loads a model downloaded by '{1}' without checking its digest or signature{2}",
        Categories.SupplyChain,
        DiagnosticSeverity.Warning,
        "A model fetched over the network and loaded without a digest or signature check lets anyone who controls the server, the network path or the cache substitute the model.",
        "stage:model-storage", "LLM03", "ML06", "AML.T0010.003", "AML.T0018", "CWE-494", "CWE-345", "stride:T");

    public static readonly DiagnosticDescriptor AITG004 = Create(
        "AITG004",
        "Pickle-based model format",
        "{0} executes code embedded in the file; load weights with a data-only format (safetensors, ONNX) instead",
        Categories.SupplyChain,
        DiagnosticSeverity.Error,
        "Python pickle (pickle, torch.load without weights_only=True, joblib, dill, cloudpickle) runs arbitrary code while loading. Evaluating Python code that is not constant is code injection.",
        "stage:model-storage", "LLM03", "ML06", "AML.T0011.000", "AML.T0018.002", "CWE-502", "CWE-94", "stride:T", "stride:E");

    public static readonly DiagnosticDescriptor AITG005 = Create(
        "AITG005",
        "Native code loaded with a model",
        "'{0}' loads native code from a path that comes from {1}; ship custom operators with the application and load them from a constant path",
        Categories.SupplyChain,
        DiagnosticSeverity.Warning,
        "Custom-operator libraries and plug-ins named by a model's configuration or fetched with it run with the application's privileges. Whoever controls the model then controls the process.",
        "stage:model-storage", "LLM03", "ML06", "AML.T0011.000", "AML.T0018.002", "CWE-829", "CWE-114", "stride:E");

    public static readonly DiagnosticDescriptor AITG006 = Create(
        "AITG006",
        "Training data from an unverified source",
        "'{0}' reads training data from {1} with no integrity check before training; verify the data (digest, signature or provenance) first",
        Categories.TrainingData,
        DiagnosticSeverity.Warning,
        "Data that anyone can change before it reaches Fit or a fine-tuning job lets them poison the model (backdoors, skew).",
        "stage:data-collection", "stage:training", "LLM04", "ML02", "ML10", "AML.T0020", "AML.T0010.002", "CWE-345", "stride:T");

    public static readonly DiagnosticDescriptor AITG010 = Create(
        "AITG010",
        "LLM output used as SQL",
        "LLM output from '{0}' reaches SQL text ({1}) without validation; pass it as a parameter or map it to an allowlisted value",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output is attacker-influenced (prompt injection, poisoned retrieval). Concatenated into SQL it runs as SQL: read, change or drop data.",
        "stage:inference", "LLM05", "LLM01", "AML.T0051", "CWE-1426", "CWE-89", "stride:T", "stride:I");

    public static readonly DiagnosticDescriptor AITG011 = Create(
        "AITG011",
        "LLM output used in an OS command",
        "LLM output from '{0}' reaches an OS command ({1}) without validation; map it to an allowlisted command and pass arguments through ArgumentList",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output that chooses the program or its arguments lets a prompt injection run commands on the host.",
        "stage:inference", "LLM05", "LLM06", "AML.T0050", "CWE-1426", "CWE-78", "stride:E", "stride:T");

    public static readonly DiagnosticDescriptor AITG012 = Create(
        "AITG012",
        "LLM output executed as code or used to resolve types",
        "LLM output from '{0}' is executed as code or chooses what to load or invoke ({1}); map it to an allowlisted operation instead",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output evaluated as a script, or used to pick an assembly, type or method, runs whatever a prompt injection asks for.",
        "stage:inference", "LLM05", "LLM06", "AML.T0050", "CWE-1426", "CWE-94", "CWE-470", "stride:E");

    public static readonly DiagnosticDescriptor AITG013 = Create(
        "AITG013",
        "LLM output used as a file path",
        "LLM output from '{0}' reaches a file-system path ({1}) without validation; keep only the file name (Path.GetFileName) or check the full path stays under a base folder",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output that names a file lets a prompt injection read, overwrite or delete files outside the intended folder (path traversal).",
        "stage:inference", "LLM05", "LLM06", "AML.T0051", "CWE-1426", "CWE-22", "stride:T", "stride:I");

    public static readonly DiagnosticDescriptor AITG015 = Create(
        "AITG015",
        "LLM output used as a request target",
        "LLM output from '{0}' chooses the target of an outbound request ({1}) without validation; check the host against an allowlist",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output that chooses where the server sends requests lets a prompt injection reach internal services or exfiltrate data in the URL (server-side request forgery).",
        "stage:inference", "LLM05", "LLM02", "AML.T0051", "CWE-1426", "CWE-918", "stride:I", "stride:S");

    public static readonly DiagnosticDescriptor AITG014 = Create(
        "AITG014",
        "LLM output rendered as raw HTML",
        "LLM output from '{0}' is rendered as raw markup by {1} without encoding; encode it for that markup (HtmlEncoder.Default.Encode for HTML) or render it as text",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output rendered as markup lets a prompt injection run script in users' browsers (stored or reflected XSS) and exfiltrate data through links and images.",
        "stage:inference", "LLM05", "AML.T0077", "CWE-1426", "CWE-79", "stride:T", "stride:I");

    public static readonly DiagnosticDescriptor AITG016 = Create(
        "AITG016",
        "LLM output used as a query or pattern",
        "LLM output from '{0}' is used as a {1} without validation; escape it or use a fixed expression with the value as data",
        Categories.OutputHandling,
        DiagnosticSeverity.Warning,
        "Model output used as a regular expression (without a timeout), an XPath or an LDAP filter lets a prompt injection hang the server (ReDoS) or read data the query was not meant to return.",
        "stage:inference", "LLM05", "AML.T0051", "CWE-1426", "CWE-1333", "CWE-643", "CWE-90", "stride:D", "stride:I");

    public static readonly DiagnosticDescriptor AITG020 = Create(
        "AITG020",
        "Untrusted input in system prompt or prompt template",
        "Untrusted input from '{0}' reaches {1}; keep instructions constant and pass the input in a separate user-role message",
        Categories.InputHandling,
        DiagnosticSeverity.Warning,
        "Text a caller controls, placed in system or developer instructions or in prompt-template text, is obeyed as instructions (direct prompt injection) or executed as template syntax, and can make the model reveal or override its instructions.",
        "stage:inference", "LLM01", "LLM07", "AML.T0051.000", "CWE-1427", "stride:T", "stride:E");

    public static readonly DiagnosticDescriptor AITG021 = Create(
        "AITG021",
        "Untrusted input sent to a model without validation",
        "Untrusted input from '{0}' reaches {1} without validation; limit its length or range (DataAnnotations with [ApiController], a guard, a validator) first",
        Categories.InputHandling,
        DiagnosticSeverity.Warning,
        "Input a caller controls that reaches a prompt or a model with no length, range or format check lets them inject instructions, push adversarial inputs, and run up cost with oversized prompts.",
        "stage:inference", "LLM01", "ML01", "AML.T0051.000", "AML.T0043", "CWE-20", "stride:T", "stride:D");

    public static readonly DiagnosticDescriptor AITG022 = Create(
        "AITG022",
        "External content placed in a prompt",
        "External content from '{0}' is placed in {1}; treat it as data: delimit it, keep it out of instructions, or pass it through a configured sanitizer",
        Categories.InputHandling,
        DiagnosticSeverity.Info,
        "Web pages, files, retrieved documents and tool results can carry instructions written by a third party (indirect prompt injection, RAG poisoning). Placed in a prompt, the model may follow them.",
        "stage:inference", "LLM01", "LLM08", "AML.T0051.001", "AML.T0070", "CWE-1427", "stride:T");

    public static readonly DiagnosticDescriptor AITG023 = Create(
        "AITG023",
        "Model call without an output-token limit",
        "'{0}' calls the model {1}",
        Categories.Consumption,
        DiagnosticSeverity.Info,
        "Without a cap on generated tokens, one request can run long and expensive generations (denial of service, cost harvesting).",
        "stage:inference", "LLM10", "AML.T0029", "AML.T0034", "CWE-770", "CWE-1434", "stride:D");

    public static readonly DiagnosticDescriptor AITG024 = Create(
        "AITG024",
        "Inference endpoint without rate limiting",
        "Endpoint '{0}' calls a model ('{1}') {2}; apply a rate-limiting policy ([EnableRateLimiting], RequireRateLimiting on the endpoint or its group, or a global limiter)",
        Categories.Consumption,
        DiagnosticSeverity.Warning,
        "An endpoint that runs inference on every request, with no rate limit, lets anyone exhaust the model quota, the budget or the GPU (denial of AI service, cost harvesting).",
        "stage:inference", "stage:post-deployment", "LLM10", "AML.T0029", "AML.T0034", "CWE-770", "stride:D");

    public static readonly DiagnosticDescriptor AITG026 = Create(
        "AITG026",
        "Model-invoked tool with a dangerous capability and no approval",
        "Tool '{0}' can {1} ('{2}') and the model invokes tools automatically with no approval step; require approval (ApprovalRequiredAIFunction, an invocation filter) or make the tool read-only",
        Categories.Agency,
        DiagnosticSeverity.Warning,
        "A tool the model can call on its own, which starts processes, changes files or data, sends requests or email, turns a prompt injection into real-world side effects (excessive agency).",
        "stage:inference", "LLM06", "AML.T0053", "CWE-862", "stride:E", "stride:T");

    public static readonly DiagnosticDescriptor AITG027 = Create(
        "AITG027",
        "Prompt-template encoding disabled",
        "AllowDangerouslySetContent is enabled on {0}; template variables and function results are then inserted without encoding and can inject chat roles",
        Categories.InputHandling,
        DiagnosticSeverity.Warning,
        "Semantic Kernel encodes values inserted into prompt templates so they cannot add <message role=\"system\"> tags. Turning that off lets input or function results inject messages with any role.",
        "stage:inference", "LLM01", "AML.T0051", "CWE-1427", "stride:T", "stride:E");

    public static readonly DiagnosticDescriptor AITG025 = Create(
        "AITG025",
        "Hard-coded AI credential",
        "Hard-coded credential in {0}; read it from configuration, an environment variable or a secret store",
        Categories.Secrets,
        DiagnosticSeverity.Error,
        "An AI service key in source code ends up in every clone, build log and package; anyone holding it can run (and bill) inference and read stored files.",
        "stage:inference", "stage:post-deployment", "LLM02", "AML.T0055", "AML.T0034", "CWE-798", "stride:S", "stride:I");

    /// <summary>
    /// The cases in which a rule reports at another severity than its default, by rule ID (the rule pages and the
    /// README show them beside the default severity; both are generated from this catalog).
    /// </summary>
    public static ImmutableDictionary<string, string> SeverityExceptions { get; } = ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        new[]
        {
            new KeyValuePair<string, string>(AITG003.Id, "Error for a plain `http://` URL"),
        });

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        AITG001, AITG002, AITG003, AITG004, AITG005, AITG006, AITG010, AITG011, AITG012, AITG013, AITG014, AITG015, AITG016, AITG020, AITG021, AITG022, AITG023, AITG024, AITG025, AITG026, AITG027);

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        params string[] taxonomyTags)
    {
        var tags = new string[taxonomyTags.Length + 1];
        tags[0] = ProductTag;
        taxonomyTags.CopyTo(tags, 1);
        // The one place a descriptor is constructed (BannedSymbols.txt bans the constructor everywhere else), so that
        // every rule carries the product tag and help link and the generated docs describe every rule.
#pragma warning disable RS0030
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            // No link beats a relative one that no client can open.
            helpLinkUri: HelpLinkBase.Length == 0 ? null : HelpLinkBase + id + ".md",
            customTags: tags);
#pragma warning restore RS0030
    }

    /// <summary>The <c>RepositoryUrl</c> assembly metadata of <paramref name="assembly"/>, without a trailing slash or <c>.git</c>.</summary>
    public static string ReadRepositoryUrl(Assembly assembly)
    {
        var url = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => string.Equals(a.Key, "RepositoryUrl", StringComparison.Ordinal))?.Value?.Trim() ?? string.Empty;
        url = url.TrimEnd('/');
        return url.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? url.Substring(0, url.Length - ".git".Length) : url;
    }
}
