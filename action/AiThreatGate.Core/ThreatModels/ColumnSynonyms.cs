using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// One synonym table per column of the four tables, gathered from public threat models and risk registers
/// (see tests/AiThreatGate.Core.Tests/ThreatModels/Fixtures/real-header-sets.tsv). Headers are compared
/// case-insensitively, ignoring punctuation, parenthesised notes ("Impact (1-5)"), extra spaces and camel case.
/// </summary>
public static class ColumnSynonyms
{
    /// <summary>
    /// Words for "number" in an ID header: "#", "No.", "Nr." all read as "number" ("Risk #" = "Risk No." = "Risk Number").
    /// Declared first because the tables below are built with <see cref="Key"/>, and static fields initialise in order.
    /// </summary>
    private static readonly HashSet<string> NumberWords = new(StringComparer.Ordinal) { "#", "no", "nr", "num", "number" };

    public static readonly TableColumns Threats = new(
        "Threats",
        new[]
        {
            new ColumnSpec(ThreatColumns.Id, true, new[]
            {
                "ID", "Threat ID", "Risk ID", "#", "Ref", "Reference", "Ref #", "Threat Number", "Threat #", "Threat Ref", "Risk Number", "Risk #",
                "Risk Ref", "Finding ID", "Issue ID", "TID", "Key", "Identifier", "S.No", "Sr. No.",
            }),
            new ColumnSpec(ThreatColumns.Threat, true, new[]
            {
                "Threat", "Title", "Name", "Threat Title", "Threat Name", "Risk Title", "Risk Name", "Threat Description", "Threat Scenario",
                "Threat Statement", "Risk Description", "Risk Statement", "Finding", "Scenario", "Threats", "Short Description",
                "Exploitation Description", "Attack Description", "Summary", "Description",
            }),
            new ColumnSpec(ThreatColumns.Status, true, new[]
            {
                "Status", "State", "Resolution", "Threat Status", "Risk Status", "Mitigation Status", "Current Status", "Treatment Status",
            }),
            new ColumnSpec(ThreatColumns.Stage, false, new[]
            {
                "Stage", "Stages", "Lifecycle Stage", "Lifecycle", "Phase", "Lifecycle Phase", "ML Lifecycle Stage", "AI Lifecycle Stage",
            }),
            new ColumnSpec(ThreatColumns.Category, false, new[]
            {
                "Category", "Categories", "STRIDE", "STRIDE Category", "Threat Category", "Threat Type", "Risk Category", "Type", "Kind",
            }),
            new ColumnSpec(ThreatColumns.Assets, false, new[]
            {
                "Assets", "Asset", "Affected Assets", "Affected Asset", "Asset IDs", "Impacted Assets", "Impacted Asset IDs", "Linked Assets",
                "Affected Asset / Service", "Targets", "Target",
            }),
            new ColumnSpec(ThreatColumns.Adversary, false, new[]
            {
                "Adversary", "Adversaries", "Actor", "Threat Actor", "Threat Actors", "Relevant Threat Actor", "Attacker", "Threat Agent", "Threat Source",
            }),
            new ColumnSpec(ThreatColumns.Likelihood, false, new[]
            {
                "Likelihood", "Probability", "Prob", "L", "Likelihood Rating", "Probability Level", "Residual Likelihood", "Inherent Likelihood",
            }),
            new ColumnSpec(ThreatColumns.Impact, false, new[]
            {
                "Impact", "I", "Consequence", "Impact Level", "Impact Rating", "Impact Severity", "Residual Impact", "Inherent Impact",
            }),
            new ColumnSpec(ThreatColumns.Priority, false, new[]
            {
                "Priority", "Risk Level", "Rating", "Risk Rating", "Severity", "Priority Level", "Risk Priority", "Overall Rating", "Overall Risk",
                "Current Risk", "Residual Rating", "Residual Risk Rating", "Inherent Rating", "Criticality",
            }),
            new ColumnSpec(ThreatColumns.Dread, false, new[] { "DREAD", "DREAD Score" }),
            new ColumnSpec(ThreatColumns.Controls, false, new[]
            {
                "Controls", "Control", "Mitigations", "Mitigation", "Countermeasures", "Countermeasure", "Existing Controls", "Current Controls",
                "Existing Mitigation", "Security Controls", "Security Control", "Controls and Mitigations", "Mitigated By", "Treatment / Controls",
                "Mitigation / Fix", "Mitigation / Prevention", "Mitigation Strategy", "Mitigation Plan", "Mitigation Notes", "Mitigation Techniques",
                "Risk Response/Mitigation", "Treatment", "Treatment Plan", "Response Strategy", "Remediation", "Recommended Mitigations",
                "Proposed Mitigation", "Recommendation", "Justification",
            }),
            new ColumnSpec(ThreatColumns.Owner, false, new[]
            {
                "Owner", "Owners", "Risk Owner", "Threat Owner", "Action Owner", "Assignee", "Assigned To", "Responsible", "Actioned By",
            }),
            new ColumnSpec(ThreatColumns.Detects, false, new[] { "Detects", "Detected By", "Evidence", "Rules", "Analyzer Rules", "Detection" }),
        },
        // "Risk" names the risk itself in a risk register ("| ID | Risk | Likelihood |") and its rating next to a threat column.
        new Dictionary<string, IReadOnlyList<string>> { ["Risk"] = new[] { ThreatColumns.Threat, ThreatColumns.Priority } });

