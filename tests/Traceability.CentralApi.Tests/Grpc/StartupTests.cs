using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Storage;

namespace Traceability.CentralApi.Tests.Grpc;

public sealed class StartupTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Postgres_without_a_connection_string_fails_at_start_naming_the_setting()
    {
        var ex = await StartupProbe.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = "",
        });

        Assert.Contains("Storage:ConnectionString", Assert.IsType<OptionsValidationException>(ex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_probe_starts_central_when_nothing_is_wrong() => Assert.Null(await StartupProbe.StartAsync(new Dictionary<string, string?>()));

    [Fact]
    public async Task Start_up_migrates_the_sqlite_file()
    {
        _ = _factory.Server;

        await using var store = new SqliteCentralStore(TestDatabases.Sqlite(_factory.DatabasePath));
        Assert.Equal(0, await store.MigrateAsync());
    }
}
