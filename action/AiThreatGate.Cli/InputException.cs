using System;

namespace AiThreatGate.Cli;

/// <summary>Bad input or usage (missing file, broken SARIF, git failure): printed as one clear line, exit code 2.</summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InputException()
    {
    }
}
