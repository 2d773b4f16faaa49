using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>
/// The line's link to central: the outbox stream, the serial pool refill, the work-order download and the
/// heartbeat, over one gRPC channel. <see cref="RunAsync"/> is the body of the host's background service: it runs
/// until the stopping token is cancelled. The line never waits for the link: it runs on its store and pool.
/// </summary>
public sealed class CentralLink : IDisposable
{
    private readonly CentralConnection _connection;

    /// <param name="store">The line store; its line id is the one sent to central.</param>
    /// <param name="options">Validated here (a bad section throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>).</param>
    /// <param name="line">The line's state and devices, for the heartbeat.</param>
    /// <param name="timeProvider">Time for backoff, intervals, deadlines.</param>
    /// <param name="logger">The link's log.</param>
    /// <param name="handler">The HTTP handler to central (tests: an in-memory server's); null for a real socket.</param>
    public CentralLink(
        LineStore store, CentralOptions options, ILineStatusProvider line, TimeProvider? timeProvider = null, ILogger<CentralLink>? logger = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(line);
        var time = timeProvider ?? TimeProvider.System;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _connection = new CentralConnection(options, time, handler);
        Status = new CentralLinkStatus(store.Outbox);
        Streamer = new OutboxStreamer(store, _connection, Status, options, time, log);
        var calls = new CentralCalls(store, _connection, options, time, log);
        Pool = new PoolRefiller(calls);
        WorkOrders = new WorkOrderDownload(calls);
        Heartbeat = new HeartbeatSender(calls, Status, line);
    }

    /// <summary>Link state, outbox backlog and refused events, for the HMI.</summary>
    public CentralLinkStatus Status { get; }

    /// <summary>The outbox stream.</summary>
    public OutboxStreamer Streamer { get; }

    /// <summary>The serial pool refill.</summary>
    public PoolRefiller Pool { get; }

    /// <summary>The work-order download.</summary>
    public WorkOrderDownload WorkOrders { get; }

    /// <summary>The heartbeat.</summary>
    public HeartbeatSender Heartbeat { get; }

    /// <summary>Runs the four workers until <paramref name="stoppingToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Streamer.RunAsync(stoppingToken),
        WorkOrders.RunAsync(stoppingToken),
        Pool.RunAsync(stoppingToken),
        Heartbeat.RunAsync(stoppingToken));

    /// <summary>Closes the channel; stop <see cref="RunAsync"/> first.</summary>
    public void Dispose() => _connection.Dispose();
}
