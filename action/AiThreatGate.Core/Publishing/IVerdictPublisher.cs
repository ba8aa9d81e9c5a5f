using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Gate;

namespace AiThreatGate.Core.Publishing;

/// <summary>
/// Where a gate run reports its verdict: nowhere beyond the console for a local run, a GitHub check run, an Azure DevOps
/// pull-request status. The CLI's pipeline calls it in one order (start, then publish or fail); a new platform (GitLab,
/// Bitbucket) is one new implementation. Implementations never let a failure to publish look like a pass: what did not
/// reach the service is listed in <see cref="Failures"/> and the pipeline fails the run.
/// </summary>
public interface IVerdictPublisher : IDisposable
{
    /// <summary>The platform's name as error messages state it ("GitHub", "Azure DevOps").</summary>
    string PlatformName { get; }

    /// <summary>The base commit the platform names for the pull request under evaluation, when it names one.</summary>
    string? PullRequestBase { get; }

    /// <summary>What could not be published, each named precisely; empty when everything reached the service.</summary>
    IReadOnlyList<string> Failures { get; }

    /// <summary>
    /// Marks the run as in progress before the evaluation (a check run in progress, a pending status), so an earlier
    /// success on the pull request does not stand while this run evaluates or if it crashes.
    /// </summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The gate could not evaluate: report a failure, never a pass or a neutral result, with the reason.</summary>
    Task FailAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Publishes the verdict; the reports named in <paramref name="reports"/> have been written already.</summary>
    Task PublishAsync(GateVerdict verdict, WrittenReports reports, CancellationToken cancellationToken);
}
