using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Devices.Capture;

/// <summary>What a replay does with the driver's writes.</summary>
public enum ReplayWrites
{
    /// <summary>Accept and discard them; reads follow the recorded timing only.</summary>
    Accept,

    /// <summary>
    /// Compare them, byte for byte, with the recorded W records (an <see cref="IOException"/> names the first difference),
    /// and hold each R record that followed a W record until the driver has written it (a reply waits for its command).
    /// </summary>
    Verify,
}

/// <summary>
/// Replays a capture as a device: each <see cref="ConnectAsync"/> returns a fresh stream that yields the capture's R
/// records at real speed, <see cref="Speed"/> times faster, or as fast as possible (<see cref="double.PositiveInfinity"/>).
/// </summary>
public sealed class ReplayConnector(CaptureFile capture, double speed = 1.0, ReplayWrites writes = ReplayWrites.Accept, bool endOfStreamAtEnd = true, TimeProvider? timeProvider = null) : IStreamConnector
{
    /// <summary>The speed factor: 1 is real time, 10 ten times faster, infinity without waiting.</summary>
    public double Speed { get; } = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), speed, "The replay speed must be positive.");

    /// <inheritdoc />
    public string Description => $"replay:{capture.Device}";

    /// <summary>Replays a capture file.</summary>
    public static ReplayConnector FromFile(string path, double speed = 1.0, ReplayWrites writes = ReplayWrites.Accept) =>
        new(CaptureFile.Load(path), speed, writes);

    /// <inheritdoc />
    public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
#pragma warning disable CA2000 // The caller owns the stream (IStreamConnector's contract).
        return ValueTask.FromResult<Stream>(new ReplayStream(capture, Speed, writes, endOfStreamAtEnd, timeProvider ?? TimeProvider.System));
#pragma warning restore CA2000
    }
}
