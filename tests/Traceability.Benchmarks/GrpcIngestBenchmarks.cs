using System.Globalization;
using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Traceability.CentralApi;
using Traceability.CentralApi.Storage;
using Traceability.Contracts.Line.V1;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Lines streaming UnitCommissioned events over gRPC (Grpc.Net.Client, HTTP/2 on a real loopback Kestrel port) to an
/// in-process central host, into SQLite (file, WAL, synchronous=FULL) or PostgreSQL (a fresh database on
/// TRACEABILITY_TEST_POSTGRES). Every event commissions a unit allocated beforehand, so the projection does its real
/// work. One operation is one event: events/s = 1 / Mean. The client runs in the same process and on the same two
/// cores, which a real line (on its own machine) would not.
/// </summary>
[InvocationCount(1)]
public class GrpcIngestBenchmarks
{
    internal const int EventsPerInvocation = 50_000;
    private const int BatchSize = 500;

    private readonly TempDirectory _contentRoot = new();
    private CentralBenchmarkDatabase? _database;
    private WebApplication? _app;
    private GrpcChannel? _channel;
    private LineSync.LineSyncClient? _client;
    private LineEventBatch[][] _lines = [];
    private int _iteration;

    [Params(StorageProvider.Sqlite, StorageProvider.Postgres)]
    public StorageProvider Storage { get; set; }

    /// <summary>Lines streaming at once, each on its own stream; the events are shared out among them.</summary>
    [Params(1, 4)]
    public int Lines { get; set; }

    internal CentralBenchmarkDatabase Database => _database!;

    [GlobalSetup]
    public async Task Setup()
    {
        _database = await CentralBenchmarkDatabase.CreateAsync(Storage);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot.Path, EnvironmentName = "Production" });
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Storage.ToString(),
            ["Storage:ConnectionString"] = _database.ConnectionString,
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };

        // Lines authenticate as in production: one Line key per line id the iterations will use.
        var k = 0;
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            for (var l = 0; l < 4; l++, k++)
            {
                var lineId = LineId(iteration, l);
                settings[$"Auth:ApiKeys:{k}:Key"] = LineKey(lineId);
                settings[$"Auth:ApiKeys:{k}:Role"] = "Line";
                settings[$"Auth:ApiKeys:{k}:Id"] = lineId;
            }
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddCentralApi();
        _app = builder.Build();
        _app.MapCentralApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _channel = GrpcChannel.ForAddress(address);
        _client = new LineSync.LineSyncClient(_channel);
    }

    [IterationSetup]
    public void PrepareIteration()
    {
        // Fresh lines each iteration (sequences from 1), and their units allocated as central would have.
        var iteration = ++_iteration;
        if (iteration > MaxIterations)
        {
            throw new InvalidOperationException($"More than {MaxIterations} iterations: configure more line keys.");
        }

        var store = _app!.Services.GetRequiredService<ICentralStore>();
        var perLine = EventsPerInvocation / Lines;
        _lines = new LineEventBatch[Lines][];
        for (var l = 0; l < Lines; l++)
        {
            var lineId = LineId(iteration, l);
            var serials = CentralBenchmarkEvents.Serials($"I{iteration:D2}", $"L{l}", perLine);
            foreach (var block in serials.Chunk(10_000))
            {
                store.AllocateSerialBlockAsync(CentralBenchmarkEvents.Gtin, lineId, block).GetAwaiter().GetResult();
            }

            _lines[l] = CentralBenchmarkEvents.Batches(lineId, serials, BatchSize);
        }
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public async Task Stream_commissioned_events()
    {
        await Task.WhenAll(_lines.Select(StreamLineAsync));
    }

    private const int MaxIterations = 64;

    private static string LineId(int iteration, int line) => string.Create(CultureInfo.InvariantCulture, $"bench-I{iteration:D2}-{line}");

    private static string LineKey(string lineId) => $"bench-key-{lineId}-0123456789";

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _contentRoot.Dispose();
    }

    // The line writes its batches as fast as flow control lets it and reads acks alongside, as an outbox catching up
    // does; it is done when the ack covers its last sequence.
    private async Task StreamLineAsync(LineEventBatch[] batches)
    {
        using var call = _client!.StreamEvents(new Metadata { { "X-Api-Key", LineKey(batches[0].LineId) } });
        var last = batches[^1].Events[^1].Sequence;
        var acks = Task.Run(async () =>
        {
            await foreach (var ack in call.ResponseStream.ReadAllAsync())
            {
                if (ack.Rejected.Count > 0)
                {
                    throw new InvalidOperationException($"Central rejected {ack.Rejected[0].Field}: {ack.Rejected[0].Reason}");
                }

                if (ack.HighestContiguousSequence == last)
                {
                    return;
                }
            }

            throw new InvalidOperationException("The stream ended before the last event was acknowledged.");
        });
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        await acks;
    }
}
