using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AiThreatGate.Core.Gate;

namespace AiThreatGate.Core.Publishing;

/// <summary>
/// A local run: the verdict is the console report, the report files and the exit code, all written by the pipeline
/// itself, so there is nothing more to publish and nothing that can fail to reach a service.
/// </summary>
public sealed class ConsoleOnlyPublisher : IVerdictPublisher
{
    public string PlatformName => "console";

    public string? PullRequestBase => null;

    public IReadOnlyList<string> Failures => Array.Empty<string>();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FailAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishAsync(GateVerdict verdict, WrittenReports reports, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
