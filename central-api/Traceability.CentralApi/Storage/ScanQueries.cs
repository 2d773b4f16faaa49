namespace Traceability.CentralApi.Storage;

/// <summary>
/// A batch of consumer scans' subject reads on PostgreSQL (arrays <c>@gtins</c>, <c>@serials</c>; the first column is
/// the unit's 1-based place in them; unknown units have no rows), two statements in one batch (one snapshot). As in
/// <see cref="ActivationQueries.SubjectsPostgres"/>, every link is a LATERAL primary-key lookup that names the unit by
/// the array element (<c>t.gtin</c>, <c>t.serial</c>), never by another table's columns: the generic plan is index
/// scans joined by nested loops, and each partitioned table is pruned to the unit's partition per lookup.
/// </summary>
internal static class ScanQueries
{
    private const string Units = "unnest(@gtins::text[], @serials::text[]) WITH ORDINALITY AS t(gtin, serial, n)";

    /// <summary>
    /// One row per known unit: its place (0), the unit (1–11), its channel state and dealer (12–23, null when never shipped), its scan
    /// counter (24–28), the invoice date of its last correction (29), the brand's first shipment and the last retail
    /// sale from its channel history (30, 31: the rule of <see cref="Warranty.WarrantyReads.ChannelDates"/>, in the
    /// history's order), its first activation (32–42).
    /// </summary>
    public static readonly string SubjectsPostgres = $"""
        SELECT t.n, u.line_id, u.state, u.allocated_at, u.commissioned_at, u.lot, u.expiry, u.work_order_id,
               u.replaced_by_gtin, u.replaced_by_serial, u.replaces_gtin, u.replaces_serial,
               c.status, c.from_dealer, c.shipment_id, c.shipped_at, c.received_at, c.sold_at, {ChannelQueries.DealerColumns},
               k.total, k.day, k.day_count, k.last_region, k.last_at,
               w.invoice_date, hs.occurred_at, hr.occurred_at,
               {Prefixed("a", ActivationQueries.Columns)}
        FROM {Units}
        CROSS JOIN LATERAL (
            SELECT x.line_id, x.state, x.allocated_at, x.commissioned_at, x.lot, x.expiry, x.work_order_id,
                   x.replaced_by_gtin, x.replaced_by_serial, x.replaces_gtin, x.replaces_serial FROM units x
            WHERE x.gtin = t.gtin AND x.serial = t.serial LIMIT 1) u
        LEFT JOIN LATERAL (
            SELECT c.status, c.dealer_id, c.from_dealer, c.shipment_id, c.shipped_at, c.received_at, c.sold_at FROM channel_units c
            WHERE c.gtin = t.gtin AND c.serial = t.serial LIMIT 1) c ON true
        LEFT JOIN LATERAL (
            SELECT d.dealer_id, d.name, d.parent_id, d.level, d.regions, d.created_at FROM dealers d WHERE d.dealer_id = c.dealer_id LIMIT 1) d ON true
        LEFT JOIN LATERAL (
            SELECT k.total, k.day, k.day_count, k.last_region, k.last_at FROM consumer_scan_counters k
            WHERE k.gtin = t.gtin AND k.serial = t.serial LIMIT 1) k ON true
        LEFT JOIN LATERAL (
            SELECT w.invoice_date FROM warranty_corrections w WHERE w.gtin = t.gtin AND w.serial = t.serial
            ORDER BY w.corrected_at DESC, w.correction_id DESC LIMIT 1) w ON true
        LEFT JOIN LATERAL (
            SELECT h.occurred_at FROM channel_history h
            WHERE h.gtin = t.gtin AND h.serial = t.serial AND h.step = {(int)ChannelStepKind.Shipping} AND h.from_dealer IS NULL
            ORDER BY h.occurred_at, h.step, h.event_key LIMIT 1) hs ON true
        LEFT JOIN LATERAL (
            SELECT h.occurred_at FROM channel_history h
            WHERE h.gtin = t.gtin AND h.serial = t.serial AND h.step = {(int)ChannelStepKind.RetailSelling}
            ORDER BY h.occurred_at DESC, h.step DESC, h.event_key DESC LIMIT 1) hr ON true
        LEFT JOIN LATERAL (
            SELECT {ActivationQueries.Columns} FROM activations a WHERE a.gtin = t.gtin AND a.serial = t.serial LIMIT 1) a ON true;
        """;

