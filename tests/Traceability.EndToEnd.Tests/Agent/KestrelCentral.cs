using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Traceability.EndToEnd.Tests.Central;

namespace Traceability.EndToEnd.Tests.Agent;

/// <summary>
/// central-api on real loopback ports (REST over HTTP/1.1, gRPC over HTTP/2) and a SQLite file, for a line agent
/// running as another process. Keys as in <see cref="CentralServer"/>.
/// </summary>
internal sealed class KestrelCentral : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelCentral(WebApplication app, string database, int http, int grpc)
    {
        _app = app;
        Database = database;
        HttpUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{http}");
        GrpcUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpc}");
    }

    public string Database { get; }

    public string HttpUrl { get; }

    public string GrpcUrl { get; }

    public static async Task<KestrelCentral> StartAsync(string database)
    {
        var (http, grpc) = (FreePort(), FreePort());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Traceability.CentralApi" });
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:Http:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{http}"),
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Grpc:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpc}"),
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = new SqliteConnectionStringBuilder { DataSource = database }.ToString(),
            ["Auth:ApiKeys:0:Key"] = CentralServer.AdminKey,
            ["Auth:ApiKeys:0:Role"] = "Admin",
        };
        for (var i = 0; i < CentralServer.Lines.Length; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i + 1}:");
            settings[prefix + "Key"] = CentralServer.LineKey(CentralServer.Lines[i]);
            settings[prefix + "Role"] = "Line";
            settings[prefix + "Id"] = CentralServer.Lines[i];
        }

        builder.Configuration.AddInMemoryCollection(settings);
        CentralApi.CentralApiExtensions.AddCentralApi(builder);
        var app = builder.Build();
        CentralApi.CentralApiExtensions.MapCentralApi(app);
        await app.StartAsync();
        return new KestrelCentral(app, database, http, grpc);
    }

    /// <summary>Plans a product and a work order for <paramref name="lineId"/> and releases it, as a planner does.</summary>
    public async Task PlanAsync(string lineId, string workOrderId, string gtin, int quantity, int unitsPerCase, int casesPerPallet)
    {
        using var http = new HttpClient { BaseAddress = new Uri(HttpUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", CentralServer.AdminKey);
        await PostAsync(http, "/api/products", new { gtin, companyPrefixLength = 7, model = "S9 45mm", name = "Smartwatch S9" });
        await PostAsync(http, "/api/work-orders", new
        {
            workOrderId, lineId, gtin, lot = "LOT-K", expiry = "291231", quantity, unitsPerCase, casesPerPallet, model = "S9 45mm",
        });
        await PostAsync(http, $"/api/work-orders/{workOrderId}/release", new { });
    }

    /// <summary>Central's unit verdict events (Commissioned / Rejected) for a line: serial → types, in sequence order.</summary>
    public Dictionary<string, List<string>> UnitVerdicts(string lineId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT serial, type FROM events WHERE line_id = $line AND type IN ('Commissioned', 'Rejected') ORDER BY sequence;";
        command.Parameters.AddWithValue("$line", lineId);
        using var reader = command.ExecuteReader();
        var verdicts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var serial = reader.GetString(0);
            if (!verdicts.TryGetValue(serial, out var list))
            {
                verdicts[serial] = list = [];
            }

            list.Add(reader.GetString(1));
        }

        return verdicts;
    }

    /// <summary>Whether central stored a WorkOrderClosed event from the line (the last event a closing line writes).</summary>
    public bool HasWorkOrderClosed(string lineId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM events WHERE line_id = $line AND type = 'WorkOrderClosed';";
        command.Parameters.AddWithValue("$line", lineId);
        return (long)command.ExecuteScalar()! > 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
