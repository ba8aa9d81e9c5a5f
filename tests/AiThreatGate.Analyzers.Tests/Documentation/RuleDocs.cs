using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiThreatGate.Analyzers.Tests.CodeFixes;
using Microsoft.CodeAnalysis;

namespace AiThreatGate.Analyzers.Tests.Documentation;

/// <summary>
/// Renders, from <see cref="RuleCatalog.All"/> and the exported code fix providers, the parts of the documentation that
/// restate the catalog: the header block of each <c>docs/rules/AITG0xx.md</c>, the README's rule table and the gate's
/// rule list (<c>action/AiThreatGate.Core/Taxonomy/rules.json</c>).
/// </summary>
internal static class RuleDocs
{
    public const string UpdateVariable = "AITG_UPDATE_DOCS";

    public const string RegenerateCommand = UpdateVariable + "=1 dotnet test tests/AiThreatGate.Analyzers.Tests --filter FullyQualifiedName~GeneratedDocsTests";

    public const string ReadmeBegin = "<!-- rules:begin (generated from RuleCatalog.cs: " + RegenerateCommand + ") -->";

    public const string ReadmeEnd = "<!-- rules:end -->";

    /// <summary>The last line of a rule page's generated header; the page is hand-written from the next line on.</summary>
    public const string PageHeaderEnd = "<!-- The lines above are generated from RuleCatalog.cs: " + RegenerateCommand + " -->";

    /// <summary>The header of a rule page: title, the table of severity, category, stages and tags, and what the tags are for.</summary>
    public static string PageHeader(DiagnosticDescriptor rule)
    {
        var severity = rule.DefaultSeverity.ToString();
        if (RuleCatalog.SeverityExceptions.TryGetValue(rule.Id, out var exception))
        {
            severity += " (" + exception + ")";
        }

        var text = new StringBuilder()
            .Append("# ").Append(rule.Id).Append(": ").Append(rule.Title).Append('\n')
            .Append('\n')
            .Append("| | |\n")
            .Append("|---|---|\n")
            .Append("| Severity | ").Append(severity).Append(" |\n")
            .Append("| Category | `").Append(rule.Category).Append("` |\n")
            .Append("| Lifecycle stage | ").Append(Stages(rule)).Append(" |\n")
            .Append("| Tags | ").Append(string.Join(" ", TaxonomyTags(rule).Select(tag => "`" + tag + "`"))).Append(" |\n")
            .Append('\n')
            .Append("The tags are what the AiThreatGate gate matches against a threat's **Detects** column: a threat that lists `")
            .Append(rule.Id).Append("`, or any of the tags above, is evidenced by this finding.\n")
            .Append(PageHeaderEnd).Append('\n');
        return text.ToString();
    }

    /// <summary>The README's rule table, marker lines included.</summary>
    public static string ReadmeTable()
    {
        var fixable = new HashSet<string>(DocumentedCodeFixes.Exported().SelectMany(fix => fix.FixableDiagnosticIds), StringComparer.Ordinal);
        var text = new StringBuilder()
            .Append(ReadmeBegin).Append('\n')
            .Append("| ID | Title | Default | Stage | Code fix |\n")
            .Append("|----|-------|---------|-------|----------|\n");
        foreach (var rule in RuleCatalog.All.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var severity = ReadmeSeverity(rule.DefaultSeverity);
            if (RuleCatalog.SeverityExceptions.TryGetValue(rule.Id, out var exception))
            {
                severity += " (" + char.ToLowerInvariant(exception[0]) + exception.Substring(1) + ")";
            }

            text.Append("| [").Append(rule.Id).Append("](docs/rules/").Append(rule.Id).Append(".md) | ")
                .Append(rule.Title).Append(" | ")
                .Append(severity).Append(" | ")
                .Append(Stages(rule)).Append(" | ")
                .Append(fixable.Contains(rule.Id) ? "yes |" : "|")
                .Append('\n');
        }

        return text.Append(ReadmeEnd).Append('\n').ToString();
    }

    /// <summary>The lifecycle stages of the rule's <c>stage:</c> tags, in words ("model storage, inference").</summary>
    public static string Stages(DiagnosticDescriptor rule) => string.Join(
        ", ",
        rule.CustomTags.Where(tag => tag.StartsWith("stage:", StringComparison.Ordinal)).Select(tag => StageName(tag.Substring("stage:".Length))));

    private static string StageName(string stage) => stage switch
    {
        "post-deployment" => stage,
        _ => stage.Replace('-', ' '),
    };

    private static IEnumerable<string> TaxonomyTags(DiagnosticDescriptor rule) => rule.CustomTags.Where(tag => tag != RuleCatalog.ProductTag);

    /// <summary>Severity as an editor and <c>.editorconfig</c> name it.</summary>
    private static string ReadmeSeverity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "suggestion (info)",
        _ => "silent (hidden)",
    };

    /// <summary>
    /// The rules as the gate core reads them (RuleTaxonomy): ID, title, default severity, tags without the product tag,
    /// help address. Indented JSON with a final newline, so a catalog change shows as a readable diff.
    /// </summary>
    public static string GateRuleList()
    {
        var rules = RuleCatalog.All.Select(d => new
        {
            id = d.Id,
            title = d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
            defaultSeverity = d.DefaultSeverity.ToString().ToLowerInvariant(),
            tags = d.CustomTags.Where(t => t != RuleCatalog.ProductTag).ToArray(),
            helpUri = d.HelpLinkUri,
        });
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return JsonSerializer.Serialize(rules, options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
