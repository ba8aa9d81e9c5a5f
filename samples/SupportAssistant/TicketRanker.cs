using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SupportAssistant;

public sealed record Ticket(string Subject, string Body, int CustomerTier);

/// <summary>Scores incoming tickets with the ranking model exported by the data team.</summary>
public sealed class TicketRanker : IDisposable
{
    private readonly InferenceSession _session;

    public TicketRanker(string modelPath)
    {
        _session = new InferenceSession(modelPath);
    }

    public float Score(Ticket ticket)
    {
        var features = new DenseTensor<float>(new[] { ticket.Subject.Length, ticket.Body.Length, (float)ticket.CustomerTier }, new[] { 1, 3 });
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor("features", features) });
        return results.Count;
    }

    public void Dispose() => _session.Dispose();
}
