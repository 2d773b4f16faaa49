using Traceability.Core.Regions;

namespace Traceability.Core.Tests.Regions;

public sealed class RegionTreeTests
{
    private static RegionCode R(string text) => RegionCode.Parse(text);

    private static RegionEntry E(string code, string name, string? parent = null) =>
        new(R(code), name, parent is null ? null : R(parent));

    private static RegionTree DealerTree() => RegionTree.Build(
    [
        E("CN-SOUTH", "South China"),
        E("CN-440000", "Guangdong", "CN-SOUTH"),
        E("CN-450000", "Guangxi", "CN-SOUTH"),
        E("CN-460000", "Hainan", "CN-SOUTH"),
        E("CN-440300", "Shenzhen"),
        E("CN-440305", "Nanshan"),
        E("US-CA-LA", "Los Angeles"),
    ]);

    [Fact]
    public void China_codes_work_without_registration()
    {
        var tree = RegionTree.Standard;
        Assert.Equal([R("CN-440300"), R("CN-440000"), R("CN")], tree.Ancestors(R("CN-440305")));
        Assert.True(tree.Contains(R("CN-GD"), R("CN-440305")));
        Assert.True(tree.TryGetName(R("CN-GD"), out var name));
        Assert.Equal("Guangdong", name);
        Assert.False(tree.TryGetName(R("CN-440300"), out _));
        Assert.Equal([R("CN-500000")], tree.FindByName("chongqing"));
    }

    [Fact]
    public void A_dealer_grouping_sits_between_provinces_and_the_country()
    {
        var tree = DealerTree();
        Assert.Equal([R("CN-440300"), R("CN-440000"), R("CN-SOUTH"), R("CN")], tree.Ancestors(R("CN-440305")));
        Assert.True(tree.Contains(R("CN-SOUTH"), R("CN-440305")));
        Assert.True(tree.Contains(R("CN-SOUTH"), R("CN-460100")));
        Assert.False(tree.Contains(R("CN-SOUTH"), R("CN-110101")));
        Assert.True(tree.Contains(R("CN"), R("CN-SOUTH")));
        Assert.False(RegionCode.Contains(R("CN-SOUTH"), R("CN-440305"))); // the code alone knows nothing of the grouping
    }

    [Fact]
    public void Names_are_looked_up_both_ways()
    {
        var tree = DealerTree();
        Assert.True(tree.TryGetName(R("CN-440305"), out var name));
        Assert.Equal("Nanshan", name);
        Assert.Equal([R("CN-SOUTH")], tree.FindByName("south china"));
        Assert.Equal([R("US-CA-LA")], tree.FindByName("Los Angeles"));
        Assert.Empty(tree.FindByName("Atlantis"));
        Assert.True(tree.IsRegistered(R("CN-440300")));
        Assert.False(tree.IsRegistered(R("CN-440100")));
    }

    [Fact]
    public void Other_countries_cities_hang_under_their_subdivision()
    {
        var tree = DealerTree();
        Assert.Equal([R("US-CA"), R("US")], tree.Ancestors(R("US-CA-LA")));
        Assert.True(tree.Contains(R("US"), R("US-CA-LA")));
    }

    [Fact]
    public void A_cycle_is_rejected_at_build_time()
    {
        var ex = Assert.Throws<InvalidRegionTreeException>(() => RegionTree.Build(
        [
            E("CN-SOUTH", "South China", "CN-440300"),
            E("CN-440000", "Guangdong", "CN-SOUTH"),
        ]));
        var cycle = Assert.Single(ex.Problems);
        Assert.StartsWith("Cycle: ", cycle, StringComparison.Ordinal);
        Assert.Contains("CN-SOUTH", cycle, StringComparison.Ordinal);
        Assert.Contains("CN-440000", cycle, StringComparison.Ordinal);
        Assert.Contains("CN-440300", cycle, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_between_custom_regions_is_rejected()
    {
        Assert.False(RegionTree.TryBuild(
        [
            E("CN-NORTH", "North", "CN-EAST"),
            E("CN-EAST", "East", "CN-NORTH"),
        ], out var tree, out var problems));
        Assert.Null(tree);
        Assert.Single(problems, p => p.StartsWith("Cycle: ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unregistered_custom_parent_is_rejected()
    {
        Assert.False(RegionTree.TryBuild([E("CN-440000", "Guangdong", "CN-SOUTHERN")], out _, out var problems));
        Assert.Equal(["CN-440000: parent CN-SOUTHERN is a custom region that is not registered."], problems);
        Assert.False(RegionTree.TryBuild([E("CN-SOUTH-FS", "Foshan dealers")], out _, out problems));
        Assert.Equal(["CN-SOUTH-FS: parent CN-SOUTH is a custom region that is not registered."], problems);
    }

    [Fact]
    public void A_parent_outside_the_implied_parent_is_rejected()
    {
        Assert.False(RegionTree.TryBuild([E("CN-440300", "Shenzhen", "CN-450000")], out _, out var problems));
        Assert.Equal(["CN-440300: parent CN-450000 is not inside CN-440000, the parent its code implies."], problems);
    }

    [Fact]
    public void Duplicates_self_parents_and_empty_names_are_all_reported()
    {
        Assert.False(RegionTree.TryBuild(
        [
            E("CN-SOUTH", "South China"),
            E("CN-SOUTH", "Southern China"),
            E("CN-EAST", "East", "CN-EAST"),
            E("CN-WEST", " "),
        ], out _, out var problems));
        Assert.Equal(
        [
            "CN-SOUTH (entry 2): registered twice.",
            "CN-EAST (entry 3): a region cannot be its own parent.",
            "CN-WEST (entry 4): the name is empty.",
        ], problems);
    }

    [Fact]
    public void Countries_can_be_grouped_under_a_registered_multi_country_region()
    {
        var tree = RegionTree.Build([E("XA", "Greater Asia Pacific"), E("AU", "Australia", "XA"), E("NZ", "New Zealand", "XA")]);
        Assert.True(tree.Contains(R("XA"), R("AU-NSW")));
        Assert.Equal([R("AU"), R("XA")], tree.Ancestors(R("AU-NSW")));
    }
}
