namespace AiThreatGate.Core.Publishing;

/// <summary>
/// The report files a run wrote before publishing (null: not requested), and whether the user wants the pull-request
/// comment; publishers point to them (step outputs, summary tab) instead of writing them again.
/// </summary>
public sealed record WrittenReports(string? MarkdownPath, string? HtmlPath, string? SarifPath, bool Comment);
