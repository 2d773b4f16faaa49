using Microsoft.Extensions.Logging;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>
/// What the periodic calls to central (pool refill, work order download, heartbeat) work with: the line store, the
/// connection, the options, the clock and the link's log; and their loop, which logs a failed round and goes on.
/// </summary>
internal sealed class CentralCalls(LineStore store, CentralConnection connection, CentralOptions options, TimeProvider time, ILogger logger)
{
    public LineStore Store => store;

    public CentralConnection Connection => connection;

    public CentralOptions Options => options;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    /// <summary>Runs <paramref name="round"/> at once and then every <paramref name="interval"/> until stopped (<see cref="Periodic"/>).</summary>
    public Task EveryAsync(TimeSpan interval, string what, Func<CancellationToken, Task> round, CancellationToken stoppingToken) =>
        Periodic.RunAsync(interval, time, round, e => CallFailed(what, e), stoppingToken);

    public void CallFailed(string operation, Exception e) => CentralLog.CallFailed(logger, store.LineId, operation, CentralConnection.Describe(e));
}
