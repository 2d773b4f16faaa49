using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.GeoIp;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.GeoIp;

public sealed class GeoIpDatabaseValidationTests(GeoIpTestDatabases databases) : IClassFixture<GeoIpTestDatabases>
{
    [Theory]
    [InlineData("113.87.0.0/16,CN-440300\n113.87.0.0,CN-440300", "line 2", "no prefix length")]
    [InlineData("113.87.0.0/16,CN-440300\n\n113.87.1.0/33,CN-440300", "line 3", "prefix length '33'")]
    [InlineData("113.87.0.1/16,CN-440300", "line 1", "host bits set after /16; did you mean 113.87.0.0/16")]
    [InlineData("network,region\n113.87.0.0/16,CN-999999", "line 2", "region:")]
    [InlineData("113.87.0.0/16,CN-440300,extra", "line 1", "expected 2 fields")]
    [InlineData("113.87.0.0/16,CN-440300\n# comment\n113.87.0.0/16,CN-330000", "line 3", "listed already on line 1")]
    [InlineData("not-an-address/8,CN", "line 1", "is not an IPv4 or IPv6 address")]
    [InlineData("240e:3a0::/129,CN", "line 1", "0 to 128")]
    public void A_bad_csv_line_is_named_by_its_number(string content, string line, string reason)
    {
        var path = databases.WriteFile($"bad-{Guid.NewGuid():N}.csv", content.Split('\n'));

        var error = Assert.Throws<GeoIpDatabaseException>(() => IpRegionResolver.Open(path));

        Assert.Contains(line + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_without_networks_is_refused()
    {
        var path = databases.WriteFile("empty.csv", "network,region", "# nothing yet");

        var error = Assert.Throws<GeoIpDatabaseException>(() => IpRegionResolver.Open(path));

        Assert.Contains("lists no networks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_a_corrupt_mmdb_and_a_binary_of_unknown_format_are_refused()
    {
        var corrupt = databases.File("corrupt.mmdb");
        File.WriteAllBytes(corrupt, File.ReadAllBytes(databases.RegionMmdb).AsSpan(0, 40).ToArray());
        var binary = databases.File("blob.bin");
        File.WriteAllBytes(binary, [0x00, 0x01, 0x02, 0xFF, 0x00]);

        Assert.Contains("does not exist", Assert.Throws<GeoIpDatabaseException>(() => IpRegionResolver.Open(databases.File("missing.mmdb"))).Message, StringComparison.Ordinal);
        Assert.Contains("not a valid MaxMind database", Assert.Throws<GeoIpDatabaseException>(() => IpRegionResolver.Open(corrupt)).Message, StringComparison.Ordinal);
        Assert.Contains("neither a MaxMind database", Assert.Throws<GeoIpDatabaseException>(() => IpRegionResolver.Open(binary)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Central_does_not_start_with_a_bad_database_and_the_error_names_the_line()
    {
        var path = databases.WriteFile("startup.csv", "113.87.0.0/16,CN-440300", "113.87.0.0/16,CN-440300,x");

        var error = Assert.IsType<OptionsValidationException>(await StartupProbe.StartAsync(new Dictionary<string, string?> { ["GeoIp:Database"] = path }));

        Assert.Contains("GeoIp:Database", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Central_starts_with_a_good_database_and_resolves_through_dependency_injection()
    {
        using var factory = new CentralApiFactory();
        factory.Settings["GeoIp:Database"] = databases.RegionMmdb;

        var resolver = factory.Services.GetRequiredService<IpRegionResolver>();

        Assert.True(resolver.HasDatabase);
        Assert.Equal(GeoIpTestDatabases.Zhejiang, resolver.Resolve(System.Net.IPAddress.Parse("183.130.0.1"))?.Value);
    }
}
