using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace AiThreatGate.Bench;

/// <summary>Prints one scenario's wall times, median and the process's peak working set.</summary>
internal static class BenchReport
{
    public static void Print(string name, List<double> times, string detail)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(name);
        Console.WriteLine($"  runs (ms): {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}; median {Median(times):F0} ms");
        Console.WriteLine($"  peak working set: {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB");
        Console.WriteLine($"  {detail}");
    }

    /// <summary>The middle value; the mean of the two middle ones for an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
