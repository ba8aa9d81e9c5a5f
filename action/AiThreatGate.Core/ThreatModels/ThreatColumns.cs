namespace AiThreatGate.Core.ThreatModels;

/// <summary>Canonical column names of the threats table.</summary>
public static class ThreatColumns
{
    public const string Id = "id";
    public const string Threat = "threat";
    public const string Stage = "stage";
    public const string Category = "category";
    public const string Assets = "assets";
    public const string Adversary = "adversary";
    public const string Likelihood = "likelihood";
    public const string Impact = "impact";
    public const string Priority = "priority";
    public const string Dread = "dread";
    public const string Status = "status";
    public const string Controls = "controls";
    public const string Owner = "owner";
    public const string Detects = "detects";
}