    public static readonly TableColumns Assets = new(
        "Assets",
        new[]
        {
            new ColumnSpec("id", true, new[] { "ID", "Asset ID", "#", "Ref" }),
            new ColumnSpec("asset", true, new[] { "Asset", "Asset Name", "Name", "Description", "Asset Description" }),
            new ColumnSpec("kind", false, new[] { "Kind", "Type", "Asset Type", "Category" }),
            new ColumnSpec("stage", false, new[] { "Stage", "Stages", "Lifecycle Stage", "Lifecycle", "Phase" }),
            new ColumnSpec("sensitivity", false, new[] { "Sensitivity", "Classification", "Data Classification", "Criticality" }),
        });

    public static readonly TableColumns Decisions = new(
        "Risk decisions",
        new[]
        {
            new ColumnSpec("threat", true, new[] { "Threat", "Threat ID", "Threat Ref", "Risk ID", "ID" }),
            new ColumnSpec("decision", true, new[] { "Decision", "Type", "Treatment", "Treatment Decision", "Risk Decision" }),
            new ColumnSpec("justification", false, new[] { "Justification", "Rationale", "Reason" }),
            new ColumnSpec("approved by", false, new[] { "Approved by", "Approver", "Approved", "Accepted by" }),
            new ColumnSpec("ticket", false, new[] { "Ticket", "Issue", "Tracking", "Tracking Issue", "Link", "Work Item" }),
            new ColumnSpec("due", false, new[] { "Expires/Due", "Expires", "Due", "Due Date", "Expiry", "Expiry Date", "Deadline", "Until", "Review by", "Target Date" }),
        });

    public static readonly TableColumns Stages = new(
        "Lifecycle coverage",
        new[]
        {
            new ColumnSpec("stage", true, new[] { "Stage", "Lifecycle Stage", "Phase" }),
            new ColumnSpec("reason", true, new[] { "Reason", "Not applicable because", "Justification", "Rationale", "Why", "Notes" }),
        });

    /// <summary>
    /// A header's comparable form: lower case; parenthesised or bracketed notes dropped; camel case split
    /// ("ShortDescription"); anything but letters, digits and '#' treated as a space; '#', "No.", "Nr." read as
    /// "number"; leading list numbers ("3. Threats") dropped. A header that is only punctuation keeps its text.
    /// </summary>
    public static string Key(string header)
    {
        var text = Vocabulary.Normalize(header);
        var withoutNotes = DropNotes(text);
        if (withoutNotes.Any(char.IsLetterOrDigit) || withoutNotes.Contains('#', StringComparison.Ordinal))
        {
            text = withoutNotes;
        }

        var tokens = new List<string>();
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(word.ToString().ToLowerInvariant());
                word.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#')
            {
                Flush();
                tokens.Add("#");
            }
            else if (char.IsLetterOrDigit(c))
            {
                // "ShortDescription" and "riskOwner" are two words; "ID" and "STRIDE" stay one.
                if (word.Length > 0 && char.IsUpper(c) && char.IsLower(text[i - 1]))
                {
                    Flush();
                }

                word.Append(c);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        var leading = 0;
        while (leading < tokens.Count - 1 && tokens[leading].All(char.IsDigit))
        {
            leading++;
        }

        var kept = tokens.Skip(leading).Select(t => NumberWords.Contains(t) ? "number" : t).ToList();
        return kept.Count > 0 ? string.Join(' ', kept) : text.Trim().ToLowerInvariant();
    }

    private static string DropNotes(string text)
    {
        var result = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            if (c is '(' or '[')
            {
                depth++;
                result.Append(' ');
            }
            else if (c is ')' or ']' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
