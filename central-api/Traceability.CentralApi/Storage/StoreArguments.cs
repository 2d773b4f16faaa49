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

    /// <summary>Reads (first, last) rows of a gap query into sequence ranges.</summary>
    public static async Task<List<SequenceRange>> ReadGapsAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        var gaps = new List<SequenceRange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new SequenceRange(reader.GetInt64(0), reader.GetInt64(1)));
        }

        return gaps;
    }
}
