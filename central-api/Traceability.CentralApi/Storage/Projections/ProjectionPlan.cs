using System.Text.Json;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage.Projections;

/// <summary>A unit or container moves to <paramref name="State"/> as of <paramref name="Version"/>.</summary>
internal sealed record StateFact(ItemKey Item, SerialState State, string Version);

/// <summary>A unit was commissioned (or received a reissued label) with these attributes.</summary>
internal sealed record CommissionFact(ItemKey Unit, DateTimeOffset At, string Version, string? Lot, string? Expiry, string? WorkOrderId);

/// <summary>A child was put into <paramref name="Parent"/> (or, with null, taken out of whatever held it).</summary>
internal sealed record ParentFact(ItemKey Child, string? Parent, string Version);

/// <summary>A container was packed (it was the parent of an aggregation) by the batch's line.</summary>
internal sealed record PackedFact(string Sscc, DateTimeOffset At, string Version);

/// <summary>A container was emptied: everything put into it before <paramref name="Version"/> is out.</summary>
internal sealed record EmptiedFact(string Sscc, string Version);

/// <summary>A label was reissued: <paramref name="New"/> takes <paramref name="Old"/>'s place as of <paramref name="Version"/>.</summary>
internal sealed record ReissueFact(ItemKey Old, ItemKey New, string Version);

/// <summary>What one batch of stored line events asks of the projections, read from the events' payloads (pure).</summary>
internal sealed class ProjectionPlan
{
    public List<StateFact> States { get; } = [];

    public List<CommissionFact> Commissions { get; } = [];

    /// <summary>Commissioned events: each is a state fact (Commissioned) and a commission fact for its unit.</summary>
    public List<CommissionFact> Commissionings { get; } = [];

    public List<ParentFact> Parents { get; } = [];

    public List<PackedFact> Packs { get; } = [];

    public List<EmptiedFact> Empties { get; } = [];

    public List<ReissueFact> Reissues { get; } = [];

    public bool IsEmpty =>
        States.Count == 0 && Commissions.Count == 0 && Commissionings.Count == 0 && Parents.Count == 0 && Packs.Count == 0 && Empties.Count == 0 && Reissues.Count == 0;

    /// <summary>Every unit and container the plan touches.</summary>
    public HashSet<ItemKey> Keys()
    {
        var keys = new HashSet<ItemKey>();
        keys.UnionWith(States.Select(s => s.Item));
        keys.UnionWith(Commissions.Select(c => c.Unit));
        keys.UnionWith(Commissionings.Select(c => c.Unit));
        foreach (var p in Parents)
        {
            keys.Add(p.Child);
            if (p.Parent is not null)
            {
                keys.Add(ItemKey.Container(p.Parent));
            }
        }

        keys.UnionWith(Packs.Select(p => ItemKey.Container(p.Sscc)));
        keys.UnionWith(Empties.Select(e => ItemKey.Container(e.Sscc)));
        foreach (var r in Reissues)
        {
            keys.Add(r.Old);
            keys.Add(r.New);
        }

        return keys;
    }

    /// <summary>Reads the events (protobuf JSON bodies, see LineSyncService) into facts. Unknown types are ignored.</summary>
    public static ProjectionPlan From(string lineId, IEnumerable<LineEvent> events)
    {
        var plan = new ProjectionPlan();
        foreach (var e in events)
        {
            plan.Add(lineId, e);
        }

        return plan;
    }

    /// <summary>The state a decommissioning reason leads to (core lifecycle): sampled, destroyed, else inactive (reversible).</summary>
    public static SerialState DecommissionedState(string? reason) => reason?.Trim().ToUpperInvariant() switch
    {
        "SAMPLED" or "SAMPLE" => SerialState.Sampled,
        "DESTROYED" or "DESTROY" => SerialState.Destroyed,
        _ => SerialState.Inactive,
    };

    private static readonly HashSet<string> Projected =
    [
        LineEventTypes.Commissioned, LineEventTypes.Rejected, LineEventTypes.Decommissioned,
        LineEventTypes.LabelReprinted, LineEventTypes.Aggregated, LineEventTypes.Disaggregated,
    ];

