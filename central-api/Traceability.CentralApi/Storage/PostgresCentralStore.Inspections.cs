using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Inspections;

namespace Traceability.CentralApi.Storage;

public sealed partial class PostgresCentralStore : IInspectionStore
{
    public async Task AddInspectionAsync(InspectionRecord inspection, byte[]? photo, CancellationToken cancellationToken = default)
    {
        InspectionArguments.Check(inspection, photo);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Command(connection, tx, $"""
            INSERT INTO inspections ({InspectionRows.Columns})
            VALUES (@id, @at, @inspector, @code, @status, @gtin, @serial, @finding, @region, @store,
                    @dealer, @regions, @shipment, @diversion, @alert, @type, @length, @sha)
            ON CONFLICT DO NOTHING;
            """))
        {
            insert.Parameters.AddWithValue("id", inspection.InspectionId);
            insert.Parameters.AddWithValue("at", EventBatch.Stored(inspection.InspectedAt).UtcDateTime);
            insert.Parameters.AddWithValue("inspector", inspection.Inspector);
            insert.Parameters.AddWithValue("code", inspection.Code);
            insert.Parameters.AddWithValue("status", InspectionArguments.Stored(inspection.CodeStatus));
            insert.Parameters.AddWithValue("gtin", inspection.Gtin);
            insert.Parameters.AddWithValue("serial", inspection.Serial);
            insert.Parameters.AddWithValue("finding", InspectionArguments.Stored(inspection.Finding));
            insert.Parameters.AddWithValue("region", inspection.StoreRegion);
            insert.Parameters.AddWithValue("store", inspection.StoreName);
            insert.Parameters.Add(new NpgsqlParameter<string?>("dealer", NpgsqlDbType.Text) { TypedValue = inspection.DealerId });
            insert.Parameters.AddWithValue("regions", inspection.DealerRegions.ToArray());
            insert.Parameters.Add(new NpgsqlParameter<Guid?>("shipment", NpgsqlDbType.Uuid) { TypedValue = inspection.ShipmentId });
            insert.Parameters.AddWithValue("diversion", inspection.Diversion);
            insert.Parameters.Add(new NpgsqlParameter<Guid?>("alert", NpgsqlDbType.Uuid) { TypedValue = inspection.AlertId });
            insert.Parameters.Add(new NpgsqlParameter<string?>("type", NpgsqlDbType.Text) { TypedValue = inspection.Photo?.ContentType });
            insert.Parameters.Add(new NpgsqlParameter<long?>("length", NpgsqlDbType.Bigint) { TypedValue = inspection.Photo?.Length });
            insert.Parameters.Add(new NpgsqlParameter<string?>("sha", NpgsqlDbType.Text) { TypedValue = inspection.Photo?.Sha256 });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Inspection id {inspection.InspectionId} exists already.");
            }
        }

        if (photo is not null)
        {
            await using var insertPhoto = Command(connection, tx, "INSERT INTO inspection_photos (inspection_id, content_type, bytes) VALUES (@id, @type, @bytes);");
            insertPhoto.Parameters.AddWithValue("id", inspection.InspectionId);
            insertPhoto.Parameters.AddWithValue("type", inspection.Photo!.ContentType);
            insertPhoto.Parameters.AddWithValue("bytes", NpgsqlDbType.Bytea, photo);
            await insertPhoto.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> SetInspectionAlertAsync(Guid inspectionId, Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var update = Command(connection, null, "UPDATE inspections SET alert_id = @alert WHERE inspection_id = @id;");
        update.Parameters.AddWithValue("alert", alertId);
        update.Parameters.AddWithValue("id", inspectionId);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<InspectionRecord?> GetInspectionAsync(Guid inspectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {InspectionRows.Columns} FROM inspections WHERE inspection_id = @id;");
        select.Parameters.AddWithValue("id", inspectionId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? InspectionRows.Read(reader) : null;
    }

    public async Task<InspectionPhoto?> GetInspectionPhotoAsync(Guid inspectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT content_type, bytes FROM inspection_photos WHERE inspection_id = @id;");
        select.Parameters.AddWithValue("id", inspectionId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? InspectionRows.Photo(reader) : null;
    }

    public async Task<InspectionPage> ListInspectionsAsync(InspectionQuery query, CancellationToken cancellationToken = default)
    {
        InspectionArguments.Check(query);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {InspectionRows.Columns} FROM inspections
            WHERE (@dealer::text IS NULL OR dealer_id = @dealer::text)
              AND (@from::timestamptz IS NULL OR inspected_at >= @from::timestamptz)
              AND (@to::timestamptz IS NULL OR inspected_at < @to::timestamptz)
              AND (@afterAt::timestamptz IS NULL OR (inspected_at, inspection_id) < (@afterAt::timestamptz, @afterId::uuid))
            ORDER BY inspected_at DESC, inspection_id DESC
            LIMIT @limit;
            """);
        select.Parameters.Add(new NpgsqlParameter<string?>("dealer", NpgsqlDbType.Text) { TypedValue = query.DealerId });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("from", NpgsqlDbType.TimestampTz) { TypedValue = (query.From is { } f ? EventBatch.Stored(f).UtcDateTime : null) });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("to", NpgsqlDbType.TimestampTz) { TypedValue = (query.To is { } t ? EventBatch.Stored(t).UtcDateTime : null) });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("afterAt", NpgsqlDbType.TimestampTz) { TypedValue = query.After?.InspectedAt.UtcDateTime });
        select.Parameters.Add(new NpgsqlParameter<Guid?>("afterId", NpgsqlDbType.Uuid) { TypedValue = query.After?.InspectionId });
        select.Parameters.AddWithValue("limit", query.Limit + 1);
        return InspectionArguments.Page(await select.ReadAllAsync(InspectionRows.Read, cancellationToken), query.Limit);
    }

    public async Task<IReadOnlyList<DealerInspectionCount>> CountInspectionsByDealerAsync(
        DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT dealer_id, COUNT(*) AS n, COUNT(*) FILTER (WHERE diversion) AS d, MAX(inspected_at) FROM inspections
            WHERE dealer_id IS NOT NULL
              AND (@from::timestamptz IS NULL OR inspected_at >= @from::timestamptz)
              AND (@to::timestamptz IS NULL OR inspected_at < @to::timestamptz)
            GROUP BY dealer_id
            ORDER BY d DESC, n DESC, dealer_id COLLATE "C";
            """);
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("from", NpgsqlDbType.TimestampTz) { TypedValue = (since is { } s ? EventBatch.Stored(s).UtcDateTime : null) });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("to", NpgsqlDbType.TimestampTz) { TypedValue = (until is { } u ? EventBatch.Stored(u).UtcDateTime : null) });
        return await select.ReadAllAsync(InspectionRows.DealerCount, cancellationToken);
    }
}
