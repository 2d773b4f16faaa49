namespace Traceability.CentralApi.Storage;

/// <summary>Argument checks and result reading shared by every <see cref="ICentralStore"/> implementation.</summary>
internal static class StoreArguments
{
    /// <summary>The checks of <see cref="ICentralStore.AllocateSerialBlockAsync"/>, the same on every database.</summary>
    public static void CheckAllocation(string gtin, string lineId, IReadOnlyList<string> candidateSerials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(lineId);
        ArgumentNullException.ThrowIfNull(candidateSerials);
        foreach (var serial in candidateSerials)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(serial, nameof(candidateSerials));
        }
    }

    /// <summary>
    /// The gaps in a line's sequences above <paramref name="watermark"/>, oldest first, from <paramref name="table"/>
    /// (the store's table that holds one row per line and sequence received).
    /// </summary>
    public static async Task<List<SequenceRange>> ReadGapsAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string table, string lineId, long watermark, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"""
            SELECT prev + 1, sequence - 1 FROM (
                SELECT sequence, LAG(sequence, 1, @w) OVER (ORDER BY sequence) AS prev
                FROM {table} WHERE line_id = @line AND sequence > @w) AS t
            WHERE sequence > prev + 1 ORDER BY sequence;
            """;
        command.With("line", lineId).With("w", watermark);
        var gaps = new List<SequenceRange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new SequenceRange(reader.GetInt64(0), reader.GetInt64(1)));
        }

        return gaps;
    }
}
