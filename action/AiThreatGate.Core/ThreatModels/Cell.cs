namespace AiThreatGate.Core.ThreatModels;

/// <summary>A table cell's text and where it starts in the file (1-based line and column).</summary>
public sealed record Cell(string Text, int Line, int Column)
{
    public static Cell Missing(int line) => new(string.Empty, line, 1);

    public bool IsEmpty => Vocabulary.IsEmpty(Text);
}
