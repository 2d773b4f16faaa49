using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.CentralApi.Storage;

/// <summary>The rules both stores share: validation, duplicates inside one batch, what counts as the same event, gaps.</summary>
internal sealed class EventBatch
{
    private EventBatch(string lineId, IReadOnlyList<LineEvent> events, AppendOutcome?[] outcomes, List<int> distinct, string[] partitionKeys)
    {
        LineId = lineId;
        Events = events;
        Outcomes = outcomes;
        Distinct = distinct;
        PartitionKeys = partitionKeys;
    }

    public string LineId { get; }

    public IReadOnlyList<LineEvent> Events { get; }

    /// <summary>Filled for repeats inside the batch; the stores fill the rest.</summary>
    public AppendOutcome?[] Outcomes { get; }

    /// <summary>Indexes of the first occurrence of each event id.</summary>
    public List<int> Distinct { get; }

    /// <summary>Per event (same order as <see cref="Events"/>), the key that places its row: see <see cref="PartitionKey"/>.</summary>
    public string[] PartitionKeys { get; }

    public static EventBatch Prepare(string lineId, IReadOnlyList<LineEvent> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineId);
        ArgumentNullException.ThrowIfNull(events);
        var outcomes = new AppendOutcome?[events.Count];
        var distinct = new List<int>(events.Count);
        var firstById = new Dictionary<Guid, int>(events.Count);
        var idBySequence = new Dictionary<long, Guid>(events.Count);
        var partitionKeys = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} of the batch is null.", nameof(events));
            if (Problem(e, out partitionKeys[i]) is { } problem)
            {
                throw new ArgumentException($"Event {i} ({e.EventId}) of line '{lineId}': {problem}.", nameof(events));
            }

            if (firstById.TryGetValue(e.EventId, out var first))
            {
                if (!Same(lineId, events[first], lineId, e))
                {
                    throw new ConflictingEventException(e.EventId, $"Event {e.EventId} appears twice in the batch of line '{lineId}' with different content (events {first} and {i}).");
                }

                outcomes[i] = AppendOutcome.Duplicate;
                continue;
            }

            if (idBySequence.TryGetValue(e.Sequence, out var other))
            {
                throw new ConflictingEventException(e.EventId, $"Line '{lineId}' sent sequence {e.Sequence} for two event ids ({other} and {e.EventId}) in one batch.");
            }

            firstById.Add(e.EventId, i);
            idBySequence.Add(e.Sequence, e.EventId);
            distinct.Add(i);
        }

        return new EventBatch(lineId, events, outcomes, distinct, partitionKeys);
    }

    /// <summary>Whether any event of the batch has this type.</summary>
    public bool Has(string type)
    {
        foreach (var e in Events)
        {
            if (string.Equals(e.Type, type, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws when the stored event with this id is not the same event.</summary>
    public void CheckStoredCopy(int index, string storedLineId, LineEvent stored)
    {
        var e = Events[index];
        if (!Same(LineId, e, storedLineId, stored))
        {
            throw new ConflictingEventException(e.EventId, $"Event {e.EventId} (line '{LineId}', sequence {e.Sequence}) was stored before with different content (line '{storedLineId}', sequence {stored.Sequence}, type '{stored.Type}'); the batch is refused.");
        }
    }

    public ConflictingEventException SequenceTaken(int index, Guid holder)
    {
        var e = Events[index];
        return new ConflictingEventException(e.EventId, $"Line '{LineId}' sent event {e.EventId} with sequence {e.Sequence}, which event {holder} already holds; the batch is refused.");
    }

    public AppendResult Result(long watermark)
    {
        var outcomes = new AppendOutcome[Outcomes.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = Outcomes[i] ?? throw new InvalidOperationException($"Event {i} has no outcome.");
        }

        return new AppendResult(outcomes, watermark);
    }

    /// <summary>UTC, truncated to microseconds: what both databases keep of an instant.</summary>
    public static DateTimeOffset Stored(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    public static string ToSqliteText(DateTimeOffset instant) =>
        Stored(instant).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset FromSqliteText(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Same event: same line, sequence, type, instant (as stored), GTIN, serial and JSON value (whitespace and key order
    /// aside), and the same work order id unless one side has none (events stored before central kept work order ids).
    /// </summary>
    private static bool Same(string lineA, LineEvent a, string lineB, LineEvent b) =>
        a.EventId == b.EventId
        && string.Equals(lineA, lineB, StringComparison.Ordinal)
        && a.Sequence == b.Sequence
        && string.Equals(a.Type, b.Type, StringComparison.Ordinal)
        && Stored(a.OccurredAt) == Stored(b.OccurredAt)
        && string.Equals(a.Gtin, b.Gtin, StringComparison.Ordinal)
        && string.Equals(a.Serial, b.Serial, StringComparison.Ordinal)
        && (a.WorkOrderId is null || b.WorkOrderId is null || string.Equals(a.WorkOrderId, b.WorkOrderId, StringComparison.Ordinal))
        && JsonNode.DeepEquals(JsonNode.Parse(a.Payload), JsonNode.Parse(b.Payload));

    /// <summary>
    /// Where an event's row lives when tables are partitioned: the unit's serial, so a unit and its events share a
    /// partition; for an event about no unit, the SSCC it is about (<c>parentSscc</c> of an aggregation, <c>item.sscc</c>
    /// of a decommissioned or reprinted case, as the payload names them); otherwise the event id. PostgreSQL's migration
    /// 0002 applies the same rule to the rows it carries over.
    /// </summary>
    public static string PartitionKey(LineEvent e, JsonElement payload)
    {
        if (e.Serial is not null)
        {
            return e.Serial;
        }

        if (payload.ValueKind == JsonValueKind.Object)
        {
            if (NonEmptyString(payload, "parentSscc") is { } parent)
            {
                return parent;
            }

            if (payload.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.Object && NonEmptyString(item, "sscc") is { } sscc)
            {
                return sscc;
            }
        }

        return e.EventId.ToString("D");
    }

    private static string? NonEmptyString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static string? Problem(LineEvent e, out string partitionKey)
    {
        partitionKey = "";
        if (e.Sequence < 1)
        {
            return $"sequence {e.Sequence} is below 1";
        }

        if (string.IsNullOrWhiteSpace(e.Type))
        {
            return "the type is empty";
        }

        if ((e.Gtin is null) != (e.Serial is null))
        {
            return "GTIN and serial come together or not at all";
        }

        if (e.Payload is null)
        {
            return "the payload is null";
        }

        try
        {
            using var payload = JsonDocument.Parse(e.Payload);
            partitionKey = PartitionKey(e, payload.RootElement);
            return null;
        }
        catch (JsonException ex)
        {
            return $"the payload is not JSON: {ex.Message}";
        }
    }
}
