using System.Net;
using Traceability.CentralApi.GeoIp;

namespace Traceability.CentralApi.Tests.GeoIp;

public sealed class IpRegionResolverTests(GeoIpTestDatabases databases) : IClassFixture<GeoIpTestDatabases>
{
    public static TheoryData<string, string?> Lookups => new()
    {
        { "113.87.12.34", GeoIpTestDatabases.Shenzhen },
        { "113.64.0.1", GeoIpTestDatabases.Guangdong },
        { "113.127.255.255", GeoIpTestDatabases.Guangdong },
        { "113.128.0.0", null },
        { "113.63.255.255", null },
        { "183.159.1.1", GeoIpTestDatabases.Zhejiang },
        { "::ffff:113.87.0.1", GeoIpTestDatabases.Shenzhen },
        { "240e:3a1:1234::1", GeoIpTestDatabases.Shenzhen },
        { "240e:3af:ffff::1", GeoIpTestDatabases.Guangdong },
        { "2408:8256:1::9", GeoIpTestDatabases.Zhejiang },
        { "8.8.8.8", null },
        { "2001:4860::8888", null },
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public void The_csv_answers_the_longest_matching_network(string address, string? region) =>
        Assert.Equal(region, Resolve(databases.Csv, address));

    [Theory]
    [MemberData(nameof(Lookups))]
    public void The_mmdb_with_region_codes_answers_like_the_csv(string address, string? region) =>
        Assert.Equal(region, Resolve(databases.RegionMmdb, address));

    [Theory]
    [InlineData("113.87.12.34", GeoIpTestDatabases.Guangdong)]
    [InlineData("183.159.1.1", GeoIpTestDatabases.Zhejiang)]
    [InlineData("2408:8256:1::9", GeoIpTestDatabases.Zhejiang)]
    [InlineData("8.8.8.8", "US")]
    [InlineData("9.9.9.9", null)]
    public void A_geoip2_city_style_mmdb_maps_the_first_subdivision_to_the_province(string address, string? region) =>
        Assert.Equal(region, Resolve(databases.CityStyleMmdb, address));

    [Fact]
    public void The_format_is_recognised_by_content_when_the_extension_says_nothing()
    {
        var mmdb = databases.File("regions.dat");
        File.Copy(databases.RegionMmdb, mmdb, overwrite: true);
        var csv = databases.File("regions.txt");
        File.Copy(databases.Csv, csv, overwrite: true);

        Assert.Equal(GeoIpTestDatabases.Shenzhen, Resolve(mmdb, "113.87.1.1"));
        Assert.Equal(GeoIpTestDatabases.Shenzhen, Resolve(csv, "113.87.1.1"));
    }

    [Fact]
    public void A_city_level_database_is_checked_against_a_province_by_region_containment()
    {
        using var resolver = IpRegionResolver.Open(databases.Csv);

        var region = resolver.Resolve(IPAddress.Parse("113.87.12.34"))!.Value;

        Assert.True(Core.Regions.RegionCode.Contains(Core.Regions.RegionCode.Parse("CN-GD"), region));
        Assert.False(Core.Regions.RegionCode.Contains(Core.Regions.RegionCode.Parse("CN-ZJ"), region));
    }

    private static string? Resolve(string database, string address)
    {
        using var resolver = IpRegionResolver.Open(database);
        return resolver.Resolve(IPAddress.Parse(address))?.Value;
    }
}
