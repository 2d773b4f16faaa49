using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Devices.Readers;

/// <summary>
/// A fixed-mount code reader that pushes decoded text over serial or TCP. The driver connects in the background,
/// reconnects with backoff when the link drops, and turns bytes into typed <see cref="ReaderEvent"/>s.
/// </summary>
public interface ICodeReader : IAsyncDisposable
{
    /// <summary>The connection state (Connecting, Connected, Reconnecting…).</summary>
    DeviceConnectionState State { get; }

    /// <summary>Starts connecting and reading in the background; events queue until <see cref="ReadAllAsync"/> takes them.</summary>
    void Start();

    /// <summary>Every event, in arrival order, across reconnects. One consumer at a time.</summary>
    IAsyncEnumerable<ReaderEvent> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Sends the configured trigger command (e.g. "LON\r").</summary>
    /// <exception cref="InvalidOperationException">No trigger command is configured.</exception>
    /// <exception cref="DeviceConnectionException">The reader is not connected or the write failed.</exception>
    ValueTask TriggerAsync(CancellationToken cancellationToken);
}
