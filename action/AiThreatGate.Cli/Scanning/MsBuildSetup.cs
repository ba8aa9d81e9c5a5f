namespace AiThreatGate.Cli.Scanning;

/// <summary>Registers the SDK's MSBuild once, before any MSBuild type is loaded.</summary>
internal static class MsBuildSetup
{
    private static readonly object Gate = new();

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!Microsoft.Build.Locator.MSBuildLocator.IsRegistered)
            {
                Microsoft.Build.Locator.MSBuildLocator.RegisterDefaults();
            }
        }
    }
}
