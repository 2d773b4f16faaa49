using System.Globalization;
using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Repairs;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore : IRepairLog, IWarrantyCorrections
{
    public async Task AddRepairAsync(RepairRecord repair, CancellationToken cancellationToken = default)
    {
        ServiceRecordArguments.Check(repair);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var insert = Command(connection, write.Transaction, """
            INSERT INTO repairs (gtin, serial, repair_id, fault, parts, technician, service_centre, received_at, completed_at, recorded_at, recorded_by)
            VALUES ($gtin, $serial, $id, $fault, $parts, $technician, $centre, $received, $completed, $recorded, $by);
            """);
        insert.Parameters.AddWithValue("$gtin", repair.Gtin);
        insert.Parameters.AddWithValue("$serial", repair.Serial);
        insert.Parameters.AddWithValue("$id", repair.RepairId.ToString("D"));
        insert.Parameters.AddWithValue("$fault", repair.Fault);
        insert.Parameters.AddWithValue("$parts", ServiceRecordArguments.PartsToJson(repair.Parts));
        insert.Parameters.AddWithValue("$technician", repair.Technician);
        insert.Parameters.AddWithValue("$centre", repair.ServiceCentre);
        insert.Parameters.AddWithValue("$received", EventBatch.ToSqliteText(repair.ReceivedAt));
        insert.Parameters.AddWithValue("$completed", repair.CompletedAt is { } completed ? EventBatch.ToSqliteText(completed) : DBNull.Value);
        insert.Parameters.AddWithValue("$recorded", EventBatch.ToSqliteText(repair.RecordedAt));
        insert.Parameters.AddWithValue("$by", repair.RecordedBy);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RepairRecord>> ListRepairsAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT repair_id, fault, parts, technician, service_centre, received_at, completed_at, recorded_at, recorded_by
            FROM repairs WHERE gtin = $gtin AND serial = $serial
            ORDER BY received_at, recorded_at, repair_id;
            """);
        select.Parameters.AddWithValue("$gtin", gtin);
        select.Parameters.AddWithValue("$serial", serial);
        return await select.ReadAllAsync(reader => ServiceRecordRows.Repair(reader, gtin, serial), cancellationToken);
    }

    public async Task AddWarrantyCorrectionAsync(WarrantyCorrection correction, CancellationToken cancellationToken = default)
    {
        ServiceRecordArguments.Check(correction);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var insert = Command(connection, write.Transaction, """
            INSERT INTO warranty_corrections (gtin, serial, correction_id, invoice_date, reason, corrected_by, corrected_at, previous_start, previous_rule)
            VALUES ($gtin, $serial, $id, $invoice, $reason, $by, $at, $previousStart, $previousRule);
            """);
        insert.Parameters.AddWithValue("$gtin", correction.Gtin);
        insert.Parameters.AddWithValue("$serial", correction.Serial);
        insert.Parameters.AddWithValue("$id", correction.CorrectionId.ToString("D"));
        insert.Parameters.AddWithValue("$invoice", correction.InvoiceDate.ToString(DateFormat, CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$reason", correction.Reason);
        insert.Parameters.AddWithValue("$by", correction.CorrectedBy);
        insert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(correction.CorrectedAt));
        insert.Parameters.AddWithValue("$previousStart", (object?)correction.PreviousStart?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? DBNull.Value);
        insert.Parameters.AddWithValue("$previousRule", (object?)correction.PreviousRule?.ToString() ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WarrantyCorrection>> ListWarrantyCorrectionsAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT correction_id, invoice_date, reason, corrected_by, corrected_at, previous_start, previous_rule
            FROM warranty_corrections WHERE gtin = $gtin AND serial = $serial
            ORDER BY corrected_at, correction_id;
            """);
        select.Parameters.AddWithValue("$gtin", gtin);
        select.Parameters.AddWithValue("$serial", serial);
        return await select.ReadAllAsync(reader => ServiceRecordRows.Correction(reader, gtin, serial), cancellationToken);
    }
}
