using System;

namespace AiThreatGate.GitHub;

/// <summary>The Actions environment lacks what a GitHub run needs (repository, commit, token); the message names it.</summary>
public sealed class GitHubConfigurationException : Exception
{
    public GitHubConfigurationException(string message)
        : base(message)
    {
    }

    public GitHubConfigurationException()
    {
    }

    public GitHubConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