    private void Add(string lineId, LineEvent e)
    {
        if (!Projected.Contains(e.Type))
        {
            return;
        }

        var version = EventVersion.Of(e, lineId);
        using var document = JsonDocument.Parse(e.Payload);
        var body = document.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var workOrder = Text(body, "workOrderId");
        switch (e.Type)
        {
            case LineEventTypes.Commissioned when e.Gtin is not null:
                Commissionings.Add(new CommissionFact(ItemKey.Unit(e.Gtin, e.Serial!), e.OccurredAt, version, Text(body, "lot"), Text(body, "expiry"), workOrder));
                break;
            case LineEventTypes.Rejected when e.Gtin is not null:
                States.Add(new StateFact(ItemKey.Unit(e.Gtin, e.Serial!), SerialState.LabelScrapped, version));
                break;
            case LineEventTypes.Decommissioned:
                if (Item(body, "item") is { } decommissioned)
                {
                    States.Add(new StateFact(decommissioned, DecommissionedState(Text(body, "reason")), version));
                }

                break;
            case LineEventTypes.LabelReprinted:
                if (body.TryGetProperty("reissued", out var reissued) && reissued.ValueKind == JsonValueKind.True
                    && Item(body, "item") is { } old && Item(body, "newItem") is { } @new && old != @new && old.IsContainer == @new.IsContainer)
                {
                    // The old label is decommissioned (inactive, per the core lifecycle: the serial leaves its unit);
                    // the new one is commissioned onto the same unit and takes the old one's place.
                    States.Add(new StateFact(old, SerialState.Inactive, version));
                    States.Add(new StateFact(@new, SerialState.Commissioned, version));
                    if (!@new.IsContainer)
                    {
                        Commissions.Add(new CommissionFact(@new, e.OccurredAt, version, null, null, workOrder));
                    }

                    Reissues.Add(new ReissueFact(old, @new, version));
                }

                break;
            case LineEventTypes.Aggregated:
                if (Sscc(body, "parentSscc") is { } parent)
                {
                    Packs.Add(new PackedFact(parent, e.OccurredAt, version));
                    States.Add(new StateFact(ItemKey.Container(parent), SerialState.Commissioned, version));
                    foreach (var child in Children(body).Where(c => c != ItemKey.Container(parent)))
                    {
                        Parents.Add(new ParentFact(child, parent, version));
                    }
                }

                break;
            case LineEventTypes.Disaggregated:
                if (Sscc(body, "parentSscc") is { } emptied)
                {
                    var children = Children(body).ToList();
                    if (children.Count == 0)
                    {
                        Empties.Add(new EmptiedFact(emptied, version));
                    }

                    Parents.AddRange(children.Select(c => new ParentFact(c, null, version)));
                }

                break;
        }
    }

    private static IEnumerable<ItemKey> Children(JsonElement body)
    {
        if (!body.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var child in children.EnumerateArray())
        {
            if (ItemOf(child) is { } key)
            {
                yield return key;
            }
        }
    }

    private static ItemKey? Item(JsonElement body, string property) =>
        body.TryGetProperty(property, out var item) ? ItemOf(item) : null;

    // {"unit":{"gtin":"…","serial":"…"}} or {"sscc":"…"}; identifiers were checked when the event was received, and a
    // GTIN is kept in its 14-digit form whatever form the line sent.
    private static ItemKey? ItemOf(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (item.TryGetProperty("unit", out var unit) && unit.ValueKind == JsonValueKind.Object)
        {
            return Gtin.TryParse(Text(unit, "gtin"), out var gtin) && Text(unit, "serial") is { } serial
                ? ItemKey.Unit(gtin.Value, serial)
                : null;
        }

        return Sscc(item, "sscc") is { } sscc ? ItemKey.Container(sscc) : null;
    }

    private static string? Sscc(JsonElement element, string property) =>
        Core.Gs1.Sscc.TryParse(Text(element, property), out var sscc) ? sscc.Value : null;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
