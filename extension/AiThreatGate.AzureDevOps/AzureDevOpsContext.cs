using System;
using System.Globalization;

namespace AiThreatGate.AzureDevOps;

/// <summary>
/// What an Azure Pipelines PR build tells the gate through its variables (mapped to the environment as the docs
/// require; System.AccessToken must be mapped explicitly: <c>env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)</c>).
/// </summary>
public sealed record AzureDevOpsContext(
    Uri CollectionUri,
    string Project,
    string RepositoryId,
    int PullRequestId,
    string? TargetBranch,
    string Token,
    string? BuildUrl)
{
    /// <summary>The pull request's source commit this build evaluates (<c>System.PullRequest.SourceCommitId</c>).</summary>
    public string? SourceCommit { get; init; }

    public static AzureDevOpsContext FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string Required(string name, string variable) => getVariable(name) is { Length: > 0 } value
            ? value
            : throw new AzureDevOpsConfigurationException($"{variable} ({name}) is not set: --azure-devops runs in an Azure Pipelines pull-request build");

        var collection = Required("SYSTEM_COLLECTIONURI", "System.CollectionUri");
        var project = Required("SYSTEM_TEAMPROJECT", "System.TeamProject");
        var repository = Required("BUILD_REPOSITORY_ID", "Build.Repository.ID");
        var pullRequest = Required("SYSTEM_PULLREQUEST_PULLREQUESTID", "System.PullRequest.PullRequestId");
        var token = getVariable("SYSTEM_ACCESSTOKEN") is { Length: > 0 } t
            ? t
            : throw new AzureDevOpsConfigurationException("SYSTEM_ACCESSTOKEN is not set: map it in the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)); the build identity needs 'Contribute to pull requests'");
        if (!int.TryParse(pullRequest, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            throw new AzureDevOpsConfigurationException($"System.PullRequest.PullRequestId '{pullRequest}' is not a number");
        }

        var buildId = getVariable("BUILD_BUILDID");
        var buildUrl = buildId is { Length: > 0 } ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={buildId}" : null;
        return new AzureDevOpsContext(new Uri(collection.TrimEnd('/') + "/"), project, repository, id, getVariable("SYSTEM_PULLREQUEST_TARGETBRANCH"), token, buildUrl)
        {
            SourceCommit = getVariable("SYSTEM_PULLREQUEST_SOURCECOMMITID") is { Length: > 0 } commit ? commit : null,
        };
    }

    /// <summary>The target branch as a ref the checkout has (<c>refs/heads/main</c> → <c>origin/main</c>).</summary>
    public string? BaseRef => TargetBranch is { Length: > 0 } branch
        ? "origin/" + (branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch["refs/heads/".Length..] : branch)
        : null;

    public override string ToString() => $"AzureDevOpsContext {{ Project = {Project}, Repository = {RepositoryId}, PullRequest = {PullRequestId} }}";
}
