using System;
using System.Linq;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Tests.ThreatModels;

/// <summary>Helpers to build and read test documents: a fixed front matter (13 lines) and compact diagnostic strings.</summary>
internal static class ModelText
{
    public static readonly DateOnly Today = new(2026, 11, 22);

    /// <summary>Lines 1–13. The body of a document built with it starts on line 14.</summary>
    public const string Header = """
        ---
        threat-model: 1
        system: Demo
        last-reviewed: 2026-11-01
        review-every-days: 90
        sign-off:
          - role: ml
            name: Dana
            date: 2026-11-01
          - role: security
            name: Sam
            date: 2026-11-01
        ---
        """;

    /// <summary>States a reason for every stage, so coverage warnings appear only where a test wants them.</summary>
    public const string AllStagesExplained = """

        ## Lifecycle coverage

        | Stage | Reason |
        |---|---|
        | data-collection | n/a in this test |
        | training | n/a in this test |
        | model-storage | n/a in this test |
        | inference | n/a in this test |
        | post-deployment | n/a in this test |
        """;

    public static ThreatModelDocument Load(string text) => ThreatModelLoader.LoadText(text, "THREATMODEL.md", RuleTaxonomy.Default, Today);

    /// <summary>Diagnostics as <c>TM004@line:col</c>, plus <c>!</c> for errors, in file order.</summary>
    public static string[] Codes(ThreatModelDocument document) =>
        document.Diagnostics.Select(d => $"{d.Code}{(d.Level == DiagnosticLevel.Error ? "!" : string.Empty)}@{d.Line}:{d.Column}").ToArray();

    public static string Dump(ThreatModelDocument document) => string.Join(Environment.NewLine, document.Diagnostics);
}
