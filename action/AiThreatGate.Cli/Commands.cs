using System;
using System.CommandLine;
using System.Globalization;

namespace AiThreatGate.Cli;

/// <summary>The command-line surface. Every option is documented by <c>--help</c> and in docs/gate.md.</summary>
public static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("AiThreatGate: match AI/ML analyzer findings to your threat model and gate pull requests and releases.");
        root.Subcommands.Add(GateCommand("check", "Pull-request gate: block when the change evidences unresolved high-priority threats or unmodeled risks.", GateCommandKind.Check));
        root.Subcommands.Add(GateCommand("release", "Release gate: every threat at or above the threshold resolved, sign-offs current, model fresh, every stage addressed.", GateCommandKind.Release));
        root.Subcommands.Add(GateCommand("report", "Render the release report (HTML, Markdown, JSON, SARIF) without gating: exit 0 unless the input is bad.", GateCommandKind.Report));
        root.Subcommands.Add(ScanCommand());
        root.Subcommands.Add(LintCommand());
        root.Subcommands.Add(InitCommand());
        root.Subcommands.Add(ImportCommand());
        return root;
    }

    internal static Option<string> ThreatModelOption() => new("--threat-model", "-t")
    {
        Description = "The threat-model Markdown file.",
        DefaultValueFactory = _ => "THREATMODEL.md",
    };

    internal static Option<string?> PathOption() => new("--path", "-p")
    {
        Description = "Solution, project or folder to analyze when no --sarif is given (default: the repository root).",
    };

    internal static Option<string?> RepoOption() => new("--repo")
    {
        Description = "Repository root for relative paths (default: the git repository containing the current folder).",
    };

    internal static Option<string?> TodayOption() => new("--today")
    {
        Description = "Evaluate as of this date (yyyy-mm-dd) instead of today; for reproducible runs.",
        Hidden = true,
    };

    private static Command GateCommand(string name, string description, GateCommandKind kind)
    {
        var command = new Command(name, description);
        var threatModel = ThreatModelOption();
        var path = PathOption();
        var sarif = new Option<string[]>("--sarif")
        {
            Description = "SARIF 2.1 files or globs from your build (-p:ErrorLog=build.sarif,version=2.1); repeatable. Without it the analyzers run over --path.",
            AllowMultipleArgumentsPerToken = true,
        };
        var baseRef = new Option<string?>("--base") { Description = "Git ref of the target branch: only findings on lines the change adds or modifies count toward blocking." };
        var blockPriority = new Option<string?>("--block-priority") { Description = "low | medium | high | critical (default: the model's gate.block-priority, else high)." };
        var unmodeled = new Option<string?>("--unmodeled") { Description = "block | warn: findings that match no threat (default: the model's gate.unmodeled, else block)." };
        var stale = new Option<string?>("--stale") { Description = "warn | block: a stale model in PR mode (default: the model's gate.stale, else warn)." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Report written to --output (or stdout): console | markdown | json | sarif | html.",
            DefaultValueFactory = _ => kind == GateCommandKind.Report ? "html" : "console",
        };
        var output = new Option<string?>("--output", "-o") { Description = "File for the --format report (default: stdout)." };
        var markdownOutput = new Option<string?>("--markdown-output") { Description = "Also write the Markdown report (PR comment / job summary) here." };
        var jsonOutput = new Option<string?>("--json-output") { Description = "Also write the JSON report here." };
        var sarifOutput = new Option<string?>("--sarif-output") { Description = "Also write the enriched SARIF here (for code scanning)." };
        var htmlOutput = new Option<string?>("--html-output") { Description = "Also write the HTML report here." };
        var repo = RepoOption();
        var today = TodayOption();
        var github = new Option<bool>("--github") { Description = "Report to GitHub from the Actions environment: check run 'AiThreatGate' on the PR head, one sticky PR comment, job summary, step outputs." };
        var comment = new Option<string>("--comment") { Description = "on | off: the sticky PR comment in GitHub mode.", DefaultValueFactory = _ => "on" };
        var azureDevOps = new Option<bool>("--azure-devops") { Description = "Report to an Azure DevOps pull request from the pipeline's variables: status aithreatgate/threat-model, one comment thread, logging commands." };
        foreach (var option in new Option[] { threatModel, path, sarif, baseRef, blockPriority, unmodeled, stale, format, output, markdownOutput, jsonOutput, sarifOutput, htmlOutput, repo, today, github, comment, azureDevOps })
        {
            if (kind != GateCommandKind.Check && option == baseRef)
            {
                continue;
            }

            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => GateRunner.RunAsync(
            new GateRequest(
                kind,
                parse.GetValue(threatModel)!,
                parse.GetValue(path),
                parse.GetValue(sarif) ?? Array.Empty<string>(),
                kind == GateCommandKind.Check ? parse.GetValue(baseRef) : null,
                parse.GetValue(blockPriority),
                parse.GetValue(unmodeled),
                parse.GetValue(stale),
                parse.GetValue(format)!,
                parse.GetValue(output),
                parse.GetValue(markdownOutput),
                parse.GetValue(jsonOutput),
                parse.GetValue(sarifOutput),
                parse.GetValue(htmlOutput),
                parse.GetValue(repo),
                ParseToday(parse.GetValue(today)))
            {
                GitHub = parse.GetValue(github),
                AzureDevOps = parse.GetValue(azureDevOps),
                Comment = parse.GetValue(comment) switch
                {
                    "on" or "true" => true,
                    "off" or "false" => false,
                    var other => throw new InputException($"--comment '{other}' is not on or off"),
                },
            },
            cancellationToken));
        return command;
    }

    private static Command ScanCommand()
    {
        var command = new Command("scan", "Run the analyzers and write their findings as SARIF 2.1 (no threat model needed).");
        var path = PathOption();
        var output = new Option<string?>("--output", "-o") { Description = "SARIF file to write (default: stdout)." };
        var repo = RepoOption();
        command.Options.Add(path);
        command.Options.Add(output);
        command.Options.Add(repo);
        command.SetAction((parse, cancellationToken) => ScanRunner.RunAsync(parse.GetValue(path), parse.GetValue(output), parse.GetValue(repo), cancellationToken));
        return command;
    }

    private static Command LintCommand()
    {
        var command = new Command("lint", "Check a threat model and print every problem as file:line:col: error|warning TMxxx: message.");
        var threatModel = ThreatModelOption();
        var strict = new Option<bool>("--warnings-as-errors") { Description = "Exit 2 on warnings too." };
        var today = TodayOption();
        command.Options.Add(threatModel);
        command.Options.Add(strict);
        command.Options.Add(today);
        command.SetAction(parse => LintRunner.Run(parse.GetValue(threatModel)!, parse.GetValue(strict), ParseToday(parse.GetValue(today))));
        return command;
    }

    private static Command InitCommand()
    {
        var command = new Command("init", "Scan the code for AI assets and write a minimum viable threat model.");
        var threatModel = ThreatModelOption();
        var path = PathOption();
        var force = new Option<bool>("--force") { Description = "Overwrite an existing threat model." };
        var update = new Option<bool>("--update") { Description = "Add rows for newly found assets to an existing model, keeping every existing byte." };
        var repo = RepoOption();
        var today = TodayOption();
        foreach (var option in new Option[] { threatModel, path, force, update, repo, today })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => InitRunner.RunAsync(
            parse.GetValue(threatModel)!, parse.GetValue(path), parse.GetValue(force), parse.GetValue(update), parse.GetValue(repo), ParseToday(parse.GetValue(today)), cancellationToken));
        return command;
    }

    private static Command ImportCommand()
    {
        var command = new Command("import", "Convert a Threagile YAML, OWASP Threat Dragon 1.x/2.x JSON or TM-BOM JSON model (recognised from its content) into this format's Markdown; prints the counts and whatever was skipped, with the reason.");
        var from = new Option<string>("--from") { Description = "The Threagile (.yaml/.yml) or Threat Dragon (.json) file.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The Markdown file to write.", DefaultValueFactory = _ => "THREATMODEL.md" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var today = TodayOption();
        foreach (var option in new Option[] { from, output, force, today })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => ImportRunner.Run(parse.GetValue(from)!, parse.GetValue(output)!, parse.GetValue(force), ParseToday(parse.GetValue(today))));
        return command;
    }

    internal static DateOnly ParseToday(string? text)
    {
        if (text is null)
        {
            return DateOnly.FromDateTime(DateTime.UtcNow);
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InputException($"--today '{text}' is not a date like 2026-11-22");
    }
}

public enum GateCommandKind
{
    Check,
    Release,
    Report,
}
