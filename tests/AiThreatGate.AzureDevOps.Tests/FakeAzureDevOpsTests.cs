using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace AiThreatGate.AzureDevOps.Tests;

/// <summary>The test double rejects what the real service would: so passing tests mean accepted requests.</summary>
public sealed class FakeAzureDevOpsTests
{
    [Theory]
    [InlineData("statuses", """{"state":"maybe","context":{"genre":"g","name":"n"}}""")]
    [InlineData("statuses", """{"state":"failed","context":{"genre":"g"}}""")]
    [InlineData("statuses", """{"state":"failed","context":{"name":"n"},"iterationId":"two"}""")]
    [InlineData("threads", """{"comments":[{"parentCommentId":0,"content":"x","commentType":"shout"}],"status":"active"}""")]
    [InlineData("threads", """{"comments":[],"status":"active"}""")]
    [InlineData("threads", """{"comments":[{"content":"x"}],"status":"open"}""")]
    public async Task Invalid_bodies_are_rejected(string resource, string body)
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeAzureDevOps.Token);
        var url = $"{ado.Url}{FakeAzureDevOps.Project}/_apis/git/repositories/{FakeAzureDevOps.RepositoryId}/pullRequests/{FakeAzureDevOps.PullRequestId}/{resource}?api-version=7.1";
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_status_is_accepted_and_answered_like_the_official_example()
    {
        await using var ado = await FakeAzureDevOps.StartAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeAzureDevOps.Token);
        var url = $"{ado.Url}{FakeAzureDevOps.Project}/_apis/git/repositories/{FakeAzureDevOps.RepositoryId}/pullRequests/{FakeAzureDevOps.PullRequestId}/statuses?api-version=7.1";
        using var response = await http.PostAsync(url, new StringContent("""{"state":"succeeded","description":"ok","context":{"genre":"aithreatgate","name":"threat-model"},"iterationId":2}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"createdBy\"", text, System.StringComparison.Ordinal);
        Assert.Contains("\"threat-model\"", text, System.StringComparison.Ordinal);
    }
}
