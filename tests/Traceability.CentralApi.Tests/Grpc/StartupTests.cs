using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Storage;

namespace Traceability.CentralApi.Tests.Grpc;

public sealed class StartupTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void Postgres_without_a_connection_string_fails_at_start_naming_the_setting()
    {
        using var misconfigured = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Provider", "Postgres");
            b.UseSetting("Storage:ConnectionString", "");
        });

        var ex = Assert.Throws<OptionsValidationException>(() => misconfigured.Server);

        Assert.Contains("Storage:ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_migrates_the_sqlite_file()
    {
        _ = _factory.Server;

        await using var store = new SqliteCentralStore(TestDatabases.Sqlite(_factory.DatabasePath));
        Assert.Equal(0, await store.MigrateAsync());
    }
}
