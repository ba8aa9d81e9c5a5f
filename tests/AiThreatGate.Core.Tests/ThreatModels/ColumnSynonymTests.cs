using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AiThreatGate.Core.ThreatModels;
using AiThreatGate.Testing;
using Xunit;
using static AiThreatGate.Core.Tests.ThreatModels.ModelText;

namespace AiThreatGate.Core.Tests.ThreatModels;

/// <summary>Issue #13 item 11: header spellings of real threat registers, one synonym table per column.</summary>
public sealed class ColumnSynonymTests
{
    /// <summary>A header row collected from a public threat model or risk register, with the required columns it has no header for.</summary>
    public sealed record HeaderSet(string Source, IReadOnlyList<string> Lacks, IReadOnlyList<string> Headers)
    {
        public override string ToString() => $"{Source} [{string.Join(" | ", Headers)}]";
    }

    private static IReadOnlyList<HeaderSet> LoadSets()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ThreatModels", "Fixtures", "real-header-sets.tsv");
        return File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new HeaderSet(f[0], f[1] == "-" ? Array.Empty<string>() : f[1].Split(','), f[2..]))
            .ToList();
    }

    public static TheoryData<int> SetIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < LoadSets().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void At_least_forty_real_header_sets_are_collected()
    {
        var sets = LoadSets();
        Assert.True(sets.Count >= 40, $"only {sets.Count} header sets");
        Assert.All(sets, s => Assert.True(s.Headers.Count >= 2 && s.Source.Length > 0, s.ToString()));
        Assert.All(sets.SelectMany(s => s.Lacks), l => Assert.Contains(l, new[] { ThreatColumns.Id, ThreatColumns.Threat, ThreatColumns.Status }));
    }

    /// <summary>
    /// Every collected header row, fed as the threats table with one row whose cells all say "open" (a valid status and
    /// harmless elsewhere): the required columns it has are recognised and one threat is read; the ones it lacks are
    /// named, with their accepted headers, in a single TM004.
    /// </summary>
    [Theory]
    [MemberData(nameof(SetIndexes))]
    public void Each_real_header_set_is_recognised_as_a_threats_table(int index)
    {
        var set = LoadSets()[index];
        var header = "| " + string.Join(" | ", set.Headers) + " |";
        var delimiter = "|" + string.Concat(Enumerable.Repeat("---|", set.Headers.Count));
        var row = "|" + string.Concat(Enumerable.Repeat(" open |", set.Headers.Count));
        var model = Load(Header + $"\n\n## Threats\n\n{header}\n{delimiter}\n{row}\n" + AllStagesExplained);

        var missing = model.Diagnostics.Where(d => d.Code == ModelDiagnosticCodes.MissingRequiredColumn).ToList();
        if (set.Lacks.Count == 0)
        {
            Assert.True(missing.Count == 0, set + Environment.NewLine + Dump(model));
            var threat = Assert.Single(model.Threats);
            Assert.Equal(ThreatStatus.Open, threat.Status);
            Assert.Equal("open", threat.Id);
            return;
        }

        var diagnostic = Assert.Single(missing);
        foreach (var column in new[] { ThreatColumns.Id, ThreatColumns.Threat, ThreatColumns.Status })
        {
            var named = diagnostic.Message.Contains($"'{column}' (accepted headers:", StringComparison.Ordinal);
            Assert.True(named == set.Lacks.Contains(column), $"{set}: '{column}' {(named ? "reported missing" : "not reported")}: {diagnostic.Message}");
        }

        Assert.Empty(model.Threats);
    }

    [Theory]
    [InlineData("Threat ID", ThreatColumns.Id)]
    [InlineData("threat-id", ThreatColumns.Id)]
    [InlineData("THREAT_ID", ThreatColumns.Id)]
    [InlineData("Risk #", ThreatColumns.Id)]
    [InlineData("Risk No.", ThreatColumns.Id)]
    [InlineData("**Ref.**", ThreatColumns.Id)]
    [InlineData("Threat  Number", ThreatColumns.Id)]
    [InlineData("No.", ThreatColumns.Id)]
    [InlineData("Resolution", ThreatColumns.Status)]
    [InlineData("State:", ThreatColumns.Status)]
    [InlineData("Countermeasure", ThreatColumns.Controls)]
    [InlineData("Mitigation", ThreatColumns.Controls)]
    [InlineData("Phase", ThreatColumns.Stage)]
    [InlineData("Prob (1-5)", ThreatColumns.Likelihood)]
    [InlineData("ShortDescription", ThreatColumns.Threat)]
    public void Spellings_match_case_punctuation_and_spacing_insensitively(string header, string column)
    {
        var resolved = ColumnSynonyms.Threats.Resolve(new[] { header });
        Assert.Equal(column, Assert.Single(resolved));
    }

    [Fact]
    public void Earlier_synonyms_win_and_risk_means_the_threat_only_when_nothing_else_does()
    {
        Assert.Equal(new[] { "description", ThreatColumns.Threat }, ColumnSynonyms.Threats.Resolve(new[] { "Description", "Title" }));
        Assert.Equal(new[] { ThreatColumns.Id, ThreatColumns.Threat, ThreatColumns.Status }, ColumnSynonyms.Threats.Resolve(new[] { "ID", "Risk", "Status" }));
        Assert.Equal(new[] { ThreatColumns.Threat, ThreatColumns.Priority }, ColumnSynonyms.Threats.Resolve(new[] { "Threat", "Risk" }));
        Assert.Equal(new[] { ThreatColumns.Status, "state" }, ColumnSynonyms.Threats.Resolve(new[] { "Status", "State" }));
    }

    [Fact]
    public void No_header_names_two_columns_of_one_table()
    {
        foreach (var table in new[] { ColumnSynonyms.Threats, ColumnSynonyms.Assets, ColumnSynonyms.Decisions, ColumnSynonyms.Stages })
        {
            var clashes = table.Columns
                .SelectMany(c => c.Headers.Select(h => (Key: ColumnSynonyms.Key(h), c.Name)))
                .GroupBy(p => p.Key)
                .Where(g => g.Select(p => p.Name).Distinct().Count() > 1)
                .Select(g => g.Key)
                .ToList();
            Assert.True(clashes.Count == 0, $"{table.Title}: {string.Join(", ", clashes)}");
        }
    }

    [Fact]
    public void A_missing_required_column_lists_the_headers_it_accepts()
    {
        var model = Load(Header + """

            ## Threats

            | Ref | Risk description | Owner |
            |---|---|---|
            | T1 | x | Ana |
            """ + AllStagesExplained);

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("TM004!@16:3", Codes(model).Single());
        Assert.Contains("'status' (accepted headers: Status, State, Resolution, Threat Status", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("found: 'Ref', 'Risk description', 'Owner'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_format_doc_lists_every_accepted_header()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "threat-model-format.md"));
        foreach (var table in new[] { ColumnSynonyms.Threats, ColumnSynonyms.Assets, ColumnSynonyms.Decisions, ColumnSynonyms.Stages })
        {
            foreach (var header in table.Columns.SelectMany(c => c.Headers))
            {
                Assert.True(doc.Contains(header, StringComparison.OrdinalIgnoreCase), $"docs/threat-model-format.md does not list the {table.Title} header '{header}'");
            }
        }
    }
}
