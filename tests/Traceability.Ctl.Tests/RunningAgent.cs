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
using Traceability.LineAgent.Host;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.Ctl.Tests;

/// <summary>
/// The line agent host itself (AddLineAgent / MapLineAgent, as Program.cs composes it) on a free loopback port, over a
/// store seeded before start: WO-1 Paused with 5 verified units packed in a closed case and one rejected, WO-2 Paused
/// with one unit printed and one taken (no verdict), WO-3 Planned. Its devices point at closed ports: the agent keeps
/// retrying them, and a start is refused because the PLC is not connected.
/// </summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    public const string Pin = "2468";
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    public static readonly Sscc Case1 = Sscc.Create(3, "9506000", 1);

    private readonly TempDirectory _directory;

    private RunningAgent(TempDirectory directory, WebApplication app)
    {
        _directory = directory;
        App = app;
    }

    public WebApplication App { get; }

    public LineStore Store => App.Services.GetRequiredService<LineStore>();

    public string Url { get; private set; } = "";

    public static async Task<RunningAgent> StartAsync()
    {
        var directory = new TempDirectory();
        var path = directory.File("line.db");
        await SeedAsync(path);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = directory.Path });
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["LineStore:Path"] = path,
            ["LineStore:LineId"] = "line-7",
            ["Printer:Endpoint"] = "tcp://127.0.0.1:9",
            ["CodeReader:Endpoint"] = "tcp://127.0.0.1:9",
            ["Plc:Endpoint"] = "opc.tcp://127.0.0.1:9/UA/Plc",
            ["Central:Url"] = "http://127.0.0.1:9",
            ["Central:ApiKey"] = "line-key-0123456789abcdef",
            ["Hmi:EngineerPin"] = Pin,
            ["Pipeline:CompanyPrefix"] = "9506000",
            ["Pipeline:SsccExtensionDigit"] = "3",
            ["Pipeline:DigitalLinkPrefix"] = "https://id.example.com",
        };
        foreach (var kind in new[] { "Unit", "Case", "Pallet" })
        {
            settings[$"Pipeline:{kind}Template"] = RepositoryPaths.Combine("label-templates", "templates", kind.ToLowerInvariant() + ".json");
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLineAgent();
        var app = builder.Build();
        app.MapLineAgent();
        var agent = new RunningAgent(directory, app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }

        agent.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return agent;
    }

    public Dictionary<string, string?> Environment(bool withPin = false) => new()
    {
        ["TRACECTL_AGENT"] = Url,
        ["TRACECTL_ENGINEER_PIN"] = withPin ? Pin : null,
    };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task SeedAsync(string path)
    {
        var setup = new OperatorAction("setup", "test line");
        using var store = LineStore.Open(new LineStoreOptions { Path = path, LineId = "line-7" });
        await store.CommitAsync(tx =>
        {
            tx.ReceiveSerialBlock(new SerialBlock(Gtin, "B-1", [.. Enumerable.Range(1, 50).Select(i => Serial.Parse(string.Create(CultureInfo.InvariantCulture, $"CTL{i:D4}")))]));
            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-1", Gtin, "L1", "281130", 10, 5, 2));
            tx.StartWorkOrder("WO-1", setup);
            var units = Enumerable.Range(1, 6).Select(n => tx.TakeSerial("WO-1", n)).ToList();
            tx.OpenContainer(ContainerKind.Case, Case1, "WO-1");
            foreach (var unit in units)
            {
                tx.RecordPrinted(unit.Key);
                if (unit.PlcSequence == 6)
                {
                    tx.RecordRejected(unit.Key, "no-read");
                }
                else
                {
                    tx.RecordVerified(unit.Key, "");
                    tx.PackUnit(unit.Key, Case1);
                }
            }

            tx.CloseContainer(Case1);
            tx.PauseWorkOrder("WO-1", setup);

            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-2", Gtin, "L2", "281130", 10, 5, 2));
            tx.StartWorkOrder("WO-2", setup);
            tx.RecordPrinted(tx.TakeSerial("WO-2", 7).Key);
            tx.TakeSerial("WO-2", 8);
            tx.PauseWorkOrder("WO-2", setup);

            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-3", Gtin, "L3", "290131", 4, 2, 2));
        }, CancellationToken.None);
    }
}
