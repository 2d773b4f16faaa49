using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices;

public sealed class TransportTests
{
    [Theory]
    [InlineData("tcp://192.0.2.10:9100", EndpointKind.Tcp, "tcp://192.0.2.10:9100")]
    [InlineData("TCP://printer-3.line1.local:9100/", EndpointKind.Tcp, "tcp://printer-3.line1.local:9100")]
    [InlineData("serial:/dev/ttyUSB0", EndpointKind.Serial, "serial:/dev/ttyUSB0?baud=9600&parity=none&dataBits=8&stopBits=1")]
    [InlineData("serial:COM3?baud=115200&parity=even&dataBits=7&stopBits=2", EndpointKind.Serial, "serial:COM3?baud=115200&parity=even&dataBits=7&stopBits=2")]
    public void Endpoints_parse_to_their_canonical_form(string text, EndpointKind kind, string canonical)
    {
        var endpoint = DeviceEndpoint.Parse(text);
        Assert.Equal((kind, canonical), (endpoint.Kind, endpoint.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("printer:9100", "use tcp://HOST:PORT or serial:PATH")]
    [InlineData("tcp://192.0.2.10", "needs a host and a port")]
    [InlineData("tcp://192.0.2.10:99999", "port \"99999\" is not a number from 1 to 65535")]
    [InlineData("tcp://bad host:9100", "\"bad host\" is not a host name")]
    [InlineData("serial:", "needs a port")]
    [InlineData("serial:COM3?baud=fast", "\"baud=fast\" is not a serial setting")]
    [InlineData("serial:COM3?parity=1", "\"parity=1\" is not a serial setting")]
    public void Bad_endpoints_say_what_is_wrong(string text, string reason)
    {
        Assert.False(DeviceEndpoint.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_connector_carries_bytes_both_ways()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connector = StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{port}"));
        await using var client = await connector.ConnectAsync(CancellationToken.None);
        using var server = await listener.AcceptTcpClientAsync();
        await client.WriteAsync("~HS"u8.ToArray());
        var buffer = new byte[3];
        await server.GetStream().ReadExactlyAsync(buffer);
        Assert.Equal("~HS"u8.ToArray(), buffer);
    }

    [Fact]
    public async Task A_closed_tcp_port_is_an_error_naming_the_endpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var connector = StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{port}"));
        var e = await Assert.ThrowsAsync<DeviceConnectionException>(async () => await connector.ConnectAsync(CancellationToken.None));
        Assert.StartsWith($"tcp://127.0.0.1:{port}: ConnectionRefused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serial_connector_works_over_a_real_pseudo_terminal()
    {
        using var pty = new PseudoTerminalPair();
        var connector = StreamConnectors.Create(DeviceEndpoint.Parse($"serial:{pty.PathA}?baud=115200"));
        await using var stream = await connector.ConnectAsync(CancellationToken.None);
        using var far = new SerialPort(pty.PathB);
        far.Open();
        far.Write("010950600013435221ABC\r\n");
        var buffer = new byte[23];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("010950600013435221ABC\r\n"u8.ToArray(), buffer);
    }

    [Fact]
    public async Task A_missing_serial_port_is_an_error_naming_it()
    {
        var connector = StreamConnectors.Create(DeviceEndpoint.Parse("serial:/dev/ttyNoSuchPort9"));
        var e = await Assert.ThrowsAsync<DeviceConnectionException>(async () => await connector.ConnectAsync(CancellationToken.None));
        Assert.StartsWith("serial:/dev/ttyNoSuchPort9?baud=9600", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open the serial port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_grows_to_its_ceiling_and_resets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new FakeTimeProvider());
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.NextDelay()).ToList();
        Assert.InRange(delays[0].TotalMilliseconds, 80, 120);
        Assert.InRange(delays[3].TotalMilliseconds, 640, 960);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(5)));
        Assert.InRange(delays[^1].TotalMilliseconds, 4_000, 5_000);
        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 80, 120);
    }
}
