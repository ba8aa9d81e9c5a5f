using System;
using System.Collections.Generic;
using System.Linq;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Taxonomy;
using AiThreatGate.Core.Tests.ThreatModels;
using AiThreatGate.Core.ThreatModels;
using Xunit;

namespace AiThreatGate.Core.Tests.Gate;

public sealed class GateEngineTests
{
    internal const string Model = ModelText.Header + """

        ## Threats

        | ID | Threat | Stage | Priority | Status | Controls | Detects |
        |---|---|---|---|---|---|---|
        | TM-1 | Tampered model | model-storage | high | open | | AITG002, AITG003 |
        | TM-2 | Key leak | inference | critical | mitigated | Key Vault | AITG025 |
        | TM-3 | Training poisoning | training | medium | open | | AITG006 |
        | TM-4 | Formatter payload in reports | model-storage | high | open | | AITG001 @ src/Reports/** |
        | TM-5 | Accepted risk | inference | high | accepted | | CWE-798 |

        ## Risk decisions

        | Threat | Decision | Justification | Approved by | Ticket | Expires |
        |---|---|---|---|---|---|
        | TM-5 | accepted | legacy client | Sam | SEC-1 | 2027-01-01 |
        """ + ModelText.AllStagesExplained;

    internal static Finding Finding(string rule, string path = "src/App/Loader.cs", int line = 10, FindingLevel level = FindingLevel.Warning, Suppression? suppression = null) =>
        new(rule, level, rule + " message", path, line, 5, RuleTaxonomy.Default.TagsOf(rule), suppression);

    private static GateVerdict Check(IReadOnlyList<Finding> findings, Func<GateOptions, GateOptions>? configure = null, string model = Model)
    {
        var document = ModelText.Load(model);
        Assert.False(document.HasErrors, ModelText.Dump(document));
        var options = GateOptions.FromModel(document, GateMode.PullRequest, ModelText.Today);
        return GateEngine.Evaluate(document, findings, configure?.Invoke(options) ?? options);
    }

    [Fact]
    public void Evidence_of_an_unresolved_high_threat_blocks_and_explains()
    {
        var finding = Finding("AITG002");
        var verdict = Check(new[] { finding });

        Assert.False(verdict.Passed);
        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Equal(BlockKind.UnresolvedThreat, reason.Kind);
        Assert.Equal("TM-1", reason.Threat!.Id);
        Assert.Same(finding, Assert.Single(reason.Findings));
        Assert.Contains("high priority", reason.Summary, StringComparison.Ordinal);
        Assert.Contains("mark TM-1 mitigated", reason.HowToResolve, StringComparison.Ordinal);
        Assert.Equal(new[] { "TM-1" }, verdict.ThreatsByFinding[finding]);
    }

    [Fact]
    public void Evidence_of_resolved_or_lower_priority_threats_passes()
    {
        var verdict = Check(new[] { Finding("AITG025", level: FindingLevel.Error), Finding("AITG006") });
        Assert.True(verdict.Passed, string.Join("; ", verdict.BlockingReasons.Select(r => r.Summary)));
        // The key finding evidences TM-2 (by rule ID) and TM-5 (by its CWE-798 tag): one finding, several threats.
        Assert.Equal(new[] { "TM-2", "TM-3", "TM-5" }, verdict.Threats.Where(t => t.Findings.Count == 1).Select(t => t.Threat.Id));
    }

