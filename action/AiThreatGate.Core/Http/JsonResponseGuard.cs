using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AiThreatGate.Core.Http;

/// <summary>
/// A proxy or an outage page can answer 2xx with HTML: that is a service failure, not a crash in the JSON reader
/// behind this handler. Error answers pass through; their text becomes the error message.
/// </summary>
public sealed class JsonResponseGuard : DelegatingHandler
{
    public JsonResponseGuard(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        // Buffered here, read again by the client.
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return response;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return response;
        }
        catch (System.Text.Json.JsonException)
        {
            var status = response.StatusCode;
            response.Dispose();
            var start = text.Length > 80 ? text[..80] + "…" : text;
            throw new ServiceApiException(HttpStatusCode.BadGateway, $"{request.Method} {ServiceErrors.Describe(request.RequestUri)} answered {(int)status} with a body that is not JSON: {start.ReplaceLineEndings(" ")}");
        }
    }
}
