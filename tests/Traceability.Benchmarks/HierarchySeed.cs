using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Storage;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using static Traceability.Benchmarks.SeedSql;

namespace Traceability.Benchmarks;

/// <summary>
/// A central database with <see cref="Units"/> commissioned units, 10 per case, 40 cases per pallet, as the stores'
/// projections would leave them (same columns, same version texts). Built once and reused: a marker table records
/// a finished seed, so an interrupted seed is redone. PostgreSQL is seeded with binary COPY, SQLite with one prepared
/// insert per row in one transaction, both in key order.
/// </summary>
internal static class HierarchySeed
{
    public const long Units = 10_000_000;
    public const int UnitsPerCase = 10;
    public const int CasesPerPallet = 40;
    public const string Gtin = "09506000134352";
    public const string Line = "line-01";
    public const string PostgresDatabase = "traceability_bench_hierarchy";

    private const long Cases = Units / UnitsPerCase;
    private const long Pallets = (Cases + CasesPerPallet - 1) / CasesPerPallet;
    private const long PalletReferenceBase = 100_000_000;
    private const ulong Scramble = 0x9E3779B97F4A7C15UL & Mask | 1;
    private const ulong Mask = (1UL << 60) - 1;
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Unit <paramref name="i"/>'s serial: 12 Crockford base32 characters of a bijective scramble of i, so serials look random.</summary>
    public static string Serial(long i) => Serial(Key(i));

    public static string CaseSscc(long c) => Sscc.Create(0, "9506000", c).Value;

    public static string PalletSscc(long p) => Sscc.Create(0, "9506000", PalletReferenceBase + p).Value;

    public static string SqlitePath => Testing.RepositoryPaths.Combine("BenchmarkDotNet.Artifacts", "data", "hierarchy-10m.db");

    public static string PostgresConnection(string database) =>
        new NpgsqlConnectionStringBuilder(
            Environment.GetEnvironmentVariable("TRACEABILITY_TEST_POSTGRES")
            ?? throw new InvalidOperationException("TRACEABILITY_TEST_POSTGRES is not set; the PostgreSQL lookup benchmark needs a server."))
        { Database = database }.ToString();

