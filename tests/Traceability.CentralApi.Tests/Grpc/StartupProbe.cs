using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Traceability.CentralApi.Tests.Storage;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Grpc;

/// <summary>
/// Starts central the way Program.cs does, on a test server, to see whether configuration stops it at start.
/// Not WebApplicationFactory: when the app fails to start fast enough, the factory sometimes reports its own
/// ObjectDisposedException (its deferred host reads the failed app's disposed services) instead of the app's error.
/// </summary>
internal static class StartupProbe
{
    /// <summary>The exception starting central with <paramref name="settings"/> throws, or null when it starts.</summary>
    public static async Task<Exception?> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        using var folder = new TempDirectory();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder.Path, EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = TestDatabases.Sqlite(folder.File("central.db")),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCentralApi();
        await using var app = builder.Build();
        app.MapCentralApi();
        try
        {
            await app.StartAsync();
            await app.StopAsync();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
