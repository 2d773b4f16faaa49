using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Host.Tests.Hmi;

// Copied from tests/Traceability.LineAgent.Tests/Pipeline/InProcessDevices.cs (same repository): devices in memory.

/// <summary>A PLC in memory: the test fires triggers; verdicts are recorded by sequence.</summary>
internal sealed class InProcessPlc : IPlc
{
    private readonly Channel<UnitTrigger> _triggers = Channel.CreateUnbounded<UnitTrigger>();
    private long _next;

    public System.Collections.Concurrent.ConcurrentDictionary<long, (bool Good, string? Reason)> Verdicts { get; } = new();

    public DeviceConnectionState State => DeviceConnectionState.Connected;

    public long Trigger(bool recovered = false)
    {
        var n = Interlocked.Increment(ref _next);
        _triggers.Writer.TryWrite(new UnitTrigger(n, DateTimeOffset.UtcNow, recovered));
        return n;
    }

    public IAsyncEnumerable<UnitTrigger> TriggersAsync(CancellationToken cancellationToken) => _triggers.Reader.ReadAllAsync(cancellationToken);

    public Task WriteVerdictAsync(long sequence, bool good, string? reason, CancellationToken cancellationToken)
    {
        Verdicts[sequence] = (good, reason);
        return Task.CompletedTask;
    }

    public Task<LineStatus> ReadLineStatusAsync(CancellationToken cancellationToken) => Task.FromResult(new LineStatus(true, false, 600, false));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// A printer and the conveyor behind it in memory: each printed label's code text (the unit's Digital Link, or the
/// container's SSCC) goes to <see cref="Printed"/>; <see cref="AutoRead"/> passes it straight to the reader.
/// </summary>
internal sealed partial class InProcessPrinter(InProcessReader? autoReader = null) : IPrinter
{
    public Channel<(PrintJob Job, string Code)> Printed { get; } = Channel.CreateUnbounded<(PrintJob, string)>();

    public bool RibbonOut { get; set; }

    public string Description => "in-process";

    public DeviceConnectionState State => DeviceConnectionState.Connected;

    public InProcessReader? AutoRead { get; set; } = autoReader;

    public Task<PrinterStatus> QueryStatusAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new PrinterStatus { RibbonOut = RibbonOut });

    public Task PrintAsync(PrintJob job, CancellationToken cancellationToken)
    {
        if (RibbonOut)
        {
            throw new PrinterNotReadyException("ribbon out", new PrinterStatus { RibbonOut = true });
        }

        var code = job.Id.StartsWith("Case:", StringComparison.Ordinal) || job.Id.StartsWith("Pallet:", StringComparison.Ordinal)
            ? "(00)" + job.Id[(job.Id.IndexOf(':', StringComparison.Ordinal) + 1)..]
            : FieldHex().Replace(DigitalLink().Match(job.Zpl).Value, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        if (AutoRead is { } reader)
        {
            reader.Send(code);
        }
        else
        {
            Printed.Writer.TryWrite((job, code));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [GeneratedRegex(@"https://[^\^]+")]
    private static partial Regex DigitalLink();

    // ^FH: the field's "_" introduces two hex digits (the DigSig's base64url "_" is written as _5F).
    [GeneratedRegex("_([0-9A-Fa-f]{2})")]
    private static partial Regex FieldHex();
}

/// <summary>A reader in memory: the test (or the printer) sends decoded texts.</summary>
internal sealed class InProcessReader : ICodeReader
{
    private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>();

    public DeviceConnectionState State => DeviceConnectionState.Connected;

    public void Send(string? text) =>
        _events.Writer.TryWrite(text is null ? new ReaderEvent.NoRead(DateTimeOffset.UtcNow) : new ReaderEvent.Read(text, DateTimeOffset.UtcNow));

    public void Start()
    {
    }

    public async IAsyncEnumerable<ReaderEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }
    }

    public ValueTask TriggerAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
