using AiThreatGate.Core.Inventory;
using Xunit;

namespace AiThreatGate.Core.Tests.Inventory;

public sealed class SystemNameTests
{
    private static readonly ScannedProject Api = new("Contoso.Support.Api", "Contoso.Support.Api", "Contoso.Support.Api");
    private static readonly ScannedProject Tests = new("Contoso.Support.Tests", "Contoso.Support.Tests", "Contoso.Support.Tests");

    [Fact]
    public void A_scanned_solution_names_the_system()
    {
        Assert.Equal("SupportSuite", SystemName.Choose("/repo/src/SupportSuite.sln", new[] { Api, Tests }, "src"));
        Assert.Equal("SupportSuite", SystemName.Choose("/repo/src/SupportSuite.slnx", new[] { Api }, "src"));
    }

    [Fact]
    public void A_single_project_is_named_by_its_assembly_even_when_loaded_once_per_framework()
    {
        var net8 = new ScannedProject("Api(net8.0)", "Contoso.Api", "Contoso");
        var net10 = net8 with { Name = "Api(net10.0)" };
        Assert.Equal("Contoso.Api", SystemName.Choose(null, new[] { net8, net10 }, "src"));
        Assert.Equal("Api", SystemName.Choose(null, new[] { new ScannedProject("Api", null, null) }, "src"));
    }

    [Fact]
    public void Projects_loaded_only_as_references_do_not_name_the_system()
    {
        var stubs = new ScannedProject("Stubs", "Vendor.Stubs", "Vendor.Stubs", IsReferenced: true);
        Assert.Equal("Contoso.Support.Api", SystemName.Choose(null, new[] { Api, stubs }, "src"));
        Assert.Equal("Contoso.Support", SystemName.Choose(null, new[] { Api, Tests, stubs }, "src"));
    }

    [Fact]
    public void Several_projects_share_their_root_namespace_else_the_folder_names_the_system()
    {
        Assert.Equal("Contoso.Support", SystemName.Choose("/repo/Api/Api.csproj", new[] { Api, Tests }, "repo"));
        Assert.Equal("repo", SystemName.Choose(null, new[] { Api, new ScannedProject("Tools", "Tools", "Tools") }, "repo"));
        Assert.Equal("repo", SystemName.Choose(null, System.Array.Empty<ScannedProject>(), "repo"));
    }
}
