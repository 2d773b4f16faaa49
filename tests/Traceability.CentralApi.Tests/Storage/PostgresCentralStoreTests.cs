using Npgsql;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Storage.Migrations;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Needs PostgreSQL (TRACEABILITY_TEST_POSTGRES, which .ci/run sets); fails, not skips, without it. Each test gets fresh databases.</summary>
public class PostgresCentralStoreTests : CentralStoreComplianceTests
{
    private const string Gtin = "09506000134352";
    private const string Sscc = "106141411234567897";

    private readonly List<string> _databases = [];

    protected override int MigrationCount => Migration.For("postgres").Count;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var name = await TestDatabases.CreatePostgresDatabaseAsync();
        _databases.Add(name);
        return name;
    }

    protected override ICentralStore Open(string database) => new PostgresCentralStore(TestDatabases.Postgres(database)) { CopyThreshold = CopyThreshold };

    /// <summary>The batch size from which the store stages by COPY; the default store's unless a subclass says otherwise.</summary>
    protected virtual int CopyThreshold => PostgresCentralStore.DefaultCopyThreshold;

    protected override async Task DropDatabasesAsync()
    {
        foreach (var name in _databases)
        {
            await TestDatabases.DropPostgresDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Rows_stored_under_the_first_schema_survive_the_partitioning_migration()
    {
        var database = await CreateDatabaseAsync();
        var at = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
        var (commissioned, aggregated, plain) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = new NpgsqlConnection(TestDatabases.Postgres(database)))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);");
            await ExecuteAsync(connection, Migration.For("postgres")[0].Sql);
            await ExecuteAsync(connection, "INSERT INTO schema_version VALUES (1, '0001_initial', now());");
            await using var rows = new NpgsqlCommand("""
                INSERT INTO units VALUES (@gtin, 'A1', 'L1', @commissioned, @at, @at), (@gtin, 'A2', 'L1', @allocated, @at, NULL);
                INSERT INTO events VALUES
                    (@c, 'L1', 1, 'Commissioned', @at, @gtin, 'A1', '{"lot":"L1"}', @at),
                    (@a, 'L1', 2, 'Aggregated', @at, NULL, NULL, '{"parentSscc":"106141411234567897","children":[]}', @at),
                    (@p, 'L1', 4, 'Printed', @at, NULL, NULL, '{"station":"printer"}', @at);
                INSERT INTO line_progress VALUES ('L1', 2, 4);
                """, connection);
            rows.Parameters.AddWithValue("gtin", Gtin);
            rows.Parameters.AddWithValue("at", at);
            rows.Parameters.AddWithValue("commissioned", (short)SerialState.Commissioned);
            rows.Parameters.AddWithValue("allocated", (short)SerialState.Allocated);
            rows.Parameters.AddWithValue("c", commissioned);
            rows.Parameters.AddWithValue("a", aggregated);
            rows.Parameters.AddWithValue("p", plain);
            await rows.ExecuteNonQueryAsync();
        }

        await using var store = Open(database);
        Assert.Equal(MigrationCount - 1, await store.MigrateAsync());

        var progress = await store.GetLineProgressAsync("L1");
        Assert.Equal((2, 4), (progress.Watermark, progress.HighestSeen));
        Assert.Equal([new SequenceRange(3, 3)], progress.Gaps);
        Assert.Equal(SerialState.Commissioned, (await store.GetUnitAsync(Gtin, "A1"))!.State);
        Assert.Equal(SerialState.Allocated, (await store.GetUnitAsync(Gtin, "A2"))!.State);
        var resent = new LineEvent(commissioned, 1, "Commissioned", at, Gtin, "A1", """{ "lot": "L1" }""");
        Assert.Equal([AppendOutcome.Duplicate], (await store.AppendEventsAsync("L1", [resent])).Outcomes);
        await Assert.ThrowsAsync<ConflictingEventException>(() => store.AppendEventsAsync("L1", [resent with { Payload = """{"lot":"L2"}""" }]));
        await Assert.ThrowsAsync<ConflictingEventException>(() => store.AppendEventsAsync("L1", [new LineEvent(Guid.NewGuid(), 2, "Printed", at, null, null, "{}")]));
        Assert.Equal(4, (await store.AppendEventsAsync("L1", [new LineEvent(Guid.NewGuid(), 3, "Printed", at, null, null, "{}")])).Watermark);
        Assert.Equal(
            [("A1", commissioned), (Sscc, aggregated), (plain.ToString(), plain)],
            await KeysAsync(database, commissioned, aggregated, plain));
    }

    [Fact]
    public async Task A_unit_and_its_events_share_a_partition_and_an_aggregation_is_placed_by_its_parent_sscc()
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["P1", "P2", "P3"]);
        var at = DateTimeOffset.UtcNow;
        var events = new[]
        {
            new LineEvent(Guid.NewGuid(), 1, LineEventTypes.Commissioned, at, Gtin, "P2", "{}"),
            new LineEvent(Guid.NewGuid(), 2, "Aggregated", at, null, null, $$"""{"parentSscc":"{{Sscc}}"}"""),
            new LineEvent(Guid.NewGuid(), 3, "Decommissioned", at, null, null, $$$"""{"item":{"sscc":"{{{Sscc}}}"}}"""),
        };
        await Store.AppendEventsAsync("L1", events);

        await using var connection = new NpgsqlConnection(TestDatabases.Postgres(DatabaseName));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT tableoid::regclass::text FROM units WHERE serial = 'P2'),
                   (SELECT tableoid::regclass::text FROM events WHERE serial = 'P2'),
                   (SELECT count(*) FROM events WHERE partition_key = @sscc),
                   (SELECT count(DISTINCT tableoid) FROM units);
            """, connection);
        command.Parameters.AddWithValue("sscc", Sscc);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Matches("^units_p[0-9]{2}$", reader.GetString(0));
        Assert.Equal(reader.GetString(0)[^2..], reader.GetString(1)[^2..]);
        Assert.Equal(2, reader.GetInt64(2));
    }

    private static async Task<List<(string Key, Guid Id)>> KeysAsync(string database, params Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.Postgres(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT k.partition_key, e.event_id FROM unnest(@ids) WITH ORDINALITY AS i(id, n)
            JOIN event_ids k ON k.event_id = i.id
            JOIN events e ON e.partition_key = k.partition_key AND e.event_id = k.event_id
            ORDER BY i.n;
            """, connection);
        command.Parameters.AddWithValue("ids", ids);
        var keys = new List<(string, Guid)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add((reader.GetString(0), reader.GetGuid(1)));
        }

        return keys;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The whole suite again with every batch staged by binary COPY (the default store stages small batches by unnest).</summary>
public sealed class PostgresCentralStoreCopyTests : PostgresCentralStoreTests
{
    protected override int CopyThreshold => 1;
}
