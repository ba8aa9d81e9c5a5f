using System;
using System.IO;
using System.Linq;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.ThreatModels;
using Spectre.Console;

namespace AiThreatGate.Cli.Output;

/// <summary>The terminal rendering of a verdict: banner, blocking reasons, evidenced threats, warnings. No colour when not a TTY or with NO_COLOR.</summary>
public static class ConsoleReport
{
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var noColor = redirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = noColor ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = noColor ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if (redirected)
        {
            // Logs are read in wide viewers; 80 columns would wrap every finding.
            console.Profile.Width = 160;
        }

        return console;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public static void Write(IAnsiConsole console, GateVerdict verdict)
    {
        var model = verdict.Model;
        var title = verdict.Passed ? "[green bold]PASS[/]" : $"[red bold]BLOCKED[/] ({verdict.BlockingReasons.Count} {(verdict.BlockingReasons.Count == 1 ? "reason" : "reasons")})";
        var mode = verdict.Options.Mode == GateMode.Release ? "release gate" : "pull-request gate";
        console.Write(new Panel(new Markup(
                $"{title}\n{Markup.Escape(model.FrontMatter.SystemName ?? "AI system")} · {Markup.Escape(model.FilePath)} · {mode} · block at {Vocabulary.Name(verdict.Options.BlockPriority)}+\n" +
                $"{Plural(verdict.AllFindings.Count, "finding")} ({verdict.AllFindings.Count - verdict.PreExisting.Count} in this change, {verdict.PreExisting.Count} pre-existing, {verdict.Unmodeled.Count} unmodeled) · " +
                $"{verdict.Threats.Count(t => t.Resolution.IsResolved)}/{verdict.Threats.Count} threats resolved"))
            .Header("AiThreatGate")
            .BorderColor(verdict.Passed ? Color.Green : Color.Red));

        var number = 1;
        foreach (var reason in verdict.BlockingReasons)
        {
            console.MarkupLine($"[red]{number++}.[/] [bold]{Markup.Escape(reason.Summary)}[/]");
            foreach (var finding in reason.Findings.Take(20))
            {
                console.MarkupLine($"   {Markup.Escape(finding.Location)}  {Markup.Escape(finding.RuleId)}: {Markup.Escape(finding.Message)}");
            }

            if (reason.Findings.Count > 20)
            {
                console.MarkupLine($"   … and {reason.Findings.Count - 20} more");
            }

            console.MarkupLine($"   [grey]To resolve:[/] {Markup.Escape(reason.HowToResolve)}");
        }

        var evidenced = verdict.Threats.Where(t => t.Findings.Count > 0 || t.PreExistingFindings.Count > 0).ToList();
        if (evidenced.Count > 0)
        {
            var table = new Table().AddColumns("Threat", "Priority", "Status", "Resolution", "Findings (change/pre-existing)");
            foreach (var t in evidenced)
            {
                table.AddRow(
                    Markup.Escape($"{t.Threat.Id} {t.Threat.Title}"),
                    Vocabulary.Name(t.Threat.Priority),
                    Vocabulary.Name(t.Threat.Status),
                    Markup.Escape(t.Resolution.Explanation),
                    $"{t.Findings.Count}/{t.PreExistingFindings.Count}");
            }

            console.Write(table);
        }

        foreach (var warning in verdict.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }
}
