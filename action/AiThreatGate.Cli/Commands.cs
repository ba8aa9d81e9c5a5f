using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using AiThreatGate.Cli.Evaluation;
using AiThreatGate.Cli.Reporting;

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
        root.Subcommands.Add(SummariesCommand());
        root.Subcommands.Add(LintCommand());
        root.Subcommands.Add(InitCommand());
        root.Subcommands.Add(ImportCommand());
        return root;
    }

    /// <summary>The threat model's default file name, looked up beside the analyzed path, then up to the repository root.</summary>
    public const string DefaultThreatModel = "THREATMODEL.md";

    internal static Option<string?> ThreatModelOption() => new("--threat-model", "-t")
    {
        Description = $"The threat-model Markdown file (default: {DefaultThreatModel} in the analyzed folder or one above it up to the repository root, else in the current folder).",
    };

    /// <summary>
    /// The positional path most linters take (<c>aithreatgate check .</c>, <c>aithreatgate lint THREATMODEL.md</c>).
    /// A token that looks like an option is an unknown option, not a path, and is reported as such.
    /// </summary>
    private static Argument<string?> PathArgument(string description, Func<Command> command)
    {
        var argument = new Argument<string?>("path") { Description = description, Arity = ArgumentArity.ZeroOrOne };
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && token.Value.Length > 1)
                {
                    result.AddError(UnknownOptionMessage(token.Value, command()));
                }
            }
        });
        return argument;
    }

    /// <summary>"unknown option --blok-priority (did you mean --block-priority?)".</summary>
    internal static string UnknownOptionMessage(string token, Command command)
    {
        var name = token.Split('=')[0];
        var closest = command.Options
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(a => a.StartsWith("--", StringComparison.Ordinal))
            .Select(a => (Alias: a, Distance: EditDistance(name, a)))
            .Where(p => p.Distance <= 3)
            .OrderBy(p => p.Distance)
            .Select(p => p.Alias)
            .FirstOrDefault();
        return $"unknown option '{name}' for '{command.Name}'" + (closest is null ? string.Empty : $" (did you mean {closest}?)");
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The positional path or <c>--path</c>, never both.</summary>
    private static string? OneOf(string? positional, string? option, string optionName)
    {
        if (positional is not null && option is not null)
        {
            throw new InputException($"the path is given twice ('{positional}' and {optionName} '{option}'); give it once");
        }

        return positional ?? option;
    }

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
        var positional = PathArgument("Folder, solution or project to analyze (like --path), or the threat model itself (a .md file).", () => command);
        var sarif = new Option<string[]>("--sarif")
        {
            Description = "SARIF 2.1 files or globs from your build (-p:ErrorLog=build.sarif,version=2.1); repeatable. Without it the analyzers run over --path.",
            AllowMultipleArgumentsPerToken = true,
        };

        // Several files may follow one --sarif (a shell glob expands to many), so an option typed after it would be
        // taken as a file name and hidden behind "matches no file": a value that starts with '-' is an unknown option.
        sarif.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
            {
                result.AddError(UnknownOptionMessage(token.Value, command) + " (SARIF paths never start with '-')");
            }
        });
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
        var pathMap = new Option<string[]>("--path-map")
        {
            Description = "FROM=TO: a build root in SARIF paths and the checkout folder it stands for (e.g. /src=. or C:\\agent\\_work\\1\\s=.); repeatable. Needed only when a path cannot be placed by its tracked file.",
        };
        var allowCompileErrors = new Option<bool>("--allow-compile-errors") { Description = "Evaluate code that does not compile, with a warning (by default a compile error means the gate cannot evaluate: exit 2)." };
        var repo = RepoOption();
        var today = TodayOption();
        var github = new Option<bool>("--github") { Description = "Report to GitHub from the Actions environment: check run 'AiThreatGate' on the PR head, one sticky PR comment, job summary, step outputs." };
        var comment = new Option<string>("--comment") { Description = "on | off: the sticky PR comment in GitHub mode.", DefaultValueFactory = _ => "on" };
        var azureDevOps = new Option<bool>("--azure-devops") { Description = "Report to an Azure DevOps pull request from the pipeline's variables: status aithreatgate/threat-model, one comment thread, logging commands." };
        command.Arguments.Add(positional);
        foreach (var option in new Option[] { threatModel, path, sarif, baseRef, blockPriority, unmodeled, stale, format, output, markdownOutput, jsonOutput, sarifOutput, htmlOutput, pathMap, allowCompileErrors, repo, today, github, comment, azureDevOps })
        {
            if (kind != GateCommandKind.Check && option == baseRef)
            {
                continue;
            }

            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            // A positional .md file is the threat model; anything else is what to analyze.
            var given = parse.GetValue(positional);
            var modelGiven = parse.GetValue(threatModel);
            string? target = parse.GetValue(path);
            if (given is not null && given.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                modelGiven = OneOf(given, modelGiven, "--threat-model");
            }
            else
            {
                target = OneOf(given, target, "--path");
            }

            return GatePipeline.RunAsync(
                new GateRequest(
                    kind,
                    modelGiven ?? DefaultThreatModel,
                    target,
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
                    ThreatModelGiven = modelGiven is not null,
                    GitHub = parse.GetValue(github),
                    AzureDevOps = parse.GetValue(azureDevOps),
                    PathMaps = parse.GetValue(pathMap) ?? Array.Empty<string>(),
                    AllowCompileErrors = parse.GetValue(allowCompileErrors),
                    Comment = parse.GetValue(comment) switch
                    {
                        "on" or "true" => true,
                        "off" or "false" => false,
                        var other => throw new InputException($"--comment '{other}' is not on or off"),
                    },
                },
                cancellationToken);
        });
        return command;
    }

    private static Command ScanCommand()
    {
        var command = new Command("scan", "Run the analyzers and write their findings as SARIF 2.1 (no threat model needed).");
        var positional = PathArgument("Solution, project or folder to analyze (like --path).", () => command);
        var path = PathOption();
        var output = new Option<string?>("--output", "-o") { Description = "SARIF file to write (default: stdout)." };
        var allowCompileErrors = new Option<bool>("--allow-compile-errors") { Description = "Write the findings of code that does not compile, with a warning (by default: exit 2)." };
        var repo = RepoOption();
        command.Arguments.Add(positional);
        command.Options.Add(path);
        command.Options.Add(output);
        command.Options.Add(allowCompileErrors);
        command.Options.Add(repo);
        command.SetAction((parse, cancellationToken) => ScanRunner.RunAsync(
            OneOf(parse.GetValue(positional), parse.GetValue(path), "--path"), parse.GetValue(output), parse.GetValue(repo), parse.GetValue(allowCompileErrors), cancellationToken));
        return command;
    }

    private static Command SummariesCommand()
    {
        var command = new Command("summaries", "Write what each project tells the projects that use it (flows across projects, docs/summaries.md) so that builds and the IDE see them.");
        var positional = PathArgument("Solution, project or folder to analyze (like --path).", () => command);
        var path = PathOption();
        var output = new Option<string?>("--output", "-o") { Description = "The summaries file (default: aithreatgate.summaries in the solution's or the folder's directory)." };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the file is missing or not current (for CI)." };
        var repo = RepoOption();
        command.Arguments.Add(positional);
        command.Options.Add(path);
        command.Options.Add(output);
        command.Options.Add(check);
        command.Options.Add(repo);
        command.SetAction((parse, cancellationToken) => SummariesRunner.RunAsync(
            OneOf(parse.GetValue(positional), parse.GetValue(path), "--path"), parse.GetValue(output), parse.GetValue(check), parse.GetValue(repo), cancellationToken));
        return command;
    }

    private static Command LintCommand()
    {
        var command = new Command("lint", "Check a threat model and print every problem as file:line:col: error|warning TMxxx: message.");
        var positional = PathArgument($"The threat model, or a folder holding {DefaultThreatModel} (like --threat-model).", () => command);
        var threatModel = ThreatModelOption();
        var strict = new Option<bool>("--warnings-as-errors") { Description = "Exit 2 on warnings too." };
        var today = TodayOption();
        command.Arguments.Add(positional);
        command.Options.Add(threatModel);
        command.Options.Add(strict);
        command.Options.Add(today);
        command.SetAction(parse =>
        {
            var given = OneOf(parse.GetValue(positional), parse.GetValue(threatModel), "--threat-model") ?? DefaultThreatModel;
            var file = Directory.Exists(given) ? Path.Combine(given, DefaultThreatModel) : given;
            return LintRunner.Run(file, parse.GetValue(strict), ParseToday(parse.GetValue(today)));
        });
        return command;
    }

    private static Command InitCommand()
    {
        var command = new Command("init", "Scan the code for AI assets and write a minimum viable threat model.");
        var positional = PathArgument("Solution, project or folder to scan (like --path).", () => command);
        var threatModel = ThreatModelOption();
        var path = PathOption();
        var force = new Option<bool>("--force") { Description = "Overwrite an existing threat model." };
        var update = new Option<bool>("--update") { Description = "Add rows for newly found assets to an existing model, keeping every existing byte." };
        var repo = RepoOption();
        var today = TodayOption();
        command.Arguments.Add(positional);
        foreach (var option in new Option[] { threatModel, path, force, update, repo, today })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => InitRunner.RunAsync(
            parse.GetValue(threatModel) ?? DefaultThreatModel,
            OneOf(parse.GetValue(positional), parse.GetValue(path), "--path"),
            parse.GetValue(force),
            parse.GetValue(update),
            parse.GetValue(repo),
            ParseToday(parse.GetValue(today)),
            cancellationToken));
        return command;
    }

    private static Command ImportCommand()
    {
        var command = new Command("import", "Convert a Threagile YAML, OWASP Threat Dragon 1.x/2.x JSON or TM-BOM JSON model (recognised from its content) into this format's Markdown; prints the counts and whatever was skipped, with the reason.");
        var positional = PathArgument("The model to import (like --from).", () => command);
        var from = new Option<string?>("--from") { Description = "The Threagile YAML, Threat Dragon JSON or TM-BOM JSON file." };
        var output = new Option<string>("--output", "-o") { Description = "The Markdown file to write.", DefaultValueFactory = _ => DefaultThreatModel };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var today = TodayOption();
        command.Arguments.Add(positional);
        foreach (var option in new Option[] { from, output, force, today })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => ImportRunner.Run(
            OneOf(parse.GetValue(positional), parse.GetValue(from), "--from") ?? throw new InputException("import needs the model to convert: aithreatgate import <file> (or --from <file>)"),
            parse.GetValue(output)!,
            parse.GetValue(force),
            ParseToday(parse.GetValue(today))));
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
