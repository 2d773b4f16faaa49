using System.Text.Json;
using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Inspections;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore : IInspectionStore
{
    public async Task AddInspectionAsync(InspectionRecord inspection, byte[]? photo, CancellationToken cancellationToken = default)
    {
        InspectionArguments.Check(inspection, photo);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        var id = inspection.InspectionId.ToString("D");
        await using (var insert = Command(connection, tx, $"""
            INSERT INTO inspections ({InspectionRows.Columns})
            VALUES ($id, $at, $inspector, $code, $status, $gtin, $serial, $finding, $region, $store,
                    $dealer, $regions, $shipment, $diversion, $alert, $type, $length, $sha)
            ON CONFLICT DO NOTHING;
            """))
        {
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(inspection.InspectedAt));
            insert.Parameters.AddWithValue("$inspector", inspection.Inspector);
            insert.Parameters.AddWithValue("$code", inspection.Code);
            insert.Parameters.AddWithValue("$status", InspectionArguments.Stored(inspection.CodeStatus));
            insert.Parameters.AddWithValue("$gtin", inspection.Gtin);
            insert.Parameters.AddWithValue("$serial", inspection.Serial);
            insert.Parameters.AddWithValue("$finding", InspectionArguments.Stored(inspection.Finding));
            insert.Parameters.AddWithValue("$region", inspection.StoreRegion);
            insert.Parameters.AddWithValue("$store", inspection.StoreName);
            insert.Parameters.AddWithValue("$dealer", (object?)inspection.DealerId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$regions", JsonSerializer.Serialize(inspection.DealerRegions));
            insert.Parameters.AddWithValue("$shipment", (object?)inspection.ShipmentId?.ToString("D") ?? DBNull.Value);
            insert.Parameters.AddWithValue("$diversion", inspection.Diversion ? 1 : 0);
            insert.Parameters.AddWithValue("$alert", (object?)inspection.AlertId?.ToString("D") ?? DBNull.Value);
            insert.Parameters.AddWithValue("$type", (object?)inspection.Photo?.ContentType ?? DBNull.Value);
            insert.Parameters.AddWithValue("$length", (object?)inspection.Photo?.Length ?? DBNull.Value);
            insert.Parameters.AddWithValue("$sha", (object?)inspection.Photo?.Sha256 ?? DBNull.Value);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Inspection id {inspection.InspectionId} exists already.");
            }
        }

        if (photo is not null)
        {
            await using var insertPhoto = Command(connection, tx, "INSERT INTO inspection_photos (inspection_id, content_type, bytes) VALUES ($id, $type, $bytes);");
            insertPhoto.Parameters.AddWithValue("$id", id);
            insertPhoto.Parameters.AddWithValue("$type", inspection.Photo!.ContentType);
            insertPhoto.Parameters.Add("$bytes", SqliteType.Blob).Value = photo;
            await insertPhoto.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> SetInspectionAlertAsync(Guid inspectionId, Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var update = Command(connection, write.Transaction, "UPDATE inspections SET alert_id = $alert WHERE inspection_id = $id;");
        update.Parameters.AddWithValue("$alert", alertId.ToString("D"));
        update.Parameters.AddWithValue("$id", inspectionId.ToString("D"));
        var updated = await update.ExecuteNonQueryAsync(cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    public async Task<InspectionRecord?> GetInspectionAsync(Guid inspectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {InspectionRows.Columns} FROM inspections WHERE inspection_id = $id;");
        select.Parameters.AddWithValue("$id", inspectionId.ToString("D"));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? InspectionRows.Read(reader) : null;
    }

    public async Task<InspectionPhoto?> GetInspectionPhotoAsync(Guid inspectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT content_type, bytes FROM inspection_photos WHERE inspection_id = $id;");
        select.Parameters.AddWithValue("$id", inspectionId.ToString("D"));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? InspectionRows.Photo(reader) : null;
    }

    public async Task<InspectionPage> ListInspectionsAsync(InspectionQuery query, CancellationToken cancellationToken = default)
    {
        InspectionArguments.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {InspectionRows.Columns} FROM inspections
            WHERE ($dealer IS NULL OR dealer_id = $dealer) AND ($from IS NULL OR inspected_at >= $from) AND ($to IS NULL OR inspected_at < $to)
              AND ($afterAt IS NULL OR (inspected_at, inspection_id) < ($afterAt, $afterId))
            ORDER BY inspected_at DESC, inspection_id DESC
            LIMIT $limit;
            """);
        select.Parameters.AddWithValue("$dealer", (object?)query.DealerId ?? DBNull.Value);
        select.Parameters.AddWithValue("$from", query.From is { } from ? EventBatch.ToSqliteText(from) : DBNull.Value);
        select.Parameters.AddWithValue("$to", query.To is { } to ? EventBatch.ToSqliteText(to) : DBNull.Value);
        select.Parameters.AddWithValue("$afterAt", query.After is { } after ? EventBatch.ToSqliteText(after.InspectedAt) : DBNull.Value);
        select.Parameters.AddWithValue("$afterId", (object?)query.After?.InspectionId.ToString("D") ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.Limit + 1);
        return InspectionArguments.Page(await select.ReadAllAsync(InspectionRows.Read, cancellationToken), query.Limit);
    }

    public async Task<IReadOnlyList<DealerInspectionCount>> CountInspectionsByDealerAsync(
        DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT dealer_id, COUNT(*) AS n, SUM(diversion) AS d, MAX(inspected_at) FROM inspections
            WHERE dealer_id IS NOT NULL AND ($from IS NULL OR inspected_at >= $from) AND ($to IS NULL OR inspected_at < $to)
            GROUP BY dealer_id
            ORDER BY d DESC, n DESC, dealer_id;
            """);
        select.Parameters.AddWithValue("$from", since is { } f ? EventBatch.ToSqliteText(f) : DBNull.Value);
        select.Parameters.AddWithValue("$to", until is { } t ? EventBatch.ToSqliteText(t) : DBNull.Value);
        return await select.ReadAllAsync(InspectionRows.DealerCount, cancellationToken);
    }
}
