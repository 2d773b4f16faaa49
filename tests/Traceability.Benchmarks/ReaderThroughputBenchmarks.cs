using System.IO.Ports;
using BenchmarkDotNet.Attributes;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>Reads per second through the reader driver over a real socat pty pair (one op = 1000 GS1 reads, CR LF framed).</summary>
[MemoryDiagnoser]
public class ReaderThroughputBenchmarks
{
    private const int Reads = 1000;
    private PseudoTerminalPair? _pty;
    private SerialPort? _far;
    private CodeReader? _reader;
    private byte[] _burst = [];

    [GlobalSetup]
    public void Setup()
    {
        _pty = new PseudoTerminalPair();
        _far = new SerialPort(_pty.PathB);
        _far.Open();
        _reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"serial:{_pty.PathA}")), ReaderFraming.CrLf);
        _reader.Start();
        while (_reader.State != DeviceConnectionState.Connected)
        {
            Thread.Sleep(10);
        }

        var frame = ReaderFraming.CrLf.Encode("0109506000134352\u001D10ABC123\u001D21SN0000000042"u8);
        _burst = [.. Enumerable.Repeat(frame, Reads).SelectMany(f => f)];
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public async Task<int> Read_over_a_pty()
    {
        await _far!.BaseStream.WriteAsync(_burst);
        var count = 0;
        await foreach (var _ in _reader!.ReadAllAsync(CancellationToken.None))
        {
            if (++count == Reads)
            {
                break;
            }
        }

        return count;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        _far?.Dispose();
        _pty?.Dispose();
    }
}
