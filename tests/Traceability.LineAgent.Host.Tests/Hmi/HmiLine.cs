using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Host.Api;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests.Hmi;

/// <summary>
/// A line store in a temp folder with a running work order (WO-1: 3 verified units packed into an open case of 4,
/// 1 rejected "no-read") and a paused one with no units (WO-0), served by a WebApplication with only the HMI, on
/// a real Kestrel port.
/// </summary>
internal sealed class HmiLine : IAsyncDisposable
{
    public const string Pin = "4711";
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    public static readonly OperatorAction Setup = new("setup", "test line");
    public static readonly Sscc CaseSscc = Sscc.Create(0, "9506000", 1);

    private readonly TempDirectory _directory;
    private long _sequence;

    private HmiLine(TempDirectory directory, LineStore store, WebApplication app)
    {
        _directory = directory;
        Store = store;
        App = app;
    }

    public LineStore Store { get; }

    public WebApplication App { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<HmiLine> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var directory = new TempDirectory();
        var store = LineStore.Open(new LineStoreOptions { Path = directory.File("line.db"), LineId = "line-1" });
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["Hmi:EngineerPin"] = Pin });

        // The agent's appsettings.json (copied beside the tests) names the HMI's fixed port: take a free one instead.
        builder.Configuration["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0";
        builder.Services.AddSingleton(store);
        services?.Invoke(builder.Services);
        builder.Services.AddHmi(builder.Configuration);
        builder.Services.AddLineApi(builder.Configuration);
        var app = builder.Build();
        app.MapHmi();
        app.MapLineApi();
        var line = new HmiLine(directory, store, app);
        try
        {
            await line.SeedAsync();
            await app.StartAsync();
        }
        catch
        {
            await line.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        line.BaseAddress = new Uri(address);
        return line;
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress };

    /// <summary>Takes, prints and verifies one more unit of WO-1 (loose: not packed).</summary>
    public Task<UnitRecord> VerifyUnitAsync() => Store.CommitAsync(tx =>
    {
        var unit = tx.TakeSerial("WO-1", Interlocked.Increment(ref _sequence));
        tx.RecordPrinted(unit.Key);
        return tx.RecordVerified(unit.Key);
    }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Store.Dispose();
        _directory.Dispose();
    }

    private async Task SeedAsync()
    {
        var serials = Enumerable.Range(1, 50).Select(i => Serial.Parse(string.Create(CultureInfo.InvariantCulture, $"HMI{i:D5}"))).ToList();
        await Store.CommitAsync(tx =>
        {
            tx.ReceiveSerialBlock(new SerialBlock(Gtin, "B-1", serials));
            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-0", Gtin, "L0", "281130", 10, 4, 2));
            tx.StartWorkOrder("WO-0", Setup);
            tx.PauseWorkOrder("WO-0", Setup);
            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-1", Gtin, "L2611", "281130", 20, 4, 2));
            tx.StartWorkOrder("WO-1", Setup);
        }, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            var unit = await VerifyUnitAsync();
            await Store.CommitAsync(tx =>
            {
                if (tx.FindOpenContainer("WO-1", ContainerKind.Case) is null)
                {
                    tx.OpenContainer(ContainerKind.Case, CaseSscc, "WO-1");
                }

                tx.PackUnit(unit.Key, CaseSscc);
            }, CancellationToken.None);
        }

        await Store.CommitAsync(tx =>
        {
            var unit = tx.TakeSerial("WO-1", Interlocked.Increment(ref _sequence));
            tx.RecordPrinted(unit.Key);
            tx.RecordRejected(unit.Key, "no-read");
        }, CancellationToken.None);
    }
}
