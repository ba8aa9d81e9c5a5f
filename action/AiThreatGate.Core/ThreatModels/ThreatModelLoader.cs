using System;
using AiThreatGate.Core.Taxonomy;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>Parse + lint in one call: what the gate and the CLI use.</summary>
public static class ThreatModelLoader
{
    public static ThreatModelDocument Load(string path, RuleTaxonomy taxonomy, DateOnly today) =>
        ThreatModelLinter.Lint(ThreatModelParser.ParseFile(path), taxonomy, today);

    public static ThreatModelDocument LoadText(string text, string path, RuleTaxonomy taxonomy, DateOnly today) =>
        ThreatModelLinter.Lint(ThreatModelParser.Parse(text, path), taxonomy, today);
}
