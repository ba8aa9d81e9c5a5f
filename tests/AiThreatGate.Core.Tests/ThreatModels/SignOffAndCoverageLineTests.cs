using System;
using System.Linq;
using AiThreatGate.Core.Findings;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;
using Xunit;
using static AiThreatGate.Core.Tests.ThreatModels.ModelText;

namespace AiThreatGate.Core.Tests.ThreatModels;

/// <summary>Issue #13 item 10: sign-off roles as people write them, and warnings placed at the element they are about.</summary>
public sealed class SignOffAndCoverageLineTests
{
    [Theory]
    [InlineData("ml", "ml")]
    [InlineData("ML lead", "ml")]
    [InlineData("ML-Lead", "ml")]
    [InlineData("ml_owner", "ml")]
    [InlineData("ML team", "ml")]
    [InlineData("Machine Learning Lead", "ml")]
    [InlineData("Head of ML", "ml")]
    [InlineData("Security Lead", "security")]
    [InlineData("security-lead", "security")]
    [InlineData("SECURITY", "security")]
    [InlineData("Head of Security", "security")]
    [InlineData("AppSec owner", "security")]
    [InlineData("security team.", "security")]
    public void Written_roles_match_their_required_role(string written, string required)
    {
        Assert.True(SignOffRoles.Matches(written, required));
        Assert.False(SignOffRoles.Matches(written, required == "ml" ? "security" : "ml"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Lead")]
    [InlineData("ML security lead")]
    [InlineData("product")]
    [InlineData("ML platform lead")]
    public void Other_roles_match_neither(string written)
    {
        Assert.False(SignOffRoles.Matches(written, "ml"));
        Assert.False(SignOffRoles.Matches(written, "security"));
    }

    [Fact]
    public void An_owners_key_that_names_a_role_lets_its_spelling_sign_for_it()
    {
        Assert.True(SignOffRoles.Matches("ML Platform Lead", "ml", new[] { "ml-platform", "security" }));
        Assert.False(SignOffRoles.Matches("ML Platform Lead", "security", new[] { "ml-platform", "security" }));
        Assert.False(SignOffRoles.Matches("Data platform lead", "ml", new[] { "data-platform" }));
    }

    private const string Threats = """

        ## Threats

        | ID | Threat | Stage | Status | Priority |
        |---|---|---|---|---|
        | T1 | a | inference | open | low |
        """;

    private static string FrontMatter(string signOffs) => $"""
        ---
        threat-model: 1
        system: Demo
        owners:
          ml: Dana
          security: Sam
        last-reviewed: 2026-11-01
        review-every-days: 90
        {signOffs}
        ---
        """;

    private const string PeoplesRoles = """
        sign-off:
          - role: ML lead
            name: Dana
            date: 2026-11-01
          - role: Head of Security
            name: Sam
            date: 2026-11-02
        """;

    [Fact]
    public void A_model_signed_with_peoples_role_names_has_no_sign_off_warning()
    {
        var model = Load(FrontMatter(PeoplesRoles) + Threats + AllStagesExplained);
        Assert.Empty(Codes(model));
    }

    [Fact]
    public void The_release_gate_accepts_the_same_sign_offs()
    {
        var model = Load(FrontMatter(PeoplesRoles) + Threats + AllStagesExplained);
        var options = GateOptions.FromModel(model, GateMode.Release, Today) with { ModelLastChanged = new DateOnly(2026, 11, 1) };
        var verdict = GateEngine.Evaluate(model, Array.Empty<Finding>(), options);
        Assert.DoesNotContain(verdict.BlockingReasons, r => r.Kind == BlockKind.MissingSignOff);
    }

    [Fact]
    public void Sign_off_warnings_point_at_the_undated_entry_or_at_the_sign_off_key()
    {
        // Lines: 9 "sign-off:", 10 the ML entry (no date); no security entry at all.
        var model = Load(FrontMatter("""
            sign-off:
              - role: ML Lead
                name: Dana
            """) + Threats + AllStagesExplained);
        Assert.Equal(new[] { "TM015@9:1", "TM015@10:1" }, Codes(model));
        Assert.Contains("'security'", model.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("'ML Lead' entry has no date", model.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_sign_off_list_the_warning_stays_on_the_front_matter()
    {
        var model = Load(FrontMatter(string.Empty) + Threats + AllStagesExplained);
        Assert.Equal(new[] { "TM015@2:1", "TM015@2:1" }, Codes(model));
    }

    [Fact]
    public void Uncovered_stage_warnings_point_at_the_threats_table_when_there_is_no_coverage_table()
    {
        // Header is lines 1-13, then a blank line, "## Threats" (15), a blank line and the header row on line 17.
        var model = Load(Header + "\n" + Threats);
        Assert.Equal(new[] { "TM016@17:1", "TM016@17:1", "TM016@17:1", "TM016@17:1" }, Codes(model));
        Assert.Equal(17, model.ThreatsTableLine);
    }
}
