using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Microsoft.Extensions.Options;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Host.Api;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Pipeline;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests.Hmi;

/// <summary>
/// A line store in a temp folder with a running work order (WO-1: 3 verified units packed into an open case of 4,
/// 1 rejected "no-read") and a paused one with no units (WO-0), served by a WebApplication with only the HMI and the
/// manual-work API (printing to an in-process printer), on a real Kestrel port.
/// </summary>
internal sealed class HmiLine : ServedLine
{
    public const string Pin = "4711";
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    public static readonly OperatorAction Setup = new("setup", "test line");
    public static readonly Sscc CaseSscc = Sscc.Create(0, "9506000", 1);

    private long _sequence;

    private HmiLine(TempDirectory directory, LineStore store, WebApplication app, InProcessPrinter printer, long sequence)
        : base(directory, store, app)
    {
        _sequence = sequence;
        Printer = printer;
    }

    /// <summary>The printer manual reprints go to; each label's code is read back into <see cref="InProcessPrinter.Printed"/>.</summary>
    public InProcessPrinter Printer { get; }

    /// <summary>Seeds the store, then serves it.</summary>
    /// <param name="settings">The configuration (default: only the engineer PIN).</param>
    /// <param name="services">More registrations.</param>
    /// <param name="editStoreFile">When set, runs on the closed store file after seeding (to tamper with it), before serving.</param>
    public static async Task<HmiLine> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, Action<string>? editStoreFile = null)
    {
        var directory = new TempDirectory();
        var options = new LineStoreOptions { Path = directory.File("line.db"), LineId = "line-1" };
        LineStore? store = null;
        long sequence;
        try
        {
            store = LineStore.Open(options);
            sequence = await SeedAsync(store);
            if (editStoreFile is not null)
            {
                store.Dispose();
                store = null;
                editStoreFile(options.Path);
                store = LineStore.Open(options);
            }
        }
        catch
        {
            store?.Dispose();
            directory.Dispose();
            throw;
        }

        var builder = LineWebHost.CreateBuilder(settings ?? new Dictionary<string, string?> { ["Hmi:EngineerPin"] = Pin });
        builder.Services.AddSingleton(store);
        // Manual work prints to an in-process printer; it is not registered as the line's IPrinter, which the HMI
        // would show as a device.
        var printer = new InProcessPrinter();
        var labels = new PipelineOptions
        {
            CompanyPrefix = "9506000",
            DigitalLinkPrefix = "https://id.example.com",
            UnitTemplate = RepositoryPaths.Combine("label-templates", "templates", "unit.json"),
            CaseTemplate = RepositoryPaths.Combine("label-templates", "templates", "case.json"),
            PalletTemplate = RepositoryPaths.Combine("label-templates", "templates", "pallet.json"),
        };
        builder.Services.AddSingleton(sp => new ManualWork(
            sp.GetRequiredService<LineStore>(), printer, labels, sp.GetRequiredService<IOptions<ReprintOptions>>().Value, timeProvider: sp.GetService<TimeProvider>()));
        services?.Invoke(builder.Services);
        builder.Services.AddHmi(builder.Configuration);
        builder.Services.AddManualWork(builder.Configuration);
        builder.Services.AddLineApi(builder.Configuration);
        var app = builder.Build();
        app.MapHmi();
        app.MapManualWork();
        app.MapLineApi();
        return await ServeAsync(new HmiLine(directory, store, app, printer, sequence));
    }

    /// <summary>Takes, prints and verifies one more unit of WO-1 (loose: not packed).</summary>
    public Task<UnitRecord> VerifyUnitAsync() => VerifyAsync(Store, Interlocked.Increment(ref _sequence));

    private static async Task<long> SeedAsync(LineStore store)
    {
        long sequence = 0;
        var serials = Enumerable.Range(1, 50).Select(i => Serial.Parse(string.Create(CultureInfo.InvariantCulture, $"HMI{i:D5}"))).ToList();
        await store.CommitAsync(tx =>
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
            var unit = await VerifyAsync(store, ++sequence);
            await store.CommitAsync(tx =>
            {
                if (tx.FindOpenContainer("WO-1", ContainerKind.Case) is null)
                {
                    tx.OpenContainer(ContainerKind.Case, CaseSscc, "WO-1");
                }

                tx.PackUnit(unit.Key, CaseSscc);
            }, CancellationToken.None);
        }

        var n = ++sequence;
        await store.CommitAsync(tx =>
        {
            var unit = tx.TakeSerial("WO-1", n);
            tx.RecordPrinted(unit.Key);
            tx.RecordRejected(unit.Key, "no-read");
        }, CancellationToken.None);
        return sequence;
    }

    private static Task<UnitRecord> VerifyAsync(LineStore store, long n) => store.CommitAsync(tx =>
    {
        var unit = tx.TakeSerial("WO-1", n);
        tx.RecordPrinted(unit.Key);
        return tx.RecordVerified(unit.Key);
    }, CancellationToken.None);
}
