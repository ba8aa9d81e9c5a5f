namespace AiThreatGate.Cli;

/// <summary>The CLI's exit codes: 0 pass, 1 blocked, 2 usage or input error (the gate fails closed).</summary>
public static class ExitCodes
{
    public const int Pass = 0;
    public const int Blocked = 1;
    public const int InputError = 2;
}
