namespace Traceability.CentralApi.Storage;

/// <summary>Keyset paging of the newest-first listings (alerts, inspections): each store reads one row more than a page.</summary>
internal static class NewestFirstPaging
{
    /// <summary>
    /// Drops the extra row of up to <paramref name="limit"/> + 1 rows read (it only says that there is a next page) and
    /// returns where the next page starts: the position of the last row kept, or null when this page is the last.
    /// </summary>
    public static TPosition? Trim<TRow, TPosition>(List<TRow> rows, int limit, Func<TRow, TPosition> position)
        where TPosition : class
    {
        if (rows.Count <= limit)
        {
            return null;
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return position(rows[^1]);
    }
}
