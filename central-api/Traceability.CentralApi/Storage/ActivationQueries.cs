namespace Traceability.CentralApi.Storage;

/// <summary>
/// The activation statements both databases share (named @parameters). The request path is two statements: the
/// subject (primary-key lookups of the unit, its case and pallet, its channel row and dealer) and the write; on
/// PostgreSQL each runs for a batch of requests at once.
/// </summary>
internal static class ActivationQueries
{
    /// <summary>Columns of an activation row, in the order the readers expect.</summary>
    public const string Columns = "gtin, serial, activation_id, account_id, ip, region, activated_at, received_at, flags, diversion, dealer_id";

    /// <summary>Values for <see cref="Columns"/>.</summary>
    public const string Values = "@gtin, @serial, @id, @account, @ip, @region, @activated, @received, @flags, @diversion, @dealer";

    // The unit's case is its parent container if it entered after that container was last emptied (the hierarchy's
    // rule, HierarchyQueries); the pallet likewise above the case. SQLite's planner joins on primary keys.
    public const string Subject = $"""
        SELECT u.state, u.lot, u.retired_at, cs.sscc, ps.sscc, c.shipment_id, c.shipped_at, {ChannelQueries.DealerColumns}
        FROM units u
        LEFT JOIN containers cs ON cs.sscc = u.parent_sscc
            AND (cs.emptied_version IS NULL OR cs.emptied_version < COALESCE(u.entered_version, u.parent_version))
        LEFT JOIN containers ps ON ps.sscc = cs.parent_sscc
            AND (ps.emptied_version IS NULL OR ps.emptied_version < COALESCE(cs.entered_version, cs.parent_version))
        LEFT JOIN channel_units c ON c.gtin = @gtin AND c.serial = @serial
        LEFT JOIN dealers d ON d.dealer_id = c.dealer_id
        WHERE u.gtin = @gtin AND u.serial = @serial;
        """;

    /// <summary>
    /// <see cref="Subject"/> for PostgreSQL, for a batch of units at once (<c>@gtins</c>, <c>@serials</c>: arrays; the
    /// first column is the unit's 1-based place in them; unknown units have no row): each link a LATERAL primary-key
    /// lookup, so the plan (generic, planned once, perhaps on empty tables) is index scans joined by nested loops and can
    /// never turn into a hash join over a whole table, and the partitions are pruned per unit when it runs.
    /// </summary>
    public const string SubjectsPostgres = $"""
        SELECT t.n, u.state, u.lot, u.retired_at, cs.sscc, ps.sscc, c.shipment_id, c.shipped_at, {ChannelQueries.DealerColumns}
        FROM unnest(@gtins::text[], @serials::text[]) WITH ORDINALITY AS t(gtin, serial, n)
        CROSS JOIN LATERAL (
            SELECT x.state, x.lot, x.retired_at, x.parent_sscc, x.entered_version, x.parent_version FROM units x
            WHERE x.gtin = t.gtin AND x.serial = t.serial
            LIMIT 1) u
        LEFT JOIN LATERAL (
            SELECT s.sscc, s.parent_sscc, s.entered_version, s.parent_version FROM containers s
            WHERE s.sscc = u.parent_sscc
              AND (s.emptied_version IS NULL OR s.emptied_version < COALESCE(u.entered_version, u.parent_version))
            LIMIT 1) cs ON true
        LEFT JOIN LATERAL (
            SELECT p.sscc FROM containers p
            WHERE p.sscc = cs.parent_sscc
              AND (p.emptied_version IS NULL OR p.emptied_version < COALESCE(cs.entered_version, cs.parent_version))
            LIMIT 1) ps ON true
        LEFT JOIN LATERAL (
            SELECT c.dealer_id, c.shipment_id, c.shipped_at FROM channel_units c WHERE c.gtin = t.gtin AND c.serial = t.serial LIMIT 1) c ON true
        LEFT JOIN LATERAL (
            SELECT d.dealer_id, d.name, d.parent_id, d.level, d.regions, d.created_at FROM dealers d WHERE d.dealer_id = c.dealer_id LIMIT 1) d ON true;
        """;

