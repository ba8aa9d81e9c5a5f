using System;

namespace AiThreatGate.Cli;

/// <summary>Keeps secrets out of output: values of token-like environment variables are masked wherever they appear.</summary>
public static class Redaction
{
    private static readonly string[] SecretVariables = { "GITHUB_TOKEN", "INPUT_GITHUB-TOKEN", "SYSTEM_ACCESSTOKEN", "AITHREATGATE_TOKEN", "OPENAI_API_KEY", "ANTHROPIC_API_KEY" };

    public static string Redact(string text)
    {
        foreach (var name in SecretVariables)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(value) && value.Length >= 4)
            {
                text = text.Replace(value, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
