using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AiThreatGate.Cli.Scanning;

/// <summary>
/// The gate's view of a project: every AiThreatGate rule at its default severity, in all of the user's own source.
/// In the IDE and the build, <c>.editorconfig</c>/<c>.globalconfig</c> severities, <c>&lt;NoWarn&gt;</c>, bulk
/// <c>dotnet_analyzer_diagnostic.*</c> settings and generated-code markers decide what is shown. The gate must not
/// let a change switch a rule off for itself, so it ignores them for AITG rules; a risk is accepted in the threat
/// model (or by a suppression that cites a resolved threat), not by configuration. Files under <c>obj/</c> and
/// <c>bin/</c> stay generated, as they are the build's output.
/// </summary>
public static class UnsilencedView
{
    private const string RulePrefix = "AITG";

    public static Compilation Of(Compilation compilation)
    {
        var options = compilation.Options;
        var specific = options.SpecificDiagnosticOptions.Where(o => !IsRule(o.Key)).ToImmutableDictionary(o => o.Key, o => o.Value);
        return compilation.WithOptions(options
            .WithSpecificDiagnosticOptions(specific)
            .WithSyntaxTreeOptionsProvider(new TreeOptions(options.SyntaxTreeOptionsProvider)));
    }

    public static AnalyzerOptions Of(AnalyzerOptions options) =>
        new(options.AdditionalFiles, new ConfigOptionsProvider(options.AnalyzerConfigOptionsProvider));

    private static bool IsRule(string id) => id.StartsWith(RulePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Severity settings and generated-code markers that would hide an AITG finding from the gate.</summary>
    private static bool IsSilencingKey(string key) =>
        key.StartsWith("dotnet_analyzer_diagnostic.", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("dotnet_diagnostic." + RulePrefix, StringComparison.OrdinalIgnoreCase)
        || key.Equals("generated_code", StringComparison.OrdinalIgnoreCase);

    private static bool IsBuildOutput(string? path) =>
        !string.IsNullOrEmpty(path)
        && path.Replace('\\', '/').Split('/').Any(part => part.Equals("obj", StringComparison.OrdinalIgnoreCase) || part.Equals("bin", StringComparison.OrdinalIgnoreCase));

    private sealed class TreeOptions : SyntaxTreeOptionsProvider
    {
        private readonly SyntaxTreeOptionsProvider? _inner;

        public TreeOptions(SyntaxTreeOptionsProvider? inner) => _inner = inner;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            IsBuildOutput(tree.FilePath) ? _inner?.IsGenerated(tree, cancellationToken) ?? GeneratedKind.Unknown : GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return !IsRule(diagnosticId) && _inner is not null && _inner.TryGetDiagnosticValue(tree, diagnosticId, cancellationToken, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return !IsRule(diagnosticId) && _inner is not null && _inner.TryGetGlobalDiagnosticValue(diagnosticId, cancellationToken, out severity);
        }
    }

    private sealed class ConfigOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptionsProvider _inner;

        public ConfigOptionsProvider(AnalyzerConfigOptionsProvider inner) => _inner = inner;

        public override AnalyzerConfigOptions GlobalOptions => new Filtered(_inner.GlobalOptions, keepGenerated: true);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Filtered(_inner.GetOptions(tree), IsBuildOutput(tree.FilePath));

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Filtered(_inner.GetOptions(textFile), keepGenerated: true);
    }

    private sealed class Filtered : AnalyzerConfigOptions
    {
        private readonly AnalyzerConfigOptions _inner;
        private readonly bool _keepGenerated;

        public Filtered(AnalyzerConfigOptions inner, bool keepGenerated)
        {
            _inner = inner;
            _keepGenerated = keepGenerated;
        }

        public override IEnumerable<string> Keys => _inner.Keys.Where(Visible);

        public override bool TryGetValue(string key, out string value)
        {
            if (Visible(key))
            {
                return _inner.TryGetValue(key, out value!);
            }

            value = string.Empty;
            return false;
        }

        private bool Visible(string key) => !IsSilencingKey(key) || _keepGenerated && key.Equals("generated_code", StringComparison.OrdinalIgnoreCase);
    }
}
