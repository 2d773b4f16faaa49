using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Central;
using Traceability.LineAgent.Host.Api;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Pipeline;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests.Api;

/// <summary>
/// The agent's HTTP API and HMI over a real <see cref="LineRuntime"/> (the host's own, with in-process printer, reader
/// and PLC), a real LineStore in a temp folder, on a real Kestrel port. The store holds 200 serials of
/// <see cref="Gtin"/> and work order WO-1 (Planned, 12 units, 4 per case, 2 cases per pallet).
/// </summary>
internal sealed class ApiLine : ServedLine
{
    public const string Pin = "4711";
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");

    private ApiLine(TempDirectory directory, LineStore store, WebApplication app, InProcessPlc plc, LineRuntime runtime)
        : base(directory, store, app)
    {
        Plc = plc;
        Runtime = runtime;
    }

    public InProcessPlc Plc { get; }

    public LineRuntime Runtime { get; }

    public static async Task<ApiLine> StartAsync()
    {
        var directory = new TempDirectory();
        var store = LineStore.Open(new LineStoreOptions { Path = directory.File("line.db"), LineId = "line-1" });
        await store.CommitAsync(tx =>
        {
            tx.ReceiveSerialBlock(new SerialBlock(Gtin, "B-1", [.. Enumerable.Range(1, 200).Select(i => Serial.Parse(string.Create(CultureInfo.InvariantCulture, $"API{i:D5}")))]));
            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-1", Gtin, "L2611", "281130", 12, 4, 2));
        }, CancellationToken.None);

        var builder = LineWebHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["Hmi:EngineerPin"] = Pin,
            ["Pipeline:CompanyPrefix"] = "9506000",
        });
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<InProcessPlc>();
        builder.Services.AddSingleton<InProcessReader>();
        builder.Services.AddSingleton(sp => new InProcessPrinter(sp.GetRequiredService<InProcessReader>()));
        builder.Services.AddSingleton(sp => new CentralLink(
            store, new CentralOptions { Url = "http://127.0.0.1:9", ApiKey = "line-key-0123456789abcdef" }, new StoreLineStatus(store)));
        builder.Services.AddSingleton(sp => new LineRuntime(
            store, sp.GetRequiredService<InProcessPrinter>(), sp.GetRequiredService<InProcessReader>(), sp.GetRequiredService<CentralLink>(),
            PipelineFixture.Options(), TimeProvider.System, NullLoggerFactory.Instance));
        builder.Services.Configure<PipelineOptions>(builder.Configuration.GetSection(LineAgent.Pipeline.PipelineOptions.SectionName));
        builder.Services.AddHmi(builder.Configuration);
        builder.Services.AddLineApi(builder.Configuration);
        var app = builder.Build();
        app.MapHmi();
        app.MapLineApi();
        var plc = app.Services.GetRequiredService<InProcessPlc>();
        var runtime = app.Services.GetRequiredService<LineRuntime>();
        runtime.AttachPlc(plc);
        return await ServeAsync(new ApiLine(directory, store, app, plc, runtime));
    }
}
