using System;

namespace AiThreatGate.Core.Importers;

/// <summary>Import failed: the message names the file and, where known, the line.</summary>
public sealed class ImportException : Exception
{
    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ImportException()
    {
    }
}
