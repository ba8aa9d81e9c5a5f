namespace AiThreatGate.Testing;

/// <summary>Edits of the sample's code that several test classes make: the ranker's model load, verified or not.</summary>
public static class SampleSources
{
    public const string RankerFile = "samples/SupportAssistant/TicketRanker.cs";

    /// <summary>The constructor as the sample ships it: loads the model without checking it (AITG002, TM-001).</summary>
    public const string UnverifiedRanker = """
            public TicketRanker(string modelPath)
            {
                _session = new InferenceSession(modelPath);
            }
        """;

    /// <summary>The same constructor with a SHA-256 check before the load: no AITG002.</summary>
    public const string VerifiedRanker = """
            public TicketRanker(string modelPath)
            {
                var model = File.ReadAllBytes(modelPath);
                var expected = Convert.FromHexString(Environment.GetEnvironmentVariable("RANKER_SHA256") ?? throw new InvalidOperationException("Set RANKER_SHA256."));
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Security.Cryptography.SHA256.HashData(model), expected))
                {
                    throw new InvalidDataException("The ranking model failed its integrity check.");
                }

                _session = new InferenceSession(model);
            }
        """;
}
