using System;
using System.IO;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Core.Gate;
using AiThreatGate.Core.Reports;
using AiThreatGate.Core.Taxonomy;

namespace AiThreatGate.Cli.Reporting;

/// <summary>Writes the verdict where the command line asked: the console (or <c>--output</c>) in one format, plus each report file.</summary>
public static class ReportWriter
{
    public static void Write(GateRequest request, GateVerdict verdict)
    {
        var taxonomy = RuleTaxonomy.Default;
        string Render(string format) => format.ToLowerInvariant() switch
        {
            "markdown" or "md" => MarkdownReport.Render(verdict),
            "json" => JsonReport.Render(verdict),
            "sarif" => SarifReport.Render(verdict, taxonomy),
            "html" => HtmlReport.Render(verdict),
            _ => throw new InputException($"--format '{format}' is not console, markdown, json, sarif or html"),
        };

        if (request.Format.Equals("console", StringComparison.OrdinalIgnoreCase))
        {
            if (request.Output is not null)
            {
                using var writer = new StreamWriter(request.Output);
                ConsoleReport.Create(writer, redirected: true).Write(verdict);
            }
            else
            {
                ConsoleReport.Create(Console.Out, Console.IsOutputRedirected).Write(verdict);
            }
        }
        else
        {
            WriteText(request.Output, Render(request.Format));
        }

        WriteFile(request.MarkdownOutput, () => MarkdownReport.Render(verdict));
        WriteFile(request.JsonOutput, () => JsonReport.Render(verdict));
        if (request.SarifOutput is not null)
        {
            WriteStream(request.SarifOutput, stream => SarifReport.Write(stream, verdict, taxonomy));
        }
        WriteFile(request.HtmlOutput, () => HtmlReport.Render(verdict));
    }

    private static void WriteFile(string? path, Func<string> render)
    {
        if (path is not null)
        {
            WriteText(path, render());
        }
    }

    private static void WriteStream(string path, Action<Stream> write)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using var stream = File.Create(path);
            write(stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the report: {exception.Message}", exception);
        }
    }

    private static void WriteText(string? path, string text)
    {
        if (path is null)
        {
            Console.Out.Write(text);
            return;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the report: {exception.Message}", exception);
        }
    }
}
