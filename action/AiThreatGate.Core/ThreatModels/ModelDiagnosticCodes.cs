using System.Collections.Generic;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>The stable catalog of threat-model diagnostics (documented in docs/threat-model-format.md).</summary>
public static class ModelDiagnosticCodes
{
    public const string MalformedFrontMatter = "TM001";
    public const string MissingFrontMatter = "TM002";
    public const string MissingThreatsTable = "TM003";
    public const string MissingRequiredColumn = "TM004";
    public const string MalformedTable = "TM005";
    public const string DuplicateId = "TM006";
    public const string UnknownStatus = "TM007";
    public const string DecisionForMissingThreat = "TM008";
    public const string UnknownDetects = "TM009";
    public const string MitigatedWithoutControls = "TM010";
    public const string AcceptedWithoutApproval = "TM011";
    public const string PlannedWithoutDeadline = "TM012";
    public const string ExpiredDecision = "TM013";
    public const string StaleReview = "TM014";
    public const string MissingSignOff = "TM015";
    public const string UncoveredStage = "TM016";
    public const string UncoveredAsset = "TM017";
    public const string UnknownVocabulary = "TM018";
    public const string InvalidDate = "TM019";
    public const string UnknownRating = "TM020";
    public const string UnknownAsset = "TM021";
    public const string InvalidDecision = "TM022";
    public const string UndeterminedPriority = "TM023";
    public const string EmptyRequiredCell = "TM024";
    public const string ImportFailed = "TM025";
    public const string InvalidEncoding = "TM026";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        [MalformedFrontMatter] = "Front matter is not valid YAML or has a value of the wrong type",
        [MissingFrontMatter] = "Missing front matter or format version",
        [MissingThreatsTable] = "No threats table",
        [MissingRequiredColumn] = "A table lacks a required column",
        [MalformedTable] = "Malformed table or row",
        [DuplicateId] = "Duplicate ID",
        [UnknownStatus] = "Unknown status",
        [DecisionForMissingThreat] = "Risk decision for a threat that does not exist",
        [UnknownDetects] = "Detects entry matches no known rule or tag",
        [MitigatedWithoutControls] = "Mitigated without controls",
        [AcceptedWithoutApproval] = "Accepted without approver or justification",
        [PlannedWithoutDeadline] = "Planned without ticket or due date",
        [ExpiredDecision] = "Risk decision expired or past due",
        [StaleReview] = "Threat model review is overdue",
        [MissingSignOff] = "Missing sign-off",
        [UncoveredStage] = "Lifecycle stage with no threat and no stated reason",
        [UncoveredAsset] = "Asset not covered by any threat",
        [UnknownVocabulary] = "Unknown stage, kind, category or adversary",
        [InvalidDate] = "Invalid date",
        [UnknownRating] = "Unknown likelihood, impact, priority or DREAD value",
        [UnknownAsset] = "Threat references an unknown asset",
        [InvalidDecision] = "Unknown risk decision",
        [UndeterminedPriority] = "Priority could not be determined (treated as high)",
        [EmptyRequiredCell] = "A required cell is empty",
        [ImportFailed] = "A Threagile or Threat Dragon model could not be imported",
        [InvalidEncoding] = "The file is not valid UTF-8 (or UTF-16 with a byte order mark)",
    };
}
