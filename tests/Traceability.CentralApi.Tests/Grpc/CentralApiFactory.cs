using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Traceability.CentralApi.Tests.Storage;
using Traceability.Contracts.Line.V1;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Grpc;

/// <summary>central-api in memory over a fresh SQLite file, with a gRPC client wired to it.</summary>
public sealed class CentralApiFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _folder = new();
    private GrpcChannel? _channel;

    public string DatabasePath => _folder.File("central.db");

    public LineSync.LineSyncClient Client()
    {
        _channel ??= GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return new LineSync.LineSyncClient(_channel);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:ConnectionString", TestDatabases.Sqlite(DatabasePath));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _channel?.Dispose();
        }

        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _folder.Dispose();
        }
    }
}
