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

/// <summary>The CLI's exit codes: 0 pass, 1 blocked, 2 usage or input error (the gate fails closed).</summary>
public static class ExitCodes
{
    public const int Pass = 0;
    public const int Blocked = 1;
    public const int InputError = 2;
}
