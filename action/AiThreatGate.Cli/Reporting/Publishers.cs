using System;
using AiThreatGate.AzureDevOps;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Core.Publishing;
using AiThreatGate.GitHub;

namespace AiThreatGate.Cli.Reporting;

/// <summary>Chooses where a run publishes from <c>--github</c> / <c>--azure-devops</c>; a new platform is one more branch here and one <see cref="IVerdictPublisher"/>.</summary>
public static class Publishers
{
    public static IVerdictPublisher Create(GateRequest request)
    {
        if (request.AzureDevOps && request.GitHub)
        {
            throw new InputException("--github and --azure-devops were both given; a run reports to one platform");
        }

        if (request.GitHub)
        {
            try
            {
                return GitHubPublisher.FromEnvironment(Console.Out);
            }
            catch (GitHubConfigurationException exception)
            {
                throw new InputException(exception.Message, exception);
            }
        }

        if (request.AzureDevOps)
        {
            try
            {
                return AzureDevOpsPublisher.FromEnvironment(Console.Out);
            }
            catch (AzureDevOpsConfigurationException exception)
            {
                // The task's result is set even though no status can be posted without the pipeline's variables.
                Console.Out.WriteLine("##vso[task.complete result=Failed;]" + exception.Message);
                throw new InputException(exception.Message, exception);
            }
        }

        return new ConsoleOnlyPublisher();
    }
}
