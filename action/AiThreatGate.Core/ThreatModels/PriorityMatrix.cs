using System;
using System.Globalization;
using System.Linq;

namespace AiThreatGate.Core.ThreatModels;

/// <summary>
/// The published 4×4 likelihood × impact matrix (docs/threat-model-format.md). Levels are words or 1–5 numbers
/// (5 folds into the top level). An explicit Priority wins over the matrix; DREAD is the last resort.
/// </summary>
public static class PriorityMatrix
{
    // Rows: likelihood low..very high; columns: impact low..critical.
    private static readonly Priority[,] Matrix =
    {
        { Priority.Low, Priority.Low, Priority.Medium, Priority.High },
        { Priority.Low, Priority.Medium, Priority.High, Priority.High },
        { Priority.Medium, Priority.High, Priority.High, Priority.Critical },
        { Priority.High, Priority.High, Priority.Critical, Priority.Critical },
    };

    /// <summary>A level 1–4, or 0 when the text is no known level.</summary>
    public static int ParseLikelihood(string text) => Vocabulary.Normalize(text).ToLowerInvariant() switch
    {
        "low" or "rare" or "unlikely" or "1" => 1,
        "medium" or "moderate" or "possible" or "2" => 2,
        "high" or "likely" or "3" => 3,
        "very high" or "very-high" or "almost certain" or "certain" or "critical" or "4" or "5" => 4,
        _ => 0,
    };

    public static int ParseImpact(string text) => Vocabulary.Normalize(text).ToLowerInvariant() switch
    {
        "low" or "minor" or "negligible" or "1" => 1,
        "medium" or "moderate" or "2" => 2,
        "high" or "major" or "serious" or "3" => 3,
        "critical" or "severe" or "very high" or "very-high" or "catastrophic" or "4" or "5" => 4,
        _ => 0,
    };

    public static Priority FromLevels(int likelihood, int impact)
    {
        if (likelihood is < 1 or > 4 || impact is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(likelihood), "Levels are 1 to 4.");
        }

        return Matrix[likelihood - 1, impact - 1];
    }

    /// <summary>DREAD as five 0–10 scores ("8/6/7/5/4") or their average; ≥ 8 critical, ≥ 6 high, ≥ 4 medium, else low.</summary>
    public static bool TryFromDread(string text, out Priority priority)
    {
        priority = default;
        var parts = text.Split(new[] { '/', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
        var scores = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToList();
        if (scores.Count is not (1 or 5) || scores.Any(s => double.IsNaN(s) || s < 0 || s > 10))
        {
            return false;
        }

        var average = scores.Average();
        priority = average >= 8 ? Priority.Critical : average >= 6 ? Priority.High : average >= 4 ? Priority.Medium : Priority.Low;
        return true;
    }
}
