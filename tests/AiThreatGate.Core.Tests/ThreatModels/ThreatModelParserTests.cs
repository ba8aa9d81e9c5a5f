using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AiThreatGate.Core.ThreatModels;
using AiThreatGate.Testing;
using Xunit;
using static AiThreatGate.Core.Tests.ThreatModels.ModelText;

namespace AiThreatGate.Core.Tests.ThreatModels;

public sealed class ThreatModelParserTests
{
    private static string FormatDocExample()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "threat-model-format.md"));
        var match = Regex.Match(doc, "## Complete example\\s+````markdown\\n(?<body>.*?)\\n````", RegexOptions.Singleline);
        Assert.True(match.Success, "docs/threat-model-format.md has no complete example block");
        return match.Groups["body"].Value;
    }

    [Fact]
    public void Complete_example_in_the_format_doc_parses_into_the_expected_model()
    {
        var model = Load(FormatDocExample());

        Assert.False(model.HasErrors, Dump(model));
        // Every Detects entry of the example (LLM10 included, since AITG023/AITG024) is a shipped rule or tag.
        Assert.Empty(Codes(model));

        Assert.Equal(1, model.FrontMatter.FormatVersion);
        Assert.Equal("SupportAssistant", model.FrontMatter.SystemName);
        Assert.Equal("Dana Ito", model.FrontMatter.Owners["ml"]);
        Assert.Equal(new DateOnly(2026, 11, 1), model.FrontMatter.LastReviewed);
        Assert.Equal(90, model.FrontMatter.ReviewEveryDays);
        Assert.Equal(new[] { "ml", "security" }, model.FrontMatter.SignOffs.Select(s => s.Role));
        Assert.Equal(new GateDefaults(Priority.High, UnmodeledBlocks: true, StaleBlocks: false), model.FrontMatter.Gate);

        Assert.Equal(new[] { "A1", "A2", "A3", "A4", "A5" }, model.Assets.Select(a => a.Id));
        Assert.Equal("model-weights", model.Assets[0].Kind);
        Assert.Equal(new[] { LifecycleStage.ModelStorage, LifecycleStage.Inference }, model.Assets[0].Stages);

        Assert.Equal(new[] { "TM-001", "TM-002", "TM-003", "TM-004", "TM-005", "TM-006" }, model.Threats.Select(t => t.Id));
        Assert.Equal(
            new[] { ThreatStatus.Mitigated, ThreatStatus.Eliminated, ThreatStatus.Mitigated, ThreatStatus.Accepted, ThreatStatus.Planned, ThreatStatus.Open },
            model.Threats.Select(t => t.Status));
        Assert.Equal(
            new[] { Priority.High, Priority.High, Priority.High, Priority.High, Priority.Low, Priority.Medium },
            model.Threats.Select(t => t.Priority));
        var first = model.Threats[0];
        Assert.Equal(new[] { "stride:T", "supply-chain" }, first.Categories);
        Assert.Equal(new[] { "AITG002", "AITG003" }, first.Detects.Select(d => d.Pattern));
        Assert.Equal(39, first.Line);
        Assert.Equal(new[] { "insider" }, first.Adversaries);

        Assert.Equal(2, model.Decisions.Count);
        Assert.Equal(new RiskDecision("TM-004", DecisionKind.Accepted, "Answers are advisory and never executed; filter in place", "Sam Reyes", "SEC-112", new DateOnly(2027, 3, 31), 50), model.Decisions[0]);
        Assert.Equal(LifecycleStage.Training, Assert.Single(model.StageExclusions).Stage);
        Assert.Equal(new[] { "Abuse scenarios", "Trust boundaries" }, model.FreeSections.Select(s => s.Title));
        Assert.Contains("reveal other customers' tickets", model.FreeSections[0].Markdown, StringComparison.Ordinal);

        Assert.True(ThreatResolution.Evaluate(model.Threats[3], model, Today).IsResolved);
        Assert.True(ThreatResolution.Evaluate(model.Threats[4], model, Today).IsResolved);
        Assert.False(ThreatResolution.Evaluate(model.Threats[5], model, Today).IsResolved);
    }

    [Fact]
    public void Header_synonyms_other_tools_vocabulary_and_extra_columns_are_understood()
    {
        var model = Load(Header + """

            ## Threat register

            | Threat ID | Description | STRIDE | Probability | Consequence | State | Mitigations | Assignee | Evidence | Notes |
            |---|---|---|---|---|---|---|---|---|---|
            | T1 | Model swapped | Tampering | likely | major | Resolved | Signed artefacts | Ana | AITG002 | reviewed in Q3 |
            | T2 | Key committed | I | 2 | 4 | Unmitigated | | Bo | AITG025 | |
            | T3 | Old report | D | rare | minor | N/A | | Cy | | superseded |
            """ + AllStagesExplained);

        Assert.Empty(Codes(model));
        Assert.Equal(new[] { ThreatStatus.Mitigated, ThreatStatus.Open, ThreatStatus.NotApplicable }, model.Threats.Select(t => t.Status));
        Assert.Equal(new[] { Priority.High, Priority.High, Priority.Low }, model.Threats.Select(t => t.Priority));
        Assert.Equal("Signed artefacts", model.Threats[0].Controls);
        Assert.Equal("reviewed in Q3", model.Threats[0].Column("notes"));
        Assert.Equal(new[] { "stride:T" }, model.Threats[0].Categories);
    }

    [Fact]
    public void Missing_front_matter_is_an_error_on_line_1()
    {
        var model = Load("# Threats\n\n## Threats\n\n| ID | Threat | Status |\n|---|---|---|\n| T1 | x | open |\n");
        Assert.Equal("TM002!@1:1", Codes(model)[0]);
        Assert.Single(model.Diagnostics, d => d.Level == DiagnosticLevel.Error);
        Assert.True(model.HasErrors);
        Assert.Single(model.Threats);
    }

    [Fact]
    public void Invalid_yaml_is_reported_at_its_line()
    {
        var model = Load("---\nthreat-model: 1\nsystem: [unclosed\nlast-reviewed: 2026-11-01\n---\n## Threats\n\n| ID | Threat | Status |\n|---|---|---|\n| T1 | x | open |\n");
        var yamlError = Assert.Single(model.Diagnostics, d => d.Code == ModelDiagnosticCodes.MalformedFrontMatter);
        Assert.Equal(DiagnosticLevel.Error, yamlError.Level);
        Assert.Contains("invalid YAML", yamlError.Message, StringComparison.Ordinal);
        Assert.InRange(yamlError.Line, 2, 5);
    }

    [Fact]
    public void Unsupported_version_and_wrong_types_in_front_matter()
    {
        var model = Load("---\nthreat-model: 2\nreview-every-days: soon\nlast-reviewed: yesterday\ngate:\n  block-priority: urgent\n  unmodeled: maybe\n---\n## Threats\n\n| ID | Threat | Status | Priority |\n|---|---|---|---|\n| T1 | x | open | low |\n");
        Assert.Equal(new[] { "TM002!@2:1", "TM001!@3:20", "TM019!@4:16", "TM001!@6:19", "TM001!@7:14" }, Codes(model).Where(c => c.Contains('!')).ToArray());
    }

    [Fact]
    public void Missing_required_column_names_the_column_and_the_header_found()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Owner |
            |---|---|---|
            | T1 | x | Ana |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM004!@16:3" }, Codes(model));
        Assert.Contains("'status'", model.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Empty(model.Threats);
    }

    [Fact]
    public void No_threats_table_is_an_error()
    {
        var model = Load(Header + "\n# Demo\n\nNothing here yet.\n" + AllStagesExplained);
        Assert.Equal(new[] { "TM003!@14:1" }, Codes(model));
    }

    [Fact]
    public void Duplicate_ids_point_at_the_second_occurrence()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority |
            |---|---|---|---|
            | T1 | a | open | low |
            | T1 | b | open | low |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM006!@19:3" }, Codes(model));
        Assert.Contains("line 18", model.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_status_is_an_error_at_the_status_cell_and_the_threat_stays_open()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority |
            |---|---|---|---|
            | T1 | a | maybe later | high |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM007!@18:12" }, Codes(model));
        Assert.Equal(ThreatStatus.Open, model.Threats[0].Status);
    }

    [Fact]
    public void Decision_for_a_missing_threat_and_an_unknown_decision()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority |
            |---|---|---|---|
            | T1 | a | open | high |

            ## Risk decisions

            | Threat | Decision | Justification | Approved by | Ticket | Due |
            |---|---|---|---|---|---|
            | T9 | accepted | ok | Sam | | 2027-01-01 |
            | T1 | ignored | | | | |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM008!@24:1", "TM022!@25:8" }, Codes(model));
    }

    [Fact]
    public void Resolutions_without_their_evidence_are_errors()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority | Controls |
            |---|---|---|---|---|
            | T1 | a | mitigated | high | |
            | T2 | b | accepted | high | |
            | T3 | c | planned | high | |
            | T4 | d | accepted | high | |

            ## Risk decisions

            | Threat | Decision | Justification | Approved by | Ticket | Due |
            |---|---|---|---|---|---|
            | T3 | planned | later | Dana | | |
            | T4 | accepted | | | | |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM010!@18:12", "TM011!@19:12", "TM012!@27:1", "TM011!@28:1" }, Codes(model));
        Assert.All(model.Threats, t => Assert.False(ThreatResolution.Evaluate(t, model, Today).IsResolved));
    }

    [Fact]
    public void Expired_decisions_stale_review_and_missing_sign_off_are_warnings()
    {
        var model = Load("""
            ---
            threat-model: 1
            last-reviewed: 2026-01-01
            review-every-days: 30
            sign-off:
              - role: ml
                name: Dana
                date: 2026-01-01
            ---
            ## Threats

            | ID | Threat | Status | Priority |
            |---|---|---|---|
            | T1 | a | accepted | high |
            | T2 | b | planned | high |

            ## Risk decisions

            | Threat | Decision | Justification | Approved by | Ticket | Due |
            |---|---|---|---|---|---|
            | T1 | accepted | fine | Sam | | 2026-06-30 |
            | T2 | planned | soon | Dana | ML-1 | 2026-10-01 |
            """ + AllStagesExplained);
        // The missing security sign-off is reported at the 'sign-off:' key (line 5), not at the front matter's start.
        Assert.Equal(new[] { "TM014@2:1", "TM015@5:1", "TM013@21:1", "TM013@22:1" }, Codes(model));
        Assert.False(model.HasErrors);
        Assert.Contains("expired on 2026-06-30", ThreatResolution.Evaluate(model.Threats[0], model, Today).Explanation, StringComparison.Ordinal);
        Assert.Contains("was due on 2026-10-01", ThreatResolution.Evaluate(model.Threats[1], model, Today).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_of_stages_and_assets()
    {
        var model = Load(Header + """

            ## Assets

            | ID | Asset | Kind | Stage |
            |---|---|---|---|
            | A1 | weights | model-weights | model-storage |
            | A2 | prompt | prompt | inference |

            ## Threats

            | ID | Threat | Stage | Assets | Status | Priority |
            |---|---|---|---|---|---|
            | T1 | a | inference | A2, A9 | open | high |

            ## Lifecycle coverage

            | Stage | Reason |
            |---|---|
            | training | We do not train. |
            | post-deployment | |
            """);
        // Stages without a row are reported at the coverage table's header (29), the one with an empty reason at its row (32).
        Assert.Equal(new[] { "TM017@18:1", "TM021@25:24", "TM016@29:1", "TM016@29:1", "TM016@32:1" }, Codes(model));
        Assert.Contains("data-collection", model.Diagnostics[2].Message, StringComparison.Ordinal);
        Assert.Contains("post-deployment", model.Diagnostics[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_without_delimiter_row_and_rows_of_the_wrong_width()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority |
            | T1 | a | open | high |

            ## Threat details

            | ID | Threat | Status | Priority |
            |---|---|---|---|
            | T2 | b | open | high | extra |
            | T3 | c | open |
            """ + AllStagesExplained);
        var codes = Codes(model);
        Assert.Equal("TM005!@16:1", codes[0]);
        Assert.Contains("TM005@23:1", codes);
        Assert.Contains("TM005@24:1", codes);
        Assert.Equal(new[] { "T2", "T3" }, model.Threats.Select(t => t.Id));
    }

    [Fact]
    public void Bad_values_dates_and_undetermined_priority()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Stage | Category | Adversary | Likelihood | Impact | Status |
            |---|---|---|---|---|---|---|---|
            | T1 | a | orbit | woo | aliens | sometimes | bad | open |

            ## Risk decisions

            | Threat | Decision | Justification | Approved by | Ticket | Due |
            |---|---|---|---|---|---|
            | T1 | accepted | fine | Sam | | next week |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM023@18:1", "TM018@18:12", "TM018@18:20", "TM018@18:26", "TM020@18:35", "TM020@18:47", "TM019!@24:34" }, Codes(model));
        Assert.Equal(Priority.High, model.Threats[0].Priority);
        Assert.False(model.Threats[0].PriorityDetermined);
    }

    [Fact]
    public void Explicit_priority_wins_then_matrix_then_dread()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Likelihood | Impact | DREAD | Priority | Status |
            |---|---|---|---|---|---|---|
            | T1 | a | 1 | 1 | 9 | critical | open |
            | T2 | b | 5 | 3 | | | open |
            | T3 | c | | | 8/6/7/5/4 | | open |
            | T4 | d | | | 2.5 | | open |
            """ + AllStagesExplained);
        Assert.Empty(Codes(model));
        Assert.Equal(new[] { Priority.Critical, Priority.Critical, Priority.High, Priority.Low }, model.Threats.Select(t => t.Priority));
    }

    [Fact]
    public void Detects_entries_with_wildcards_globs_and_unknown_entries()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority | Detects |
            |---|---|---|---|---|
            | T1 | a | open | high | AITG00*, CWE-502 @ src/Models/**, `AML.T0010` |
            | T2 | b | open | high | AITG999, LLM09 |
            """ + AllStagesExplained);
        Assert.Equal(new[] { "TM009@19:26", "TM009@19:35" }, Codes(model));
        var detects = model.Threats[0].Detects;
        Assert.Equal(new[] { "AITG00*", "CWE-502", "AML.T0010" }, detects.Select(d => d.Pattern));
        Assert.Equal("src/Models/**", detects[1].PathGlob);
        Assert.True(detects[0].MatchesRule("AITG004", Array.Empty<string>()));
        Assert.False(detects[0].MatchesRule("AITG025", Array.Empty<string>()));
        Assert.True(detects[1].MatchesRule("AITG001", new[] { "CWE-502" }));
        Assert.True(detects[1].InScope("src/Models/Onnx/Loader.cs"));
        Assert.False(detects[1].InScope("src/Web/Program.cs"));
        Assert.True(detects[2].MatchesRule("AITG003", new[] { "AML.T0010.003" }));
    }

    [Fact]
    public void Escaped_pipes_and_code_spans_stay_inside_their_cell()
    {
        var model = Load(Header + """

            ## Threats

            | ID | Threat | Status | Priority | Controls |
            |---|---|---|---|---|
            | T1 | a \| b | mitigated | high | `a|b` filter |
            """ + AllStagesExplained);
        Assert.Empty(Codes(model));
        Assert.Equal("a | b", model.Threats[0].Title);
        Assert.Equal("`a|b` filter", model.Threats[0].Controls);
    }

    [Fact]
    public void Unreadable_file_is_an_error_naming_the_file()
    {
        var model = ThreatModelParser.ParseFile("/nonexistent/THREATMODEL.md");
        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal(DiagnosticLevel.Error, diagnostic.Level);
        Assert.StartsWith("/nonexistent/THREATMODEL.md:1:1: error", diagnostic.ToString(), StringComparison.Ordinal);
    }
}
