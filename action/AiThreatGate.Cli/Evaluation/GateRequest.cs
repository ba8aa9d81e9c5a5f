using System;
using System.Collections.Generic;

namespace AiThreatGate.Cli.Evaluation;

/// <summary>What <c>check</c>, <c>release</c> and <c>report</c> were asked to do, as parsed from the command line.</summary>
public sealed record GateRequest(
    GateCommandKind Kind,
    string ThreatModel,
    string? Path,
    IReadOnlyList<string> Sarif,
    string? Base,
    string? BlockPriority,
    string? Unmodeled,
    string? Stale,
    string Format,
    string? Output,
    string? MarkdownOutput,
    string? JsonOutput,
    string? SarifOutput,
    string? HtmlOutput,
    string? Repo,
    DateOnly Today)
{
    /// <summary>Report to GitHub (check run, PR comment, job summary) from the Actions environment.</summary>
    public bool GitHub { get; init; }

    /// <summary>With <see cref="GitHub"/>: keep one sticky PR comment up to date.</summary>
    public bool Comment { get; init; } = true;

    /// <summary>Report to an Azure DevOps pull request (status, thread, logging commands) from the pipeline's variables.</summary>
    public bool AzureDevOps { get; init; }

    /// <summary>Whether the user named the threat model; otherwise it is looked up beside the analyzed path.</summary>
    public bool ThreatModelGiven { get; init; } = true;

    /// <summary><c>--path-map FROM=TO</c>: where a build's absolute paths are in this checkout.</summary>
    public IReadOnlyList<string> PathMaps { get; init; } = Array.Empty<string>();

    /// <summary><c>--allow-compile-errors</c>: evaluate what compiles, with a warning, instead of failing.</summary>
    public bool AllowCompileErrors { get; init; }
}
