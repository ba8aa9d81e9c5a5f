using System;
using System.Collections.Generic;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// What one <see cref="ThreatModelParser.Parse"/> call has read so far: the file's lines, the parts found, and the
/// diagnostics in the order they were met. Every reader of the parser writes here, so the document is built once, at
/// the end, and diagnostics of all parts come out in file order.
/// </summary>
internal sealed class ParseState
{
    private readonly List<ModelDiagnostic> _diagnostics = new();

    public ParseState(string filePath, string[] lines)
    {
        FilePath = filePath;
        Lines = lines;
    }

    public string FilePath { get; }

    /// <summary>The file's full lines (0-based); cells and positions are read from these, never from Markdig's copy.</summary>
    public string[] Lines { get; }

    public FrontMatter FrontMatter { get; set; } = FrontMatter.Empty;

    /// <summary>Set even when the threats table lacks a required column, so that it is not also reported missing.</summary>
    public bool SawThreatsTable { get; set; }

    public int ThreatsTableLine { get; set; }

    public int StagesTableLine { get; set; }

    public List<Asset> Assets { get; } = new();

    public List<Threat> Threats { get; } = new();

    public List<RiskDecision> Decisions { get; } = new();

    public List<StageExclusion> StageExclusions { get; } = new();

    public List<FreeSection> FreeSections { get; } = new();

    // Positions are clamped to 1: a diagnostic must always point inside the file, even when a reader had no position.
    public void Error(string code, int line, int column, string message) =>
        _diagnostics.Add(new ModelDiagnostic(code, DiagnosticLevel.Error, FilePath, Math.Max(1, line), Math.Max(1, column), message));

    public void Warning(string code, int line, int column, string message) =>
        _diagnostics.Add(new ModelDiagnostic(code, DiagnosticLevel.Warning, FilePath, Math.Max(1, line), Math.Max(1, column), message));

    public ThreatModelDocument Build() => new(FilePath, FrontMatter, Assets, Threats, Decisions, StageExclusions, FreeSections, _diagnostics)
    {
        ThreatsTableLine = ThreatsTableLine,
        StagesTableLine = StagesTableLine,
    };
}
