using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AiThreatGate.AzureDevOps;

// The Azure DevOps Git REST API's shapes that the client sends and reads, named as in the official
// Microsoft.TeamFoundationServer.Client package (not served here) so the code reads like code using it.

/// <summary>The <c>{ "count": n, "value": [...] }</c> envelope of the service's lists.</summary>
public sealed record VssJsonCollectionWrapper<T>
{
    public int Count { get; init; }

    public List<T>? Value { get; init; }
}

/// <summary>GitStatusState: the state of a status (pending before the evaluation, then succeeded, failed or error).</summary>
public enum GitStatusState
{
    NotSet,
    Pending,
    Succeeded,
    Failed,
    Error,
    NotApplicable,
}

/// <summary>GitStatusContext: genre and name identify the status (a branch policy requires it by them).</summary>
public sealed record GitStatusContext
{
    public string? Genre { get; init; }

    public string? Name { get; init; }
}

/// <summary>GitPullRequestStatus (a GitStatus with the iteration it applies to).</summary>
public sealed record GitPullRequestStatus
{
    public int Id { get; init; }

    public GitStatusState State { get; init; }

    public string? Description { get; init; }

    public GitStatusContext? Context { get; init; }

    public string? TargetUrl { get; init; }

    public int IterationId { get; init; }
}

/// <summary>GitCommitRef, reduced to the commit id.</summary>
public sealed record GitCommitRef
{
    public string? CommitId { get; init; }
}

/// <summary>GitPullRequestIteration: one push of the pull request; older API versions omit the source commit.</summary>
public sealed record GitPullRequestIteration
{
    public int? Id { get; init; }

    public GitCommitRef? SourceRefCommit { get; init; }
}

/// <summary>CommentThreadStatus.</summary>
public enum CommentThreadStatus
{
    Unknown,
    Active,
    Fixed,
    WontFix,
    Closed,
    ByDesign,
    Pending,
}

/// <summary>CommentType.</summary>
public enum CommentType
{
    Unknown,
    Text,
    CodeChange,
    System,
}

/// <summary>Comment: a thread's comment; 0 as parent means a top-level comment.</summary>
public sealed record Comment
{
    public short Id { get; init; }

    public short ParentCommentId { get; init; }

    public string? Content { get; init; }

    public CommentType CommentType { get; init; }
}

/// <summary>GitPullRequestCommentThread: a PR discussion thread with its comments and status.</summary>
public sealed record GitPullRequestCommentThread
{
    public int Id { get; init; }

    public List<Comment>? Comments { get; init; }

    public CommentThreadStatus Status { get; init; }
}
