namespace AiThreatGate.Core.ThreatModels;

public enum DiagnosticLevel
{
    Warning,
    Error,
}

/// <summary>A problem in a threat-model file, printed compiler-style: <c>file:line:col: error TM004: message</c>.</summary>
public sealed record ModelDiagnostic(string Code, DiagnosticLevel Level, string File, int Line, int Column, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Level == DiagnosticLevel.Error ? "error" : "warning")} {Code}: {Message}";
}
