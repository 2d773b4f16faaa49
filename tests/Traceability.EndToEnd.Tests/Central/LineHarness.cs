using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Central;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.EndToEnd.Tests.Central;

/// <summary>
/// One line and central: a real LineStore and a real central (SQLite) in one temp folder, the line's link to central
/// through a <see cref="CentralSwitch"/>. Central and the line can each be stopped and started again on their files.
/// </summary>
public sealed class LineHarness : IAsyncDisposable
{
    public const string LineId = "line-1";
    public const string WorkOrderId = "WO-1";
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    private static readonly OperatorAction Operator = new("op-1", "start of shift");

    private readonly TempDirectory _folder = new();
    private CentralServer? _central;
    private CancellationTokenSource? _linkStop;
    private Task? _linkRun;
    private long _plcSequence;

    public LineHarness() => StartCentral();

    public CentralSwitch Switch { get; } = new();

    public LineStore? Store { get; private set; }

    public CentralLink? Link { get; private set; }

    public RecordingLogger<CentralLink> Log { get; private set; } = new();

    public string CentralDatabase => _folder.File("central.db");

    public CentralOptions Options { get; } = new()
    {
        Url = "http://localhost",
        ApiKey = CentralServer.LineKey(LineId),
        BatchSize = 7,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        PoolCheckInterval = TimeSpan.FromMilliseconds(200),
        WorkOrderPollInterval = TimeSpan.FromSeconds(1),
        PoolLowWaterMark = 50,
        PoolBlockSize = 100,
        CallTimeout = TimeSpan.FromSeconds(2),
    };

    public void StartCentral()
    {
        _central = new CentralServer(CentralDatabase);
        _ = _central.Server; // starts it and runs the migrations
        Switch.Up(_central);
    }

    /// <summary>An HTTP client of the running central with the planners' (admin) key.</summary>
    public HttpClient PlannerClient()
    {
        var http = _central!.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", CentralServer.AdminKey);
        return http;
    }

    public async Task StopCentralAsync()
    {
        Switch.Down();
        if (_central is not null)
        {
            await _central.DisposeAsync();
            _central = null;
        }
    }

    public LineStore OpenStore()
    {
        Store = LineStore.Open(new LineStoreOptions { Path = _folder.File("line-1.db"), LineId = LineId });
        return Store;
    }

    /// <summary>A link over the open store; not running until <see cref="StartLink"/>.</summary>
    public CentralLink CreateLink()
    {
        Log = new RecordingLogger<CentralLink>();
        Link = new CentralLink(Store!, Options, new StoreLineStatus(Store!), TimeProvider.System, Log, Switch);
        return Link;
    }

    public void StartLink()
    {
        Link ??= CreateLink();
        _linkStop = new CancellationTokenSource();
        _linkRun = Link.RunAsync(_linkStop.Token);
    }

    /// <summary>Stops the link and closes the store: the agent going away (its durable state stays on disk).</summary>
    public async Task StopLineAsync()
    {
        if (_linkStop is not null)
        {
            await _linkStop.CancelAsync();
            await _linkRun!;
            _linkStop.Dispose();
            _linkStop = null;
        }

        Link?.Dispose();
        Link = null;
        Store?.Dispose();
        Store = null;
    }

    /// <summary>A running work order with serials from central (through the link's own refill).</summary>
    public async Task StartWorkOrderAsync()
    {
        await Store!.CommitAsync(tx =>
        {
            tx.ReceiveWorkOrder(new WorkOrderSpec(WorkOrderId, Gtin, "L2611", "281130", 10_000, 4, 2));
            tx.StartWorkOrder(WorkOrderId, Operator);
        }, CancellationToken.None);
        Assert.True(await (Link ?? CreateLink()).Pool.RefillAsync(CancellationToken.None), "central gave no serials");
    }

    /// <summary><paramref name="count"/> units taken, printed and verified: one UnitCommissioned event each.</summary>
    public async Task MakeUnitsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sequence = Interlocked.Increment(ref _plcSequence);
            await Store!.CommitAsync(tx =>
            {
                var unit = tx.TakeSerial(WorkOrderId, sequence);
                tx.RecordPrinted(unit.Key);
                tx.RecordVerified(unit.Key, string.Create(CultureInfo.InvariantCulture, $"SIG{sequence}"));
            }, CancellationToken.None);
        }
    }

    /// <summary>The line's outbox, all of it, as (sequence, event id).</summary>
    public List<(long Sequence, string EventId)> LineEvents() =>
        [.. Store!.Outbox.Read(1, int.MaxValue).Select(e => (e.Sequence, e.EventId.ToString()))];

    public List<(long Sequence, string EventId)> CentralEvents() => CentralServer.StoredEvents(CentralDatabase, LineId);

    public async Task AllAcknowledgedAsync(TimeSpan? timeout = null) =>
        await Eventually.TrueAsync(
            () => Store!.Outbox.AcknowledgedSequence == Store.Outbox.DurableSequence,
            () => $"acknowledged {Store!.Outbox.AcknowledgedSequence} of {Store.Outbox.DurableSequence}; link {Link?.Status.State} {Link?.Status.LastError}",
            timeout ?? TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await StopLineAsync();
        await StopCentralAsync();
        Switch.Dispose();
        _folder.Dispose();
    }
}