    /// <summary>
    /// The containers above each known unit, innermost first (<see cref="HierarchyQueries.UnitChain"/>'s rule: an item is
    /// inside its parent only if it entered after the parent was last emptied; at most <see cref="HierarchyQueries.MaxDepth"/> levels).
    /// </summary>
    public static readonly string ChainsPostgres = $"""
        WITH RECURSIVE chain(n, depth, sscc) AS (
            SELECT t.n, 1, u.parent_sscc FROM {Units}
            CROSS JOIN LATERAL (
                SELECT x.parent_sscc, x.entered_version, x.parent_version FROM units x
                WHERE x.gtin = t.gtin AND x.serial = t.serial LIMIT 1) u
            CROSS JOIN LATERAL (
                SELECT 1 FROM containers p WHERE p.sscc = u.parent_sscc
                  AND (p.emptied_version IS NULL OR p.emptied_version < COALESCE(u.entered_version, u.parent_version)) LIMIT 1) p
            UNION ALL
            SELECT chain.n, chain.depth + 1, s.parent_sscc FROM chain
            CROSS JOIN LATERAL (
                SELECT s.parent_sscc, s.entered_version, s.parent_version FROM containers s WHERE s.sscc = chain.sscc LIMIT 1) s
            CROSS JOIN LATERAL (
                SELECT 1 FROM containers p WHERE p.sscc = s.parent_sscc
                  AND (p.emptied_version IS NULL OR p.emptied_version < COALESCE(s.entered_version, s.parent_version)) LIMIT 1) p
            WHERE chain.depth < {HierarchyQueries.MaxDepth})
        SELECT chain.n, {HierarchyQueries.ContainerColumns} FROM chain
        CROSS JOIN LATERAL (SELECT * FROM containers c WHERE c.sscc = chain.sscc LIMIT 1) c
        ORDER BY chain.n, chain.depth;
        """;

    /// <summary>
    /// <see cref="SubjectsPostgres"/> for one unit (<c>@gtin</c>, <c>@serial</c>): named by parameters, each partitioned
    /// table is pruned to the unit's partition when the generic plan starts, not per lookup with all 16 partitions and
    /// their indexes opened first. A batch of one is the common case at low rates, where this costs half as much
    /// (pgbench, generic plans, 10 M units: 0.12 against 0.27 ms; a unit more in the array form adds ~0.015 ms).
    /// </summary>
    public static readonly string SubjectPostgres = One(SubjectsPostgres);

    /// <summary><see cref="ChainsPostgres"/> for one unit (<c>@gtin</c>, <c>@serial</c>).</summary>
    public static readonly string ChainPostgres = One(ChainsPostgres);

    /// <summary>
    /// The subject of one unit on SQLite (<c>@gtin</c>, <c>@serial</c>; no row for an unknown unit), the columns of
    /// <see cref="SubjectsPostgres"/> without the place: the unit (0–10), its channel state and dealer (11–22), its scan
    /// counter (23–27), the last correction's invoice date (28), the channel's dates (29, 30), its first activation
    /// (31–41). Every join and subquery is a primary-key lookup or a range of the unit's key.
    /// </summary>
    public static readonly string SubjectSqlite = $"""
        SELECT u.line_id, u.state, u.allocated_at, u.commissioned_at, u.lot, u.expiry, u.work_order_id,
               u.replaced_by_gtin, u.replaced_by_serial, u.replaces_gtin, u.replaces_serial,
               c.status, c.from_dealer, c.shipment_id, c.shipped_at, c.received_at, c.sold_at, {ChannelQueries.DealerColumns},
               k.total, k.day, k.day_count, k.last_region, k.last_at,
               (SELECT w.invoice_date FROM warranty_corrections w WHERE w.gtin = @gtin AND w.serial = @serial
                ORDER BY w.corrected_at DESC, w.correction_id DESC LIMIT 1),
               (SELECT h.occurred_at FROM channel_history h
                WHERE h.gtin = @gtin AND h.serial = @serial AND h.step = {(int)ChannelStepKind.Shipping} AND h.from_dealer IS NULL
                ORDER BY h.occurred_at, h.step, h.event_key LIMIT 1),
               (SELECT h.occurred_at FROM channel_history h
                WHERE h.gtin = @gtin AND h.serial = @serial AND h.step = {(int)ChannelStepKind.RetailSelling}
                ORDER BY h.occurred_at DESC, h.step DESC, h.event_key DESC LIMIT 1),
               {Prefixed("a", ActivationQueries.Columns)}
        FROM units u
        LEFT JOIN channel_units c ON c.gtin = @gtin AND c.serial = @serial
        LEFT JOIN dealers d ON d.dealer_id = c.dealer_id
        LEFT JOIN consumer_scan_counters k ON k.gtin = @gtin AND k.serial = @serial
        LEFT JOIN activations a ON a.gtin = @gtin AND a.serial = @serial
        WHERE u.gtin = @gtin AND u.serial = @serial;
        """;

    private static string One(string batched) => batched
        .Replace($"FROM {Units}", "FROM (SELECT 1::bigint AS n) AS t", StringComparison.Ordinal)
        .Replace("t.gtin", "@gtin", StringComparison.Ordinal)
        .Replace("t.serial", "@serial", StringComparison.Ordinal);

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{alias}.{c}"));
}
