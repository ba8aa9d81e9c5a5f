using System;
using System.Text.Json.Nodes;
using Xunit;

namespace AiThreatGate.GitHub.Tests;

/// <summary>Workflow commands carry user-controlled file names: nothing in them may end or inject a command.</summary>
public sealed class WorkflowCommandTests
{
    [Fact]
    public void A_file_name_with_separators_and_line_breaks_stays_one_escaped_command()
    {
        var annotation = new JsonObject
        {
            ["path"] = "src/a,line=1::evil\n::set-output name=x::y.cs",
            ["start_line"] = 3,
            ["annotation_level"] = "failure",
            ["title"] = "AITG002 (TM-1)",
            ["message"] = "loads a model\nunverified",
        };

        var command = GitHubPublisher.WorkflowCommand(annotation);

        Assert.Equal("::error file=src/a%2Cline=1%3A%3Aevil%0A%3A%3Aset-output name=x%3A%3Ay.cs,line=3,title=AITG002 (TM-1)::loads a model%0Aunverified", command);
        Assert.DoesNotContain("\n", command, StringComparison.Ordinal);
    }
}
