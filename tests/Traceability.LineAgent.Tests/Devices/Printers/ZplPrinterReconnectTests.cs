using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Tests.Devices.Printers;

public sealed class ZplPrinterReconnectTests
{
    [Fact]
    public async Task Failed_connection_attempts_back_off_on_the_clock_then_connect()
    {
        var time = new FakeTimeProvider();
        var connector = new FlakyConnector(failures: 2);
        var options = new ZplPrinterOptions { ReconnectInitial = TimeSpan.FromSeconds(1), ReconnectMaximum = TimeSpan.FromSeconds(8), MaxConnectAttempts = 3 };
        await using var printer = new ZplPrinter(connector, options, time);
        var start = time.GetUtcNow();

        var query = printer.QueryStatusAsync(CancellationToken.None);
        Assert.False(query.IsCompleted);
        Assert.Equal(DeviceConnectionState.Reconnecting, printer.State);
        for (var i = 0; i < 200 && !query.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        Assert.True((await query).IsReady);
        Assert.Equal(3, connector.Attempts);
        Assert.Equal(DeviceConnectionState.Connected, printer.State);
        // 1 s then 2 s, each ±20 % jitter.
        Assert.InRange(time.GetUtcNow() - start, TimeSpan.FromSeconds(2.4), TimeSpan.FromSeconds(3.7));
    }

    [Fact]
    public async Task After_the_last_attempt_the_printer_is_faulted_and_the_error_names_it()
    {
        var connector = new FlakyConnector(failures: int.MaxValue);
        var options = new ZplPrinterOptions { ReconnectInitial = TimeSpan.FromMilliseconds(1), ReconnectMaximum = TimeSpan.FromMilliseconds(2), MaxConnectAttempts = 2 };
        await using var printer = new ZplPrinter(connector, options);

        var e = await Assert.ThrowsAsync<DeviceConnectionException>(() => printer.PrintAsync(new PrintJob("job-1", "^XA^XZ"), CancellationToken.None));

        Assert.Equal("replay:flaky: refused", e.Message);
        Assert.Equal((2, DeviceConnectionState.Faulted), (connector.Attempts, printer.State));
    }

    private sealed class FlakyConnector(int failures) : IStreamConnector
    {
        public int Attempts { get; private set; }

        public string Description => "replay:flaky";

        // The caller owns and disposes the stream (IStreamConnector's contract).
#pragma warning disable CA2000
        public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken) =>
            ++Attempts <= failures
                ? throw new DeviceConnectionException($"{Description}: refused")
                : ValueTask.FromResult<Stream>(new ScriptedPrinterStream());
#pragma warning restore CA2000
    }
}
