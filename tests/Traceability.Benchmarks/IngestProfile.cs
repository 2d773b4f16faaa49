using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Traceability.CentralApi.Storage;
using StoredEvent = Traceability.CentralApi.Storage.LineEvent;

namespace Traceability.Benchmarks;

/// <summary>
/// Where central's ingest time goes, as CPU time rather than wall time (the machine is shared, so wall time swings
/// with the load; CPU time much less): this process's CPU (gRPC server and client, mapping, the store's client side,
/// SQLite) and the CPU of the PostgreSQL backends serving the benchmark database (read from /proc: the server runs on
/// this machine). <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- ingest-profile store 1000</c> or
/// <c>… ingest-profile grpc 4 [Postgres|Sqlite]</c> (store: batch size, then optionally how many events, 50,000 by default; grpc: lines, then optionally one database).
/// </summary>
internal static class IngestProfile
{
    private const int DefaultEvents = 50_000;

    public static async Task RunAsync(string[] args)
    {
        var size = int.Parse(args[2], CultureInfo.InvariantCulture);
        if (args[1] == "grpc")
        {
            // An optional third argument (Sqlite or Postgres) runs one database only.
            await GrpcAsync(lines: size, only: args.Length > 3 ? Enum.Parse<StorageProvider>(args[3], ignoreCase: true) : null);
        }
        else
        {
            await StoreAsync(batchSize: size, events: args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : DefaultEvents);
        }
    }

    private static async Task StoreAsync(int batchSize, int events)
    {
        var json = Google.Protobuf.JsonFormatter.Default;
        foreach (var (name, provider, copyThreshold) in new[]
        {
            ("Sqlite", StorageProvider.Sqlite, 0),
            ("PostgresCopy", StorageProvider.Postgres, 1),
            ("PostgresUnnest", StorageProvider.Postgres, int.MaxValue),
        })
        {
            await using var database = await CentralBenchmarkDatabase.CreateAsync(provider);
            await using var store = database.OpenStore(copyThreshold);
            await store.MigrateAsync();
            for (var round = 1; round <= 2; round++)
            {
                var lineId = $"profile-{round}";
                var serials = CentralBenchmarkEvents.Serials($"R{round}", "L", events);
                await store.AllocateSerialBlockAsync(CentralBenchmarkEvents.Gtin, lineId, serials);
                var batches = CentralBenchmarkEvents.Batches(lineId, serials, batchSize)
                    .Select(batch => batch.Events.Select(wire => new StoredEvent(
                        Guid.Parse(wire.EventId), wire.Sequence, LineEventTypes.Commissioned, wire.OccurredAt.ToDateTimeOffset(),
                        wire.UnitCommissioned.Unit.Gtin, wire.UnitCommissioned.Unit.Serial, json.Format(wire.UnitCommissioned))
                    { WorkOrderId = wire.WorkOrderId }).ToArray())
                    .ToList();
                var sample = Sample.Start(database);
                foreach (var batch in batches)
                {
                    await store.AppendEventsAsync(lineId, batch);
                }

                sample.Print($"store {name}, batches of {batchSize}, round {round}", events);
            }
        }
    }

    private static async Task GrpcAsync(int lines, StorageProvider? only)
    {
        foreach (var provider in new[] { StorageProvider.Sqlite, StorageProvider.Postgres }.Where(p => only is null || p == only))
        {
            var benchmark = new GrpcIngestBenchmarks { Storage = provider, Lines = lines };
            await benchmark.Setup();
            try
            {
                for (var round = 1; round <= 3; round++)
                {
                    benchmark.PrepareIteration();
                    var sample = Sample.Start(benchmark.Database);
                    await benchmark.Stream_commissioned_events();
                    sample.Print($"gRPC {provider}, {lines} line(s), round {round}", GrpcIngestBenchmarks.EventsPerInvocation);
                }
            }
            finally
            {
                await benchmark.Cleanup();
            }
        }
    }

    private sealed class Sample
    {
        private readonly CentralBenchmarkDatabase _database;
        private readonly TimeSpan _process;
        private readonly double _postgres;
        private readonly Stopwatch _wall = Stopwatch.StartNew();

        private Sample(CentralBenchmarkDatabase database)
        {
            _database = database;
            _postgres = PostgresCpuMicroseconds(database);
            _process = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public static Sample Start(CentralBenchmarkDatabase database) => new(database);

        public void Print(string what, int events)
        {
            var wall = _wall.Elapsed;
            var process = Process.GetCurrentProcess().TotalProcessorTime - _process;
            var postgres = PostgresCpuMicroseconds(_database) - _postgres;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {events / wall.TotalSeconds:F0} events/s; per event: wall {wall.TotalMicroseconds / events:F1} µs, .NET CPU {process.TotalMicroseconds / events:F1} µs, PostgreSQL CPU {postgres / events:F1} µs; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }

        private static double PostgresCpuMicroseconds(CentralBenchmarkDatabase database)
        {
            if (database.Provider != StorageProvider.Postgres)
            {
                return 0;
            }

            using var connection = new NpgsqlConnection(database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();", connection);
            using var reader = command.ExecuteReader();
            var ticks = 0L;
            while (reader.Read())
            {
                // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 per second).
                var stat = File.ReadAllText($"/proc/{reader.GetInt32(0)}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }

            return ticks * 1e6 / 100;
        }
    }
}
