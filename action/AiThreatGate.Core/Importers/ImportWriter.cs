using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace AiThreatGate.Core.Importers;

/// <summary>Writes an imported model as this format's Markdown (front matter, Assets, Threats, Risk decisions, free sections).</summary>
internal static class ImportWriter
{
    public static string Write(ImportedModel model, string source, DateOnly today)
    {
        var system = model.System.Length > 0 ? model.System : Path.GetFileNameWithoutExtension(source);
        var text = new StringBuilder();
        text.AppendLine("---");
        text.AppendLine("threat-model: 1");
        text.AppendLine("system: " + YamlScalar(system));
        text.AppendLine(CultureInfo.InvariantCulture, $"last-reviewed: {today:yyyy-MM-dd}");
        text.AppendLine("review-every-days: 90");
        text.AppendLine("sign-off: []");
        text.AppendLine("---");
        text.AppendLine($"# Threat model: {ImportText.Cell(system)}");
        text.AppendLine();
        text.AppendLine($"Imported from {model.Tool} (`{Path.GetFileName(source)}`). Add lifecycle stages and Detects entries so findings can evidence the threats.");
        if (model.Skipped.Count > 0)
        {
            // The file itself says what the import left out, so a reviewer does not need the CLI output to know.
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Not imported ({model.Skipped.Count}):");
            text.AppendLine();
            foreach (var note in model.Skipped)
            {
                text.AppendLine("- " + ImportText.Cell(note.ToString()));
            }
        }

        text.AppendLine();
        text.AppendLine("## Assets");
        text.AppendLine();
        text.AppendLine("| ID | Asset | Kind |");
        text.AppendLine("|----|-------|------|");
        foreach (var asset in model.Assets)
        {
            text.AppendLine($"| {ImportText.Cell(asset.Id)} | {ImportText.Cell(asset.Name)} | {asset.Kind} |");
        }

        text.AppendLine();
        text.AppendLine("## Threats");
        text.AppendLine();
        text.AppendLine("| ID | Threat | Category | Assets | Priority | Status | Controls | Owner | Detects | Source notes |");
        text.AppendLine("|----|--------|----------|--------|----------|--------|----------|-------|---------|--------------|");
        foreach (var threat in model.Threats)
        {
            text.AppendLine($"| {ImportText.Cell(threat.Id)} | {ImportText.Cell(threat.Title)} | {ImportText.Cell(threat.Category)} | {ImportText.Cell(threat.Assets)} | {ImportText.Cell(threat.Priority)} | {ImportText.Cell(threat.Status)} | {ImportText.Cell(threat.Controls)} | {ImportText.Cell(threat.Owner)} | | {ImportText.Cell(threat.Notes)} |");
        }

        // Accepted risks keep their decision: who accepted, why, and the tracking ticket.
        var accepted = model.Threats.Where(t => t.Status == "accepted").ToList();
        if (accepted.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Risk decisions");
            text.AppendLine();
            text.AppendLine("| Threat | Decision | Justification | Approved by | Ticket | Expires/Due |");
            text.AppendLine("|--------|----------|---------------|-------------|--------|-------------|");
            foreach (var threat in accepted)
            {
                text.AppendLine($"| {ImportText.Cell(threat.Id)} | accepted | {ImportText.Cell(threat.Controls)} | {ImportText.Cell(threat.Owner)} | {ImportText.Cell(threat.Ticket)} | |");
            }
        }

        // Flows have no column set of their own in this format; a free section keeps them readable without the
        // parser taking the table for assets or threats (no ID column).
        if (model.Flows.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Data flows");
            text.AppendLine();
            text.AppendLine("| Flow | From | To | Details |");
            text.AppendLine("|------|------|----|---------|");
            foreach (var flow in model.Flows)
            {
                text.AppendLine($"| {ImportText.Cell(flow.Name)} | {ImportText.Cell(flow.From)} | {ImportText.Cell(flow.To)} | {ImportText.Cell(flow.Details)} |");
            }
        }

        foreach (var (title, body) in model.Sections)
        {
            text.AppendLine();
            text.AppendLine("## " + title);
            text.AppendLine();
            text.AppendLine(body.TrimEnd());
        }

        return text.ToString();
    }

    private static string YamlScalar(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal) + "\"";
}
