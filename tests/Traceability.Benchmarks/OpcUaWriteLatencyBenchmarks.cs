using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Traceability.OpcUa;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// One Write round trip (request, server applies, response) to the local node-opcua PLC simulator, the cost of a
/// verdict. BenchmarkDotNet's median and percentiles are over iteration means; the per-write distribution (what a
/// verdict deadline cares about) is printed at cleanup from each round trip's own timing.
/// </summary>
[Config(typeof(LatencyConfig))]
public class OpcUaWriteLatencyBenchmarks
{
    private static readonly NodeId Node = NodeId.Parse("ns=1;s=Test.Int32");
    private readonly List<long> _ticks = new(1 << 20);
    private PlcSimulator? _plc;
    private OpcUaClient? _client;
    private int _value;

    private sealed class LatencyConfig : ManualConfig
    {
        public LatencyConfig()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, new PercentileColumn(99));
        }
    }

    [GlobalSetup]
    public async Task Setup()
    {
        // Line stopped (rate 0): the simulator does nothing but answer us.
        _plc = PlcSimulator.WithRate(0);
        _client = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = _plc.Endpoint }, CancellationToken.None);
    }

    [Benchmark]
    public async Task Write_round_trip()
    {
        var start = Stopwatch.GetTimestamp();
        await _client!.WriteAsync(Node, ++_value, CancellationToken.None);
        _ticks.Add(Stopwatch.GetTimestamp() - start);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_ticks.Count > 0)
        {
            var sorted = _ticks.Order().ToArray();
            double Us(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1e6 / Stopwatch.Frequency;
            Console.WriteLine($"// Per-write round trips: n={sorted.Length} median={Us(0.5):F0} us p99={Us(0.99):F0} us max={Us(1.0):F0} us");
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _plc?.Dispose();
    }
}
