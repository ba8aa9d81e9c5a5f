namespace AiThreatGate.Cli.Evaluation;

/// <summary>The gate's commands: <c>check</c> (pull request), <c>release</c> (whole model) and <c>report</c> (reports without gating).</summary>
public enum GateCommandKind
{
    Check,
    Release,
    Report,
}
