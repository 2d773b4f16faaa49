namespace Traceability.CentralApi.Storage;

/// <summary>
/// The hierarchy queries, one text for both databases (named @parameters, standard recursive CTEs). An item is inside
/// its parent only if it entered after the parent was last emptied (see <c>Projections.HierarchyProjector</c>); the
/// recursion stops at <see cref="MaxDepth"/> levels so bad data with a cycle cannot loop.
/// </summary>
internal static class HierarchyQueries
{
    public const int MaxDepth = 16;

    // Row alias entered parent p after p was last emptied (or p was never emptied).
    private static string Inside(string alias) =>
        $"(p.emptied_version IS NULL OR p.emptied_version < COALESCE({alias}.entered_version, {alias}.parent_version))";

    public const string ContainerColumns = "c.sscc, c.line_id, c.packed_at, c.state, c.replaced_by, c.replaces";

    /// <summary>The unit's row.</summary>
    public const string Unit = """
        SELECT line_id, state, allocated_at, commissioned_at, lot, expiry, work_order_id,
               replaced_by_gtin, replaced_by_serial, replaces_gtin, replaces_serial
        FROM units WHERE gtin = @gtin AND serial = @serial;
        """;

    /// <summary>The containers above the unit @gtin/@serial, innermost first.</summary>
    public static readonly string UnitChain = Chain(
        "SELECT 1, u.parent_sscc FROM units u JOIN containers p ON p.sscc = u.parent_sscc WHERE u.gtin = @gtin AND u.serial = @serial AND " + Inside("u"));

    /// <summary>The container @sscc.</summary>
    public const string Container = $"SELECT {ContainerColumns} FROM containers c WHERE c.sscc = @sscc;";

    /// <summary>The containers above the container @sscc, innermost first.</summary>
    public static readonly string ContainerChain = Chain(
        "SELECT 1, s.parent_sscc FROM containers s JOIN containers p ON p.sscc = s.parent_sscc WHERE s.sscc = @sscc AND " + Inside("s"));

    /// <summary>The direct members of @sscc: gtin ('' for a container), id.</summary>
    public const string Children = """
        SELECT m.gtin, m.id FROM container_members m JOIN containers p ON p.sscc = m.parent_sscc
        WHERE m.parent_sscc = @sscc AND (p.emptied_version IS NULL OR p.emptied_version < m.entered_version)
        ORDER BY m.gtin, m.id;
        """;

    /// <summary>How many units are inside @sscc at any depth.</summary>
    public static readonly string UnitCount = $"SELECT COUNT(*) FROM ({AllUnits}) AS units_inside;";

    /// <summary>The units inside @sscc at any depth, ascending, at most @limit.</summary>
    public static readonly string UnitList = $"{AllUnits} ORDER BY gtin, id LIMIT @limit;";

    private static string AllUnits => $"""
        WITH RECURSIVE tree(depth, sscc) AS (
            SELECT 0, CAST(@sscc AS TEXT)
            UNION
            SELECT tree.depth + 1, m.id FROM tree
            JOIN containers p ON p.sscc = tree.sscc
            JOIN container_members m ON m.parent_sscc = tree.sscc
            WHERE m.gtin = '' AND tree.depth < {MaxDepth} AND (p.emptied_version IS NULL OR p.emptied_version < m.entered_version))
        SELECT DISTINCT m.gtin, m.id FROM tree
        JOIN containers p ON p.sscc = tree.sscc
        JOIN container_members m ON m.parent_sscc = tree.sscc
        WHERE m.gtin <> '' AND (p.emptied_version IS NULL OR p.emptied_version < m.entered_version)
        """;

    private static string Chain(string anchor) => $"""
        WITH RECURSIVE chain(depth, sscc) AS (
            {anchor}
            UNION ALL
            SELECT chain.depth + 1, s.parent_sscc FROM chain
            JOIN containers s ON s.sscc = chain.sscc
            JOIN containers p ON p.sscc = s.parent_sscc
            WHERE chain.depth < {MaxDepth} AND {Inside("s")})
        SELECT {ContainerColumns} FROM chain JOIN containers c ON c.sscc = chain.sscc ORDER BY chain.depth;
        """;
}
