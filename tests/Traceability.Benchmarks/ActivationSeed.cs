using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;
using static Traceability.Benchmarks.SeedSql;

namespace Traceability.Benchmarks;

/// <summary>
/// The activation benchmark's database: <see cref="HierarchySeed"/>'s 10 M units with their cases and pallets, migrated
/// to the current schema, a distributor with <see cref="Dealers"/> dealers under it (one province each), and every unit
/// shipped from the brand to dealer <see cref="DealerOf"/> (a <c>channel_units</c> row, in transit). Built once from the
/// hierarchy seed (PostgreSQL: a copy of its database as a template; SQLite: a copy of its file), then reused; a marker
/// table records a finished seed. <see cref="ResetAsync"/> empties the activation and alert tables before a run, so every
/// run starts with no unit activated. <c>channel_history</c> stays empty: the activation path does not read it.
/// </summary>
internal static class ActivationSeed
{
    public const string PostgresDatabase = "traceability_bench_activation";
    public const string DistributorId = "DIST-CN";
    public const string ProductModel = "W1";

    /// <summary>Each dealer's province and an IPv4 /16 inside it that the GeoIP CSV maps there.</summary>
    public static readonly (string Id, string Region, string Network)[] Dealers =
    [
        ("DL-GD", "CN-440000", "113.64.0.0/16"),
        ("DL-ZJ", "CN-330000", "183.128.0.0/16"),
        ("DL-JS", "CN-320000", "49.64.0.0/16"),
        ("DL-SH", "CN-310000", "101.80.0.0/16"),
    ];

    private static readonly DateTimeOffset ShippedAt = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public static string SqlitePath => Testing.RepositoryPaths.Combine("BenchmarkDotNet.Artifacts", "data", "activation-10m.db");

    public static string SqliteConnection => new SqliteConnectionStringBuilder { DataSource = SqlitePath }.ToString();

    public static string PostgresConnection => HierarchySeed.PostgresConnection(PostgresDatabase);

    public static string ConnectionString(StorageProvider provider) => provider == StorageProvider.Postgres ? PostgresConnection : SqliteConnection;

    /// <summary>The dealer unit <paramref name="serial"/> was shipped to: its last character's code modulo the dealers (as the seed's SQL computes it).</summary>
    public static int DealerOf(string serial) => serial[^1] % Dealers.Length;

