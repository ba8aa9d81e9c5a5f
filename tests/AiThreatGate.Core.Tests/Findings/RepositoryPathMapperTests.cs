using System;
using System.Collections.Generic;
using System.IO;
using AiThreatGate.Core.Findings;
using Xunit;

namespace AiThreatGate.Core.Tests.Findings;

/// <summary>Results written by builds in other roots (Docker, Windows agents, shares) are placed by their tracked file, or flagged.</summary>
public sealed class RepositoryPathMapperTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "aitg-mapper-root");

    private static readonly string[] Tracked =
    {
        "src/App/Loader.cs",
        "src/App/Program.cs",
        "tools/Program.cs",
        "README.md",
        "Données d'entrée/Chargé.cs",
    };

    private static readonly Dictionary<string, (string? Uri, string? BaseId)> NoBases = new();

    private static RepositoryPathMapper Mapper(params PathMapping[] maps) => new(Root, Tracked, maps);

    [Theory]
    [InlineData("file:///src/src/App/Loader.cs", "src/App/Loader.cs")] // Docker: COPY . /src
    [InlineData("/app/src/App/Loader.cs", "src/App/Loader.cs")]
    [InlineData("C:\\agent\\_work\\1\\s\\src\\App\\Loader.cs", "src/App/Loader.cs")] // Windows agent
    [InlineData("file:///C:/agent/_work/1/s/src/App/Loader.cs", "src/App/Loader.cs")]
    [InlineData("file:///c:/Agent/_Work/1/s/SRC/app/loader.cs", "src/App/Loader.cs")] // case-insensitive on Windows paths
    [InlineData("file://buildserver/share/checkout/src/App/Loader.cs", "src/App/Loader.cs")] // UNC
    [InlineData("\\\\buildserver\\share\\checkout\\src\\App\\Loader.cs", "src/App/Loader.cs")]
    [InlineData("file:///build/Donn%C3%A9es%20d'entr%C3%A9e/Charg%C3%A9.cs", "Données d'entrée/Chargé.cs")]
    [InlineData("file:///src/tools/Program.cs", "tools/Program.cs")] // the longest tracked suffix wins
    public void Places_a_path_outside_the_checkout_by_its_tracked_file(string uri, string expected)
    {
        var mapped = Mapper().MapPath(uri);

        Assert.Null(mapped.UnmappedReason);
        Assert.Equal(expected, mapped.Path);
    }

    [Fact]
    public void A_linux_path_is_matched_with_its_letter_case()
    {
        var mapped = Mapper().MapPath("/src/SRC/app/loader.cs");

        Assert.NotNull(mapped.UnmappedReason);
    }

    [Fact]
    public void A_path_inside_the_checkout_is_made_relative()
    {
        var mapped = Mapper().MapPath(new Uri(Path.Combine(Root, "src", "App", "Loader.cs")).AbsoluteUri);

        Assert.Equal(new MappedPath("src/App/Loader.cs", null), mapped);
    }

    [Fact]
    public void An_ambiguous_or_unknown_file_is_not_placed_and_says_why()
    {
        var ambiguous = Mapper().MapPath("/build/Program.cs");
        Assert.Equal("/build/Program.cs", ambiguous.Path);
        Assert.Contains("closest tracked file", ambiguous.UnmappedReason, StringComparison.Ordinal);

        var unknown = Mapper().MapPath("file:///src/Other.cs");
        Assert.Contains("no tracked file has this name", unknown.UnmappedReason, StringComparison.Ordinal);

        // WORKDIR /app + COPY src/App/ . : only the file name is shared, and the hint names the mapping to add.
        var partial = Mapper().MapPath("/app/Loader.cs");
        Assert.Contains("--path-map /app=src/App", partial.UnmappedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_maps_place_what_suffixes_cannot()
    {
        var mapped = Mapper(PathMapping.Parse("/app=src/App")).MapPath("file:///app/Loader.cs");
        Assert.Equal(new MappedPath("src/App/Loader.cs", null), mapped);

        var windows = Mapper(PathMapping.Parse("D:\\a\\repo=.")).MapPath("d:\\A\\repo\\src\\App\\Loader.cs");
        Assert.Equal(new MappedPath("src/App/Loader.cs", null), windows);

        Assert.Throws<FormatException>(() => PathMapping.Parse("/app"));
    }

    [Fact]
    public void Uri_base_ids_resolve_through_their_chain_and_an_undefined_base_is_the_checkout()
    {
        var bases = new Dictionary<string, (string? Uri, string? BaseId)>
        {
            ["SRCROOT"] = ("file:///C:/agent/_work/1/s/", null),
            ["APP"] = ("src/App/", "SRCROOT"),
            ["UNDEFINED"] = (null, null),
        };

        Assert.Equal(new MappedPath("src/App/Loader.cs", null), Mapper().MapArtifact("Loader.cs", "APP", bases));
        Assert.Equal(new MappedPath("src/App/Program.cs", null), Mapper().MapArtifact("src/App/Program.cs", "UNDEFINED", bases));
        Assert.Equal(new MappedPath("src/App/Program.cs", null), Mapper().MapArtifact("src/App/Program.cs", "MISSING", NoBases));
    }

    [Fact]
    public void A_relative_path_that_leaves_the_checkout_or_names_no_file_is_not_placed()
    {
        Assert.NotNull(Mapper().MapPath("../elsewhere/Loader.cs").UnmappedReason);
        Assert.NotNull(Mapper().MapPath("src/App/Missing.cs").UnmappedReason);
        Assert.Equal(new MappedPath("src/App/Loader.cs", null), Mapper().MapPath("SRC/App/Loader.cs"));
    }

    [Fact]
    public void Without_a_file_list_a_path_outside_the_checkout_is_not_placed()
    {
        var mapped = new RepositoryPathMapper(Root).MapPath("file:///src/src/App/Loader.cs");

        Assert.Contains("--path-map", mapped.UnmappedReason, StringComparison.Ordinal);
    }
}