    [Fact]
    public void Accepted_risk_with_approver_does_not_block_until_it_expires()
    {
        Assert.True(Check(new[] { Finding("AITG025", level: FindingLevel.Error) }, o => o with { Today = new DateOnly(2026, 12, 31) }).Passed);
        var expired = Check(new[] { Finding("AITG025", level: FindingLevel.Error) }, o => o with { Today = new DateOnly(2027, 1, 2) });
        Assert.Contains(expired.BlockingReasons, r => r.Threat?.Id == "TM-5" && r.Summary.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public void Unmodeled_error_finding_blocks_unless_unmodeled_is_warn()
    {
        var pickle = Finding("AITG004", level: FindingLevel.Error);
        var verdict = Check(new[] { pickle });
        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Equal(BlockKind.UnmodeledFinding, reason.Kind);
        Assert.Contains("AITG004", reason.HowToResolve, StringComparison.Ordinal);
        Assert.Same(pickle, Assert.Single(verdict.Unmodeled));

        var warned = Check(new[] { pickle }, o => o with { UnmodeledBlocks = false });
        Assert.True(warned.Passed);
        Assert.Contains(warned.Warnings, w => w.Contains("AITG004", StringComparison.Ordinal));
    }

    [Fact]
    public void Unmodeled_warning_blocks_only_when_the_threshold_is_medium()
    {
        var finding = Finding("AITG005");
        Assert.True(Check(new[] { finding }).Passed);
        Assert.False(Check(new[] { finding }, o => o with { BlockPriority = Priority.Medium }).Passed);
    }

    [Fact]
    public void Path_scoped_detects_entry_matches_only_inside_its_glob()
    {
        var inside = Finding("AITG001", "src/Reports/Export.cs", level: FindingLevel.Error);
        var outside = Finding("AITG001", "src/Api/Import.cs", level: FindingLevel.Error);
        var verdict = Check(new[] { inside, outside });
        Assert.Equal(new[] { "TM-4" }, verdict.ThreatsByFinding[inside]);
        Assert.Empty(verdict.ThreatsByFinding[outside]);
        Assert.Contains(verdict.BlockingReasons, r => r.Kind == BlockKind.UnresolvedThreat && r.Threat!.Id == "TM-4");
        Assert.Contains(verdict.BlockingReasons, r => r.Kind == BlockKind.UnmodeledFinding && r.Findings.Contains(outside));
    }

    [Fact]
    public void Suppressions_must_cite_an_existing_resolved_threat()
    {
        // TM-2 (mitigated) detects AITG025: it justifies suppressing a key finding.
        var cited = Finding("AITG025", suppression: new Suppression("inSource", "TM-2: covered by Key Vault"));
        var citesOpen = Finding("AITG002", line: 20, suppression: new Suppression("inSource", "see TM-1"));
        var citesNothing = Finding("AITG002", line: 30, suppression: new Suppression("inSource", "false positive"));
        var verdict = Check(new[] { cited, citesOpen, citesNothing });
        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Equal(BlockKind.InvalidSuppression, reason.Kind);
        Assert.Equal(new[] { citesOpen, citesNothing }, reason.Findings);
    }

    [Fact]
    public void A_suppression_citing_a_resolved_threat_the_finding_does_not_evidence_blocks()
    {
        // TM-2 is mitigated but detects AITG025 only: citing it cannot silence a model-loading finding.
        var unrelated = Finding("AITG002", suppression: new Suppression("inSource", "TM-2"));
        var outOfScope = Finding("AITG001", path: "src/App/Formatter.cs", suppression: new Suppression("inSource", "TM-4"));
        var verdict = Check(new[] { unrelated, outOfScope });

        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Equal(BlockKind.InvalidSuppression, reason.Kind);
        Assert.Equal(new[] { unrelated, outOfScope }, reason.Findings);
        Assert.Contains("that the finding evidences", reason.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finding_that_could_not_be_placed_counts_as_part_of_the_change()
    {
        var changes = ChangedLines.ParseUnifiedDiff("+++ b/src/Other.cs\n@@ -1,0 +1,1 @@\n+x\n");
        var unplaced = Finding("AITG002", path: "C:/agent/_work/1/s/Loader.cs") with { UnmappedReason = "outside the checkout" };
        var placedOld = Finding("AITG002", path: "src/App/Loader.cs");

        var verdict = Check(new[] { unplaced, placedOld }, o => o with { Changes = changes });

        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Same(unplaced, Assert.Single(reason.Findings));
        Assert.Same(placedOld, Assert.Single(verdict.PreExisting));
    }

    [Fact]
    public void A_finding_that_could_not_be_placed_still_evidences_a_path_scoped_threat()
    {
        // TM-4 detects AITG001 only under src/Reports/**; a finding whose file is unknown could be there.
        var unplaced = Finding("AITG001", path: "/build/elsewhere/Formatter.cs") with { UnmappedReason = "outside the checkout" };
        var placedElsewhere = Finding("AITG001", path: "src/Other/Formatter.cs");

        var verdict = Check(new[] { unplaced, placedElsewhere });

        Assert.Equal(new[] { "TM-4" }, verdict.ThreatsByFinding[unplaced]);
        Assert.Empty(verdict.ThreatsByFinding[placedElsewhere]);
        Assert.Contains(verdict.BlockingReasons, r => r.Threat?.Id == "TM-4");
    }

    [Fact]
    public void Other_tools_results_count_only_where_a_threat_names_them()
    {
        var model = Model.Replace("| TM-3 | Training poisoning | training | medium | open | | AITG006 |", "| TM-3 | SQL from model output | training | high | open | | AITG006, CWE-89 |", StringComparison.Ordinal);
        var compilerWarning = new Finding("CS8602", FindingLevel.Error, "Dereference of a possibly null reference.", "src/App/Loader.cs", 3, 1, new[] { "Compiler" }, null);
        var sqlText = new Finding("CA2100", FindingLevel.Error, "Review SQL queries for security vulnerabilities", "src/App/Repo.cs", 9, 1, new[] { "Security" }, null);
        var codeQl = new Finding("cs/sql-injection", FindingLevel.Error, "This query depends on a user-provided value.", "src/App/Repo.cs", 12, 1, new[] { "security", "CWE-89" }, null);

        var verdict = Check(new[] { compilerWarning, sqlText, codeQl }, model: model);

        Assert.Equal(new[] { compilerWarning, sqlText }, verdict.NotConsidered);
        Assert.Empty(verdict.Unmodeled);
        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Equal("TM-3", reason.Threat!.Id);
        Assert.Same(codeQl, Assert.Single(reason.Findings));
        Assert.Equal(1, verdict.InChangeCount);
    }

    [Theory]
    [InlineData("| TM-1 | Tampered model | model-storage | high | open | | AITG002, AITG003 |\n", "", "removes it from the model")]
    [InlineData("| TM-1 | Tampered model | model-storage | high |", "| TM-1 | Tampered model | model-storage | low |", "lowers its priority to low")]
    [InlineData("| open | | AITG002, AITG003 |", "| open | | AITG003 |", "changes its Detects so that the finding no longer matches it")]
    [InlineData("| open | | AITG002, AITG003 |", "| open | | AITG002 @ src/Other/**, AITG003 |", "changes its Detects so that the finding no longer matches it")]
    public void A_change_cannot_pass_by_loosening_the_threat_it_evidences(string before, string after, string how)
    {
        var head = Model.Replace(before, after, StringComparison.Ordinal);
        Assert.NotEqual(Model, head);
        var baseModel = ModelText.Load(Model);
        var finding = Finding("AITG002", level: FindingLevel.Warning);

        var loosened = Check(new[] { finding }, o => o with { BaseModel = baseModel }, head);

        var reason = Assert.Single(loosened.BlockingReasons);
        Assert.Equal(BlockKind.WeakenedThreat, reason.Kind);
        Assert.Contains("TM-1 \"Tampered model\" (high priority) is unresolved on the base branch", reason.Summary, StringComparison.Ordinal);
        Assert.Contains(how, reason.Summary, StringComparison.Ordinal);
        Assert.Same(finding, Assert.Single(reason.Findings));

        // The same edit with no finding of the change, or a finding already on the base, does not block.
        Assert.True(Check(Array.Empty<Finding>(), o => o with { BaseModel = baseModel }, head).Passed);
        var changes = ChangedLines.ParseUnifiedDiff("+++ b/src/Other.cs\n@@ -1,0 +1,1 @@\n+x\n");
        Assert.True(Check(new[] { finding }, o => o with { BaseModel = baseModel, Changes = changes }, head).Passed);
    }

    [Fact]
    public void Marking_the_evidenced_threat_resolved_is_judged_by_the_resolution_rules_not_as_loosening()
    {
        var head = Model.Replace("| TM-1 | Tampered model | model-storage | high | open | |", "| TM-1 | Tampered model | model-storage | high | mitigated | Digest pinned in config |", StringComparison.Ordinal);
        var verdict = Check(new[] { Finding("AITG002") }, o => o with { BaseModel = ModelText.Load(Model) }, head);

        Assert.True(verdict.Passed, string.Join("; ", verdict.BlockingReasons.Select(r => r.Summary)));
        Assert.Contains(verdict.Warnings, w => w.StartsWith("This change passes only because it edits the threat model", StringComparison.Ordinal) && w.Contains("TM-1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_cannot_relax_the_gate_settings_that_judge_it()
    {
        var strict = ModelText.Load(Model);
        var relaxedModel = ModelText.Load(Model);
        var headOptions = GateOptions.FromModel(relaxedModel, GateMode.PullRequest, ModelText.Today) with { BlockPriority = Priority.Critical, UnmodeledBlocks = false };
        var baseOptions = GateOptions.FromModel(strict, GateMode.PullRequest, ModelText.Today);
        var relaxed = new List<string>();

        var effective = headOptions.AtLeastAsStrictAs(baseOptions, relaxed);

        Assert.Equal(baseOptions.BlockPriority, effective.BlockPriority);
        Assert.True(effective.UnmodeledBlocks);
        Assert.Equal(2, relaxed.Count);
        Assert.Contains("gate.block-priority from high to critical", relaxed[0], StringComparison.Ordinal);

        var tightened = new List<string>();
        var stricter = baseOptions with { BlockPriority = Priority.Medium };
        Assert.Equal(Priority.Medium, stricter.AtLeastAsStrictAs(baseOptions, tightened).BlockPriority);
        Assert.Empty(tightened);
    }

    [Fact]
    public void Only_findings_on_changed_lines_count_toward_blocking()
    {
        var changes = ChangedLines.ParseUnifiedDiff("""
            diff --git a/src/App/Loader.cs b/src/App/Loader.cs
            --- a/src/App/Loader.cs
            +++ b/src/App/Loader.cs
            @@ -40,0 +41,3 @@ class Loader
            +added
            """);
        var old = Finding("AITG002", line: 10);
        var fresh = Finding("AITG002", line: 42);

        var onlyOld = Check(new[] { old }, o => o with { Changes = changes });
        Assert.True(onlyOld.Passed);
        Assert.Same(old, Assert.Single(onlyOld.PreExisting));
        Assert.Single(onlyOld.Threats.Single(t => t.Threat.Id == "TM-1").PreExistingFindings);

        var withNew = Check(new[] { old, fresh }, o => o with { Changes = changes });
        Assert.Same(fresh, Assert.Single(Assert.Single(withNew.BlockingReasons).Findings));
    }

    [Fact]
    public void Flipping_a_high_threat_to_a_resolution_that_is_not_in_force_blocks()
    {
        var before = ModelText.Load(Model);
        var after = Model.Replace("| TM-1 | Tampered model | model-storage | high | open |", "| TM-1 | Tampered model | model-storage | high | accepted |", StringComparison.Ordinal)
            .Replace("| TM-5 | accepted | legacy client | Sam | SEC-1 | 2027-01-01 |", "| TM-5 | accepted | legacy client | Sam | SEC-1 | 2027-01-01 |\n| TM-1 | accepted | cheaper later | Sam | SEC-2 | 2026-01-01 |", StringComparison.Ordinal);
        var verdict = Check(Array.Empty<Finding>(), o => o with { BaseModel = before }, after);
        var reason = Assert.Single(verdict.BlockingReasons);
        Assert.Equal(BlockKind.ThreatResolvedWithoutApproval, reason.Kind);
        Assert.Contains("from open to accepted", reason.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_model_warns_in_pr_mode_and_blocks_when_configured()
    {
        var late = new DateOnly(2027, 6, 1);
        var warned = Check(Array.Empty<Finding>(), o => o with { Today = late });
        Assert.True(warned.Passed);
        Assert.Contains(warned.Warnings, w => w.Contains("last reviewed on 2026-11-01", StringComparison.Ordinal));
        Assert.Contains(Check(Array.Empty<Finding>(), o => o with { Today = late, StaleBlocks = true }).BlockingReasons, r => r.Kind == BlockKind.StaleModel);
    }

    [Fact]
    public void Release_mode_requires_every_high_threat_resolved_current_sign_offs_and_stages()
    {
        var document = ModelText.Load(Model);
        var options = GateOptions.FromModel(document, GateMode.Release, ModelText.Today) with { ModelLastChanged = new DateOnly(2026, 11, 10) };
        var verdict = GateEngine.Evaluate(document, Array.Empty<Finding>(), options);

        Assert.Equal(new[] { "TM-1", "TM-4" }, verdict.BlockingReasons.Where(r => r.Kind == BlockKind.UnresolvedThreat).Select(r => r.Threat!.Id));
        Assert.Equal(2, verdict.BlockingReasons.Count(r => r.Kind == BlockKind.MissingSignOff));
        Assert.DoesNotContain(verdict.BlockingReasons, r => r.Kind == BlockKind.UncoveredStage);
    }

    [Fact]
    public void Release_mode_passes_a_model_in_order_and_flags_missing_stages()
    {
        var ready = ModelText.Header + """

            ## Threats

            | ID | Threat | Stage | Priority | Status | Controls |
            |---|---|---|---|---|---|
            | TM-1 | Tampered model | model-storage | high | mitigated | signed artefacts |
            | TM-2 | Injection | inference | high | eliminated | |
            | TM-3 | Old | post-deployment | low | open | |
            """;
        var document = ModelText.Load(ready);
        var options = GateOptions.FromModel(document, GateMode.Release, ModelText.Today);
        var verdict = GateEngine.Evaluate(document, Array.Empty<Finding>(), options);
        Assert.Equal(new[] { "data-collection", "training" }, verdict.BlockingReasons.Select(r => r.Summary.Split(' ')[1]));

        var complete = ready + "\n## Lifecycle coverage\n\n| Stage | Reason |\n|---|---|\n| data-collection | none collected |\n| training | hosted model |\n";
        var passing = GateEngine.Evaluate(ModelText.Load(complete), Array.Empty<Finding>(), options);
        Assert.True(passing.Passed, string.Join("; ", passing.BlockingReasons.Select(r => r.Summary)));
    }

    [Fact]
    public void A_model_with_errors_is_never_evaluated()
    {
        var broken = ModelText.Load(ModelText.Header + "\n## Threats\n\n| ID | Threat | Status |\n|---|---|---|\n| T1 | a | sometime |\n");
        Assert.True(broken.HasErrors);
        Assert.Throws<InvalidOperationException>(() => GateEngine.Evaluate(broken, Array.Empty<Finding>(), GateOptions.FromModel(broken, GateMode.PullRequest, ModelText.Today)));
    }
}