    public static async Task EnsureSqliteAsync()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = SqlitePath }.ToString();
        if (File.Exists(SqlitePath) && await SqliteSeededAsync(connectionString, "bench_seed"))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(SqlitePath)!);
        foreach (var file in new[] { SqlitePath, SqlitePath + "-wal", SqlitePath + "-shm" })
        {
            File.Delete(file);
        }

        var clock = Stopwatch.StartNew();
        await using (var store = new SqliteCentralStore(connectionString))
        {
            await store.MigrateAsync();
        }

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await Sqlite(connection, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;");
            await using (var tx = connection.BeginTransaction())
            {
                await SeedSqliteAsync(connection, tx);
                await Sqlite(connection, "CREATE TABLE bench_seed (units INTEGER NOT NULL); INSERT INTO bench_seed VALUES (" + Units.ToString(CultureInfo.InvariantCulture) + ");", tx);
                await tx.CommitAsync();
            }

            await Sqlite(connection, "PRAGMA journal_mode=WAL;");
        }

        SqliteConnection.ClearAllPools();
        Console.WriteLine($"// Seeded {SqlitePath} in {clock.Elapsed.TotalSeconds:F0} s");
    }

    public static async Task EnsurePostgresAsync()
    {
        await using (var admin = new NpgsqlConnection(PostgresConnection("postgres")))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name;", admin);
            exists.Parameters.AddWithValue("name", PostgresDatabase);
            if (await exists.ExecuteScalarAsync() is not null)
            {
                if (await PostgresSeededAsync(PostgresConnection(PostgresDatabase), "bench_seed"))
                {
                    return;
                }

                await using var drop = new NpgsqlCommand($"DROP DATABASE {PostgresDatabase} WITH (FORCE);", admin);
                await drop.ExecuteNonQueryAsync();
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE {PostgresDatabase};", admin);
            await create.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await using (var store = new PostgresCentralStore(PostgresConnection(PostgresDatabase)))
        {
            await store.MigrateAsync();
        }

        await using var connection = new NpgsqlConnection(PostgresConnection(PostgresDatabase));
        await connection.OpenAsync();
        await Postgres(connection, "SET maintenance_work_mem = '1GB'; ALTER TABLE units DROP CONSTRAINT units_pkey; ALTER TABLE containers DROP CONSTRAINT containers_pkey; ALTER TABLE container_members DROP CONSTRAINT container_members_pkey;");
        await CopyPostgresAsync(connection);
        await Postgres(connection, """
            SET maintenance_work_mem = '1GB';
            ALTER TABLE units ADD PRIMARY KEY (gtin, serial);
            ALTER TABLE containers ADD PRIMARY KEY (sscc);
            ALTER TABLE container_members ADD PRIMARY KEY (parent_sscc, gtin, id);
            """);
        foreach (var table in new[] { "units", "containers", "container_members" })
        {
            await Postgres(connection, $"VACUUM ANALYZE {table};");
        }

        await Postgres(connection, $"CREATE TABLE bench_seed (units bigint NOT NULL); INSERT INTO bench_seed VALUES ({Units});");
        Console.WriteLine($"// Seeded PostgreSQL database {PostgresDatabase} in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static ulong Key(long i) => (ulong)i * Scramble & Mask;

    private static string Serial(ulong key) => string.Create(12, key, static (span, k) =>
    {
        for (var p = 11; p >= 0; p--)
        {
            span[p] = Crockford[(int)(k & 31)];
            k >>= 5;
        }
    });

    // Unit indexes in serial order: the Crockford alphabet is in ASCII order, so fixed-width serials sort as their keys do.
    private static long[] UnitsInKeyOrder()
    {
        var keys = new ulong[Units];
        var order = new long[Units];
        for (long i = 0; i < Units; i++)
        {
            keys[i] = Key(i);
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    private static string Version(DateTimeOffset at, long sequence) =>
        at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) + sequence.ToString("D19", CultureInfo.InvariantCulture) + Line;

    private static DateTimeOffset CommissionedAt(long i) => Start.AddMilliseconds(i * 10);

    private static DateTimeOffset CasePackedAt(long c) => CommissionedAt(c * UnitsPerCase + UnitsPerCase - 1).AddSeconds(1);

    private static DateTimeOffset PalletPackedAt(long p) => CasePackedAt(Math.Min(Cases - 1, p * CasesPerPallet + CasesPerPallet - 1)).AddSeconds(1);

    // Event sequences: unit i commissioned as i + 1, case c packed as Units + c + 1, pallet p as Units + Cases + p + 1.
    private static string UnitVersion(long i) => Version(CommissionedAt(i), i + 1);

    private static string CaseVersion(long c) => Version(CasePackedAt(c), Units + c + 1);

    private static string PalletVersion(long p) => Version(PalletPackedAt(p), Units + Cases + p + 1);

    private static async Task SeedSqliteAsync(SqliteConnection connection, SqliteTransaction tx)
    {
        await using (var unit = connection.CreateCommand())
        {
            unit.Transaction = tx;
            unit.CommandText = """
                INSERT INTO units (gtin, serial, line_id, state, allocated_at, commissioned_at, lot, expiry, work_order_id,
                                   state_version, commission_version, parent_sscc, parent_version)
                VALUES ($gtin, $serial, $line, $state, $allocated, $at, 'L2026-11', '271231', 'WO-1', $version, $version, $parent, $parentVersion);
                """;
            unit.Parameters.AddWithValue("$gtin", Gtin);
            unit.Parameters.AddWithValue("$line", Line);
            unit.Parameters.AddWithValue("$state", (int)SerialState.Commissioned);
            unit.Parameters.AddWithValue("$allocated", Text(Start.AddDays(-1)));
            var serial = unit.Parameters.Add("$serial", SqliteType.Text);
            var at = unit.Parameters.Add("$at", SqliteType.Text);
            var version = unit.Parameters.Add("$version", SqliteType.Text);
            var parent = unit.Parameters.Add("$parent", SqliteType.Text);
            var parentVersion = unit.Parameters.Add("$parentVersion", SqliteType.Text);
            unit.Prepare();
            foreach (var i in UnitsInKeyOrder())
            {
                var c = i / UnitsPerCase;
                (serial.Value, at.Value, version.Value, parent.Value, parentVersion.Value) =
                    (Serial(i), Text(CommissionedAt(i)), UnitVersion(i), CaseSscc(c), CaseVersion(c));
                await unit.ExecuteNonQueryAsync();
            }
        }

        await using (var container = connection.CreateCommand())
        {
            container.Transaction = tx;
            container.CommandText = """
                INSERT INTO containers (sscc, line_id, packed_at, packed_version, state, state_version, parent_sscc, parent_version)
                VALUES ($sscc, $line, $at, $version, $state, $version, $parent, $parentVersion);
                """;
            container.Parameters.AddWithValue("$line", Line);
            container.Parameters.AddWithValue("$state", (int)SerialState.Commissioned);
            var sscc = container.Parameters.Add("$sscc", SqliteType.Text);
            var at = container.Parameters.Add("$at", SqliteType.Text);
            var version = container.Parameters.Add("$version", SqliteType.Text);
            var parent = container.Parameters.Add("$parent", SqliteType.Text);
            var parentVersion = container.Parameters.Add("$parentVersion", SqliteType.Text);
            container.Prepare();
            for (long c = 0; c < Cases; c++)
            {
                var p = c / CasesPerPallet;
                (sscc.Value, at.Value, version.Value, parent.Value, parentVersion.Value) =
                    (CaseSscc(c), Text(CasePackedAt(c)), CaseVersion(c), PalletSscc(p), PalletVersion(p));
                await container.ExecuteNonQueryAsync();
            }

            for (long p = 0; p < Pallets; p++)
            {
                (sscc.Value, at.Value, version.Value, parent.Value, parentVersion.Value) =
                    (PalletSscc(p), Text(PalletPackedAt(p)), PalletVersion(p), DBNull.Value, DBNull.Value);
                await container.ExecuteNonQueryAsync();
            }
        }

        await using var member = connection.CreateCommand();
        member.Transaction = tx;
        member.CommandText = "INSERT INTO container_members (parent_sscc, gtin, id, entered_version) VALUES ($parent, $gtin, $id, $entered);";
        var mParent = member.Parameters.Add("$parent", SqliteType.Text);
        var mGtin = member.Parameters.Add("$gtin", SqliteType.Text);
        var mId = member.Parameters.Add("$id", SqliteType.Text);
        var mEntered = member.Parameters.Add("$entered", SqliteType.Text);
        member.Prepare();
        foreach (var (parent, gtin, id, entered) in Members())
        {
            (mParent.Value, mGtin.Value, mId.Value, mEntered.Value) = (parent, gtin, id, entered);
            await member.ExecuteNonQueryAsync();
        }
    }

    private static async Task CopyPostgresAsync(NpgsqlConnection connection)
    {
        var allocated = Start.AddDays(-1).UtcDateTime;
        await using (var units = await connection.BeginBinaryImportAsync("""
            COPY units (gtin, serial, line_id, state, allocated_at, commissioned_at, lot, expiry, work_order_id,
                        state_version, commission_version, parent_sscc, parent_version) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var i in UnitsInKeyOrder())
            {
                var c = i / UnitsPerCase;
                var version = UnitVersion(i);
                await units.StartRowAsync();
                await units.WriteAsync(Gtin, NpgsqlDbType.Text);
                await units.WriteAsync(Serial(i), NpgsqlDbType.Text);
                await units.WriteAsync(Line, NpgsqlDbType.Text);
                await units.WriteAsync((short)SerialState.Commissioned, NpgsqlDbType.Smallint);
                await units.WriteAsync(allocated, NpgsqlDbType.TimestampTz);
                await units.WriteAsync(CommissionedAt(i).UtcDateTime, NpgsqlDbType.TimestampTz);
                await units.WriteAsync("L2026-11", NpgsqlDbType.Text);
                await units.WriteAsync("271231", NpgsqlDbType.Text);
                await units.WriteAsync("WO-1", NpgsqlDbType.Text);
                await units.WriteAsync(version, NpgsqlDbType.Text);
                await units.WriteAsync(version, NpgsqlDbType.Text);
                await units.WriteAsync(CaseSscc(c), NpgsqlDbType.Text);
                await units.WriteAsync(CaseVersion(c), NpgsqlDbType.Text);
            }

            await units.CompleteAsync();
        }

        await using (var containers = await connection.BeginBinaryImportAsync("""
            COPY containers (sscc, line_id, packed_at, packed_version, state, state_version, parent_sscc, parent_version) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (long c = 0; c < Cases + Pallets; c++)
            {
                var isCase = c < Cases;
                var p = isCase ? c / CasesPerPallet : c - Cases;
                var version = isCase ? CaseVersion(c) : PalletVersion(p);
                await containers.StartRowAsync();
                await containers.WriteAsync(isCase ? CaseSscc(c) : PalletSscc(p), NpgsqlDbType.Text);
                await containers.WriteAsync(Line, NpgsqlDbType.Text);
                await containers.WriteAsync((isCase ? CasePackedAt(c) : PalletPackedAt(p)).UtcDateTime, NpgsqlDbType.TimestampTz);
                await containers.WriteAsync(version, NpgsqlDbType.Text);
                await containers.WriteAsync((short)SerialState.Commissioned, NpgsqlDbType.Smallint);
                await containers.WriteAsync(version, NpgsqlDbType.Text);
                if (isCase)
                {
                    await containers.WriteAsync(PalletSscc(p), NpgsqlDbType.Text);
                    await containers.WriteAsync(PalletVersion(p), NpgsqlDbType.Text);
                }
                else
                {
                    await containers.WriteNullAsync();
                    await containers.WriteNullAsync();
                }
            }

            await containers.CompleteAsync();
        }

        await using var members = await connection.BeginBinaryImportAsync(
            "COPY container_members (parent_sscc, gtin, id, entered_version) FROM STDIN (FORMAT BINARY)");
        foreach (var (parent, gtin, id, entered) in Members())
        {
            await members.StartRowAsync();
            await members.WriteAsync(parent, NpgsqlDbType.Text);
            await members.WriteAsync(gtin, NpgsqlDbType.Text);
            await members.WriteAsync(id, NpgsqlDbType.Text);
            await members.WriteAsync(entered, NpgsqlDbType.Text);
        }

        await members.CompleteAsync();
    }

    // Members in key order: each case's units (by serial), then each pallet's cases (SSCCs ascend with the reference).
    private static IEnumerable<(string Parent, string Gtin, string Id, string Entered)> Members()
    {
        var inCase = new (ulong Key, long Index)[UnitsPerCase];
        for (long c = 0; c < Cases; c++)
        {
            var (sscc, entered) = (CaseSscc(c), CaseVersion(c));
            for (var k = 0; k < UnitsPerCase; k++)
            {
                var i = c * UnitsPerCase + k;
                inCase[k] = (Key(i), i);
            }

            Array.Sort(inCase);
            foreach (var (key, _) in inCase)
            {
                yield return (sscc, Gtin, Serial(key), entered);
            }
        }

        for (long p = 0; p < Pallets; p++)
        {
            var (sscc, entered) = (PalletSscc(p), PalletVersion(p));
            for (var c = p * CasesPerPallet; c < Math.Min(Cases, (p + 1) * CasesPerPallet); c++)
            {
                yield return (sscc, "", CaseSscc(c), entered);
            }
        }
    }

    private static string Text(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