    /// <summary>
    /// A batch of activations on PostgreSQL in one statement (arrays, one element per activation, <c>@candidate</c> true
    /// for the first of each unit in the batch): the candidates' first-activation insert, in key order (so two
    /// processes' batches lock the same units in the same order and cannot deadlock), waits on a concurrent insert of
    /// the same unit and, when that commits, inserts nothing; every activation not inserted as a first goes to history.
    /// Returns the units whose candidate was inserted as their first.
    /// </summary>
    public const string RecordPostgres = $"""
        WITH input AS (
            SELECT * FROM unnest(@gtins::text[], @serials::text[], @ids::uuid[], @accounts::text[], @ips::text[], @regions::text[],
                                 @activated::timestamptz[], @received::timestamptz[], @flags::smallint[], @diversions::boolean[],
                                 @dealers::text[], @candidates::boolean[])
                AS t(gtin, serial, activation_id, account_id, ip, region, activated_at, received_at, flags, diversion, dealer_id, candidate)
        ), first AS (
            INSERT INTO activations ({Columns})
            SELECT {Columns} FROM input WHERE candidate ORDER BY gtin, serial
            ON CONFLICT (gtin, serial) DO NOTHING
            RETURNING gtin, serial
        ), later AS (
            INSERT INTO activation_history ({Columns})
            SELECT {Columns} FROM input i
            WHERE NOT (i.candidate AND EXISTS (SELECT 1 FROM first f WHERE f.gtin = i.gtin AND f.serial = i.serial))
            RETURNING 1
        )
        SELECT gtin, serial FROM first;
        """;

    public const string First = $"SELECT {Columns} FROM activations WHERE gtin = @gtin AND serial = @serial;";

    public const string All = $"""
        SELECT 0 AS k, {Columns} FROM activations WHERE gtin = @gtin AND serial = @serial
        UNION ALL
        SELECT 1 AS k, {Columns} FROM activation_history WHERE gtin = @gtin AND serial = @serial
        ORDER BY k, received_at, activation_id;
        """;

    /// <summary>First activations that were diversions held against a dealer, newest received first.</summary>
    public const string DivertedByDealer = $"""
        SELECT {Columns} FROM activations
        WHERE dealer_id = @dealer AND diversion
        ORDER BY received_at DESC, activation_id DESC
        LIMIT @limit;
        """;

    public const string Retire = "UPDATE units SET retired_at = COALESCE(retired_at, @at) WHERE gtin = @gtin AND serial = @serial;";

    private const string Counts = """
        COUNT(*) AS units, COUNT(a.serial) AS activated, SUM(CASE WHEN a.diversion THEN 1 ELSE 0 END) AS diversions
        """;

    /// <summary>Per batch (GTIN, lot): units commissioned, activated, diverted.</summary>
    public const string ByBatch = $"""
        SELECT COALESCE(u.lot, '') AS lot, u.gtin, {Counts}
        FROM units u LEFT JOIN activations a ON a.gtin = u.gtin AND a.serial = u.serial
        WHERE u.commissioned_at IS NOT NULL
        GROUP BY u.gtin, COALESCE(u.lot, '')
        ORDER BY u.gtin, lot;
        """;

    /// <summary>Per dealer a unit was last shipped to: units shipped, activated, diverted.</summary>
    public const string ByDealer = $"""
        SELECT c.dealer_id, NULL, {Counts}
        FROM channel_units c LEFT JOIN activations a ON a.gtin = c.gtin AND a.serial = c.serial
        GROUP BY c.dealer_id
        ORDER BY c.dealer_id;
        """;

    /// <summary>
    /// Per region of the dealer a unit was last shipped to (a unit counts in each of its dealer's regions):
    /// <paramref name="regions"/> joins a dealer's regions as rows of <c>r</c>, <paramref name="region"/> names the code.
    /// </summary>
    public static string ByRegion(string regions, string region) => $"""
        SELECT {region} AS region, NULL, {Counts}
        FROM channel_units c
        JOIN dealers d ON d.dealer_id = c.dealer_id
        {regions}
        LEFT JOIN activations a ON a.gtin = c.gtin AND a.serial = c.serial
        GROUP BY {region}
        ORDER BY 1;
        """;
}
