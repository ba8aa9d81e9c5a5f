using System;

namespace AiThreatGate.Core.Findings;

/// <summary>Bad findings input (missing or broken SARIF): the message names the file and, where known, the line.</summary>
public sealed class FindingsInputException : Exception
{
    public FindingsInputException(string message)
        : base(message)
    {
    }

    public FindingsInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FindingsInputException()
    {
    }
}
