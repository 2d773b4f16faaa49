namespace Traceability.CentralApi.Storage;

/// <summary>
/// The channel statements both databases share (named @parameters). A step works on a staging table of the units it
/// names, <c>channel_batch (gtin, serial)</c>, filled from the request and by exploding its containers, so checking and
/// applying a pallet of thousands of units is a handful of set-based statements, not a round trip per unit.
/// </summary>
internal static class ChannelQueries
{
    /// <summary>Units may enter the channel from the brand only as commissioned (or released) units.</summary>
    private const string ShippableStates = "7, 11";

    /// <summary>Columns of a dealer row, in the order the readers expect.</summary>
    public const string DealerColumns = "d.dealer_id, d.name, d.parent_id, d.level, d.regions, d.created_at";

    public const string Dealer = $"SELECT {DealerColumns} FROM dealers d WHERE d.dealer_id = @id;";

    public const string ParentPath = "SELECT path FROM dealers WHERE dealer_id = @id;";

    public const string BatchCount = "SELECT COUNT(*) FROM channel_batch;";

    public const string UnknownUnits = """
        SELECT b.gtin, b.serial FROM channel_batch b
        WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.gtin = b.gtin AND u.serial = b.serial)
        ORDER BY b.gtin, b.serial LIMIT @limit;
        """;

    public const string State = $"""
        SELECT c.status, c.from_dealer, c.shipment_id, c.shipped_at, c.received_at, c.sold_at, {DealerColumns}
        FROM channel_units c JOIN dealers d ON d.dealer_id = c.dealer_id
        WHERE c.gtin = @gtin AND c.serial = @serial;
        """;

    public const string History = """
        SELECT step, occurred_at, from_dealer, to_dealer, shipment_id, event_key FROM channel_history
        WHERE gtin = @gtin AND serial = @serial ORDER BY occurred_at, step, event_key;
        """;

    public const string ShippedWithin = """
        SELECT COUNT(*) FROM channel_history h
        JOIN dealers d ON d.dealer_id = h.to_dealer
        JOIN dealers me ON me.dealer_id = @dealer
        WHERE h.gtin = @gtin AND h.serial = @serial AND substr(d.path, 1, length(me.path)) = me.path;
        """;

    /// <summary>Units of the batch that are not where <paramref name="kind"/> needs them, at most @limit.</summary>
    public static string NotAvailable(ChannelStepKind kind, bool fromBrand) => $"""
        SELECT b.gtin, b.serial FROM channel_batch b
        JOIN units u ON u.gtin = b.gtin AND u.serial = b.serial
        LEFT JOIN channel_units c ON c.gtin = b.gtin AND c.serial = b.serial
        WHERE {Unavailable(kind, fromBrand)}
        ORDER BY b.gtin, b.serial LIMIT @limit;
        """;

    /// <summary>Moves the batch's rows (all of them available, checked before) to where the step leaves them.</summary>
    public static string Apply(ChannelStepKind kind, bool fromBrand, string shipmentParameter) => (kind, fromBrand) switch
    {
        (ChannelStepKind.Shipping, true) => $"""
            INSERT INTO channel_units (gtin, serial, status, dealer_id, from_dealer, shipment_id, shipped_at)
            SELECT b.gtin, b.serial, 1, @to, NULL, {shipmentParameter}, @at FROM channel_batch b WHERE true ORDER BY b.gtin, b.serial
            ON CONFLICT DO NOTHING;
            """,
        (ChannelStepKind.Shipping, false) => $"""
            UPDATE channel_units AS c SET status = 1, dealer_id = @to, from_dealer = @dealer, shipment_id = {shipmentParameter},
                shipped_at = @at, received_at = NULL, sold_at = NULL
            FROM channel_batch b WHERE c.gtin = b.gtin AND c.serial = b.serial AND c.status = 2 AND c.dealer_id = @dealer;
            """,
        (ChannelStepKind.Receiving, _) => """
            UPDATE channel_units AS c SET status = 2, received_at = @at
            FROM channel_batch b WHERE c.gtin = b.gtin AND c.serial = b.serial AND c.status = 1 AND c.dealer_id = @dealer;
            """,
        _ => """
            UPDATE channel_units AS c SET status = 3, sold_at = @at
            FROM channel_batch b WHERE c.gtin = b.gtin AND c.serial = b.serial AND c.status = 2 AND c.dealer_id = @dealer
              AND c.received_at <= @at;
            """,
    };

    /// <summary>One history row per unit of the batch, after <see cref="Apply"/>.</summary>
    public static string AppendHistory(ChannelStepKind kind, string shipmentParameter) => kind == ChannelStepKind.RetailSelling
        ? $"""
            INSERT INTO channel_history (gtin, serial, event_key, step, occurred_at, from_dealer, to_dealer, shipment_id)
            SELECT c.gtin, c.serial, @key, 3, @at, c.dealer_id, NULL, {shipmentParameter}
            FROM channel_batch b JOIN channel_units c ON c.gtin = b.gtin AND c.serial = b.serial;
            """
        : $"""
            INSERT INTO channel_history (gtin, serial, event_key, step, occurred_at, from_dealer, to_dealer, shipment_id)
            SELECT c.gtin, c.serial, @key, {(int)kind}, @at, c.from_dealer, c.dealer_id, c.shipment_id
            FROM channel_batch b JOIN channel_units c ON c.gtin = b.gtin AND c.serial = b.serial;
            """;

    /// <summary>
    /// Adds to channel_batch every unit inside the containers of <paramref name="roots"/> (a query of one column of SSCCs),
    /// at any depth, with the same "inside" rule as <see cref="HierarchyQueries"/>.
    /// </summary>
    public static string Explode(string roots, string insertVerb, string conflictClause) => $"""
        {insertVerb} channel_batch (gtin, serial)
        WITH RECURSIVE tree(depth, sscc) AS (
            {roots}
            UNION
            SELECT tree.depth + 1, m.id FROM tree
            JOIN containers p ON p.sscc = tree.sscc
            JOIN container_members m ON m.parent_sscc = tree.sscc
            WHERE m.gtin = '' AND tree.depth < {HierarchyQueries.MaxDepth} AND (p.emptied_version IS NULL OR p.emptied_version < m.entered_version))
        SELECT DISTINCT m.gtin, m.id FROM tree
        JOIN containers p ON p.sscc = tree.sscc
        JOIN container_members m ON m.parent_sscc = tree.sscc
        WHERE m.gtin <> '' AND (p.emptied_version IS NULL OR p.emptied_version < m.entered_version)
        {conflictClause};
        """;

    private static string Unavailable(ChannelStepKind kind, bool fromBrand) => (kind, fromBrand) switch
    {
        (ChannelStepKind.Shipping, true) => $"c.gtin IS NOT NULL OR u.state NOT IN ({ShippableStates})",
        (ChannelStepKind.Shipping, false) => "c.gtin IS NULL OR c.status <> 2 OR c.dealer_id <> @dealer",
        (ChannelStepKind.Receiving, _) => "c.gtin IS NULL OR c.status <> 1 OR c.dealer_id <> @dealer",
        _ => "c.gtin IS NULL OR c.status <> 2 OR c.dealer_id <> @dealer OR c.received_at > @at",
    };
}
