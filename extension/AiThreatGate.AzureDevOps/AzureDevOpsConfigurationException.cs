using System;

namespace AiThreatGate.AzureDevOps;

/// <summary>The pipeline lacks a variable an Azure DevOps run needs (collection, project, pull request, token); the message names it.</summary>
public sealed class AzureDevOpsConfigurationException : Exception
{
    public AzureDevOpsConfigurationException(string message)
        : base(message)
    {
    }

    public AzureDevOpsConfigurationException()
    {
    }

    public AzureDevOpsConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
