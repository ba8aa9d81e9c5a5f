using System.Linq;
using AiThreatGate.Core.Findings;
using Xunit;

namespace AiThreatGate.Core.Tests.Findings;

/// <summary>Every path form git prints in a diff header must be read back to the file's real name.</summary>
public sealed class ChangedLinesTests
{
    private static ChangedLines Diff(string targetHeader) => ChangedLines.ParseUnifiedDiff(
        "diff --git a/x b/x\nnew file mode 100644\n--- /dev/null\n+++ " + targetHeader + "\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n");

    [Theory]
    [InlineData("\"b/Donn\\303\\251es d'entr\\303\\251e/Charg\\303\\251.cs\"\t", "Données d'entrée/Chargé.cs")]
    [InlineData("\"b/\\346\\274\\242\\345\\255\\227/\\346\\226\\207\\344\\273\\266.cs\"", "漢字/文件.cs")]
    [InlineData("\"b/tab\\tname.cs\"", "tab\tname.cs")]
    [InlineData("\"b/q\\\"uote.cs\"", "q\"uote.cs")]
    [InlineData("\"b/b\\\\slash.cs\"", "b\\slash.cs")]
    [InlineData("\"b/new\\nline.cs\"", "new\nline.cs")]
    [InlineData("b/sp ace.cs\t", "sp ace.cs")]
    [InlineData("b/ leading and trailing .cs\t", " leading and trailing .cs")]
    [InlineData("b/src/App/Loader.cs", "src/App/Loader.cs")]
    [InlineData("b/Données/raw-utf8.cs", "Données/raw-utf8.cs")]
    public void Reads_every_quoting_form_git_writes(string header, string expected)
    {
        var changes = Diff(header);

        Assert.Equal(expected, Assert.Single(changes.Files));
        Assert.True(changes.Contains(expected, 2));
        Assert.False(changes.Contains(expected, 4));
    }

    [Fact]
    public void A_malformed_quoted_path_is_an_error_not_a_skipped_file()
    {
        var error = Assert.Throws<FindingsInputException>(() => Diff("\"b/broken\\9.cs\""));
        Assert.Contains("git diff line 4", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_file_adds_no_lines()
    {
        var changes = ChangedLines.ParseUnifiedDiff("--- a/old.cs\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n");
        Assert.Empty(changes.Files);
    }

    [Fact]
    public void Untracked_files_count_whole_and_a_result_without_a_line_counts_in_a_touched_file()
    {
        var changes = Diff("b/src/Touched.cs");
        changes.AddWholeFile("src/New File.cs");

        Assert.True(changes.Contains("src/New File.cs", 500));
        Assert.True(changes.Contains("src/Touched.cs", 0));
        Assert.False(changes.Contains("src/Untouched.cs", 0));
        Assert.True(changes.Contains(null, 0));
    }

    [Fact]
    public void A_path_in_another_letter_case_still_matches_a_changed_file()
    {
        var changes = Diff("b/src/App/Loader.cs");

        Assert.True(changes.Contains("SRC/app/loader.cs", 1));
        Assert.False(changes.Contains("SRC/app/loader.cs", 9));
    }

    [Fact]
    public void Seen_from_a_folder_paths_lose_the_folder_prefix()
    {
        var changes = Diff("b/services/api/Loader.cs");
        changes.AddWholeFile("services/api/New.cs");
        changes.AddWholeFile("other/New.cs");

        var within = changes.WithinFolder("services/api");

        Assert.Equal(new[] { "Loader.cs", "New.cs" }, within.Files.ToArray());
        Assert.True(within.Contains("Loader.cs", 1));
        Assert.False(within.Contains("other/New.cs", 1));
    }

    [Fact]
    public void An_added_line_that_looks_like_a_header_is_content()
    {
        // "++ i;" added at column 0 shows as "+++ i;"; the hunk's counts say it is content, not a new file.
        var changes = ChangedLines.ParseUnifiedDiff(
            "diff --git a/src/Loop.cs b/src/Loop.cs\n--- a/src/Loop.cs\n+++ b/src/Loop.cs\n@@ -3,0 +4,2 @@\n+++ i;\n+--- j;\n\\ No newline at end of file\n@@ -9,0 +12,1 @@\n+load();\n");

        Assert.Equal(new[] { "src/Loop.cs" }, changes.Files.ToArray());
        Assert.True(changes.Contains("src/Loop.cs", 5));
        Assert.True(changes.Contains("src/Loop.cs", 12));
    }

    [Fact]
    public void Files_the_patch_shows_no_lines_of_count_whole_and_a_submodule_covers_its_files()
    {
        var changes = Diff("b/src/Touched.cs");
        changes.AddFilesWithoutLines(new[] { "src/Touched.cs", "models/ranker.onnx", "src/Hidden.cs", "vendor/lib" });

        Assert.False(changes.Contains("src/Touched.cs", 9)); // it has lines: only those count
        Assert.True(changes.Contains("src/Hidden.cs", 40)); // binary or -diff: every line
        Assert.True(changes.Contains("vendor/lib/src/Loader.cs", 7)); // a submodule moved: its files
        Assert.False(changes.Contains("vendor/library/Loader.cs", 7));
    }
}
