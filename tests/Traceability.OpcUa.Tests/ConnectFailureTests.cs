using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;
using System.Net;
using System.Net.Sockets;

namespace Traceability.OpcUa.Tests;

public sealed class ConnectFailureTests
{
    [Fact]
    public async Task Unknown_host_fails_with_the_endpoint_in_the_message()
    {
        var options = new OpcUaClientOptions { EndpointUrl = "opc.tcp://nosuchhost.invalid:4840", RequestTimeout = TimeSpan.FromSeconds(5) };
        var e = await Assert.ThrowsAsync<OpcUaException>(() => OpcUaClient.ConnectAsync(options, Ct));
        Assert.Contains("opc.tcp://nosuchhost.invalid:4840", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_port_fails_with_the_endpoint_in_the_message()
    {
        int port;
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        var url = $"opc.tcp://127.0.0.1:{port}/UA/Plc";
        var e = await Assert.ThrowsAsync<OpcUaException>(() => OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = url }, Ct));
        Assert.StartsWith($"Connect {url}: ConnectionRefused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_endpoint_is_refused_before_connecting()
    {
        var e = await Assert.ThrowsAsync<OpcUaException>(() => OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = "http://plc:4840" }, Ct));
        Assert.Equal("Connect http://plc:4840: not an opc.tcp:// endpoint URL: BadTcpEndpointUrlInvalid (0x80830000)", e.Message);
    }
}
