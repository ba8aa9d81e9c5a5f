using System.Linq;

namespace AiThreatGate.Cli;

/// <summary>Paths in hints the user copies into a shell: quoted only when they need it.</summary>
public static class ShellQuoting
{
    /// <summary>
    /// The path as is when it holds only characters every shell leaves alone; otherwise in double quotes, which
    /// bash, zsh, PowerShell and cmd all accept, unless it holds a character double quotes do not protect in
    /// POSIX shells (<c>$ ` \ "</c>), in which case it is single-quoted the POSIX way.
    /// </summary>
    public static string Quote(string path)
    {
        if (path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '_' or '-' or ':' or '+' or '@' or ',' or '='))
        {
            return path;
        }

        if (path.IndexOfAny(new[] { '$', '`', '\\', '"', '!' }) < 0)
        {
            return "\"" + path + "\"";
        }

        return "'" + path.Replace("'", "'\\''", System.StringComparison.Ordinal) + "'";
    }
}