    /// <summary>The dealer's shipment: one per dealer.</summary>
    public static Guid ShipmentOf(int dealer) => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"0193a000-0000-7000-8000-{dealer + 1:D12}"));

    /// <summary>A GeoIP CSV placing each dealer's network in its province (and one city inside Guangdong).</summary>
    public static string WriteGeoIpCsv(string folder)
    {
        var path = Path.Combine(folder, "regions.csv");
        var lines = new List<string> { "network,region", "113.64.128.0/20,CN-440300" };
        lines.AddRange(Dealers.Select(d => $"{d.Network},{d.Region}"));
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Seeds the provider's database if it is not seeded yet.</summary>
    public static Task EnsureAsync(StorageProvider provider) => provider == StorageProvider.Postgres ? EnsurePostgresAsync() : EnsureSqliteAsync();

    public static async Task EnsureSqliteAsync()
    {
        if (File.Exists(SqlitePath) && await SqliteSeededAsync(SqliteConnection, "bench_activation_seed"))
        {
            return;
        }

        await HierarchySeed.EnsureSqliteAsync();
        var clock = Stopwatch.StartNew();
        foreach (var file in new[] { SqlitePath, SqlitePath + "-wal", SqlitePath + "-shm" })
        {
            File.Delete(file);
        }

        // The hierarchy file is in WAL mode with no open connection: its checkpointed main file is the whole database.
        File.Copy(HierarchySeed.SqlitePath, SqlitePath);
        await using (var store = new SqliteCentralStore(SqliteConnection))
        {
            await store.MigrateAsync();
        }

        await using (var connection = new SqliteConnection(SqliteConnection))
        {
            await connection.OpenAsync();
            await Sqlite(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;");
            await using var tx = connection.BeginTransaction();
            await Sqlite(connection, $"""
                INSERT INTO dealers (dealer_id, name, parent_id, level, path, regions, created_at)
                VALUES ('{DistributorId}', 'China distributor', NULL, 1, '/{DistributorId}/', '["CN"]', '2026-11-01T00:00:00.000000Z');
                """, tx);
            for (var d = 0; d < Dealers.Length; d++)
            {
                var (id, region, _) = Dealers[d];
                await Sqlite(connection, $"""
                    INSERT INTO dealers (dealer_id, name, parent_id, level, path, regions, created_at)
                    VALUES ('{id}', 'Dealer {id}', '{DistributorId}', 2, '/{DistributorId}/{id}/', '["{region}"]', '2026-11-01T00:00:00.000000Z');
                    """, tx);
            }

            await Sqlite(connection, $"""
                INSERT INTO channel_units (gtin, serial, status, dealer_id, from_dealer, shipment_id, shipped_at)
                SELECT u.gtin, u.serial, 1, {DealerCase("unicode(substr(u.serial, -1))", d => $"'{d.Id}'")}, NULL,
                       {DealerCase("unicode(substr(u.serial, -1))", d => $"'{ShipmentOf(Array.IndexOf(Dealers, d))}'")},
                       '{ShippedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}'
                FROM units u ORDER BY u.gtin, u.serial;
                """, tx);
            await Sqlite(connection, $"CREATE TABLE bench_activation_seed (units INTEGER NOT NULL); INSERT INTO bench_activation_seed VALUES ({HierarchySeed.Units});", tx);
            await tx.CommitAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Console.WriteLine($"// Seeded {SqlitePath} (channel) in {clock.Elapsed.TotalSeconds:F0} s");
    }

    public static async Task EnsurePostgresAsync()
    {
        await using (var admin = new NpgsqlConnection(HierarchySeed.PostgresConnection("postgres")))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name;", admin);
            exists.Parameters.AddWithValue("name", PostgresDatabase);
            if (await exists.ExecuteScalarAsync() is not null)
            {
                if (await PostgresSeededAsync(PostgresConnection, "bench_activation_seed"))
                {
                    return;
                }

                await Postgres(admin, $"DROP DATABASE {PostgresDatabase} WITH (FORCE);");
            }
        }

        await HierarchySeed.EnsurePostgresAsync();
        var clock = Stopwatch.StartNew();
        await using (var admin = new NpgsqlConnection(HierarchySeed.PostgresConnection("postgres")))
        {
            await admin.OpenAsync();

            // A file-level copy of the hierarchy database: it fails if a session is connected to it (another benchmark).
            await Postgres(admin, $"CREATE DATABASE {PostgresDatabase} TEMPLATE {HierarchySeed.PostgresDatabase};");
        }

        await using (var store = new PostgresCentralStore(PostgresConnection))
        {
            await store.MigrateAsync();
        }

        await using (var connection = new NpgsqlConnection(PostgresConnection))
        {
            await connection.OpenAsync();
            await Postgres(connection, $"""
                INSERT INTO dealers (dealer_id, name, parent_id, level, path, regions, created_at)
                VALUES ('{DistributorId}', 'China distributor', NULL, 1, '/{DistributorId}/', ARRAY['CN'], '2026-11-01T00:00:00Z');
                """);
            foreach (var (id, region, _) in Dealers)
            {
                await Postgres(connection, $"""
                    INSERT INTO dealers (dealer_id, name, parent_id, level, path, regions, created_at)
                    VALUES ('{id}', 'Dealer {id}', '{DistributorId}', 2, '/{DistributorId}/{id}/', ARRAY['{region}'], '2026-11-01T00:00:00Z');
                    """);
            }

            // Set-based, without the primary keys while the rows go in (as HierarchySeed does), then keys and statistics.
            await Postgres(connection, $"""
                SET maintenance_work_mem = '1GB';
                ALTER TABLE channel_units DROP CONSTRAINT channel_units_pkey;
                INSERT INTO channel_units (gtin, serial, status, dealer_id, from_dealer, shipment_id, shipped_at)
                SELECT u.gtin, u.serial, 1, {DealerCase("ascii(right(u.serial, 1))", d => $"'{d.Id}'")}, NULL,
                       {DealerCase("ascii(right(u.serial, 1))", d => $"'{ShipmentOf(Array.IndexOf(Dealers, d))}'::uuid")},
                       '{ShippedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}'
                FROM units u;
                ALTER TABLE channel_units ADD PRIMARY KEY (gtin, serial);
                """);
            await Postgres(connection, "VACUUM ANALYZE channel_units;");
            await Postgres(connection, "VACUUM ANALYZE dealers;");
            await Postgres(connection, $"CREATE TABLE bench_activation_seed (units bigint NOT NULL); INSERT INTO bench_activation_seed VALUES ({HierarchySeed.Units});");
        }

        NpgsqlConnection.ClearAllPools();
        Console.WriteLine($"// Seeded PostgreSQL database {PostgresDatabase} (copy, migration, channel) in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Empties the activations and alerts a previous run left, so every unit is activated for the first time.</summary>
    public static async Task ResetAsync(StorageProvider provider)
    {
        if (provider == StorageProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(PostgresConnection);
            await connection.OpenAsync();
            await Postgres(connection, "TRUNCATE activations, activation_history, alert_deliveries, alerts;");
            await Postgres(connection, "VACUUM ANALYZE activations, activation_history, alerts;");
            return;
        }

        await using (var sqlite = new SqliteConnection(SqliteConnection))
        {
            await sqlite.OpenAsync();
            await Sqlite(sqlite, "DELETE FROM activations; DELETE FROM activation_history; DELETE FROM alert_deliveries; DELETE FROM alerts; PRAGMA wal_checkpoint(TRUNCATE);");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// The seeded GTIN's product with a list price (what a trade-in quote prices from) and a warranty policy: an upsert,
    /// so it may run before every scan and trade-in run. The activation path reads no product, so activation-load is not
    /// affected.
    /// </summary>
    public static async Task EnsureProductAsync(StorageProvider provider)
    {
        var product = new Product(HierarchySeed.Gtin, 7, ProductModel, "Watch One", 1_999m, "CNY", new WarrantyPolicy(WarrantyMonths: 24));
        if (provider == StorageProvider.Postgres)
        {
            await using var postgres = new PostgresCentralStore(PostgresConnection);
            await postgres.UpsertProductAsync(product);
            return;
        }

        await using var sqlite = new SqliteCentralStore(SqliteConnection);
        await sqlite.UpsertProductAsync(product);
    }

    /// <summary>Empties the consumer scans, their counters and the alerts a previous run left, so every unit starts never scanned.</summary>
    public static Task ResetScansAsync(StorageProvider provider) =>
        EmptyAsync(provider, "consumer_scans", "consumer_scan_counters", "alert_deliveries", "alerts");

    /// <summary>Empties the trade-in quotes and orders and the alerts a previous run left.</summary>
    public static Task ResetTradeInAsync(StorageProvider provider) =>
        EmptyAsync(provider, "tradein_orders", "tradein_quotes", "alert_deliveries", "alerts");

    private static async Task EmptyAsync(StorageProvider provider, params string[] tables)
    {
        if (provider == StorageProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(PostgresConnection);
            await connection.OpenAsync();
            await Postgres(connection, $"TRUNCATE {string.Join(", ", tables)};");
            await Postgres(connection, $"VACUUM ANALYZE {string.Join(", ", tables)};");
            NpgsqlConnection.ClearPool(connection);
            return;
        }

        await using (var sqlite = new SqliteConnection(SqliteConnection))
        {
            await sqlite.OpenAsync();
            await Sqlite(sqlite, string.Concat(tables.Select(t => $"DELETE FROM {t}; ")) + "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static string DealerCase(string code, Func<(string Id, string Region, string Network), string> value) =>
        "CASE " + string.Concat(Dealers.Select((d, i) => $"WHEN {code} % {Dealers.Length} = {i} THEN {value(d)} ")) + "END";
}
