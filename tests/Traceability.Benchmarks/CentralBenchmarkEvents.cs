using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.Line.V1;

namespace Traceability.Benchmarks;

/// <summary>What a line streams while it runs: one UnitCommissioned per unit, with lot, expiry and a DigSig-sized signature.</summary>
internal static class CentralBenchmarkEvents
{
    public const string Gtin = "09506000134352";

    // The length of an AI (8030) value for an ECDSA P-256 signature with a key id: the payload is as large as a real one.
    private const string DigSig = "A1MEYCIQDkPq3vXg7Zr0cH2sYt9uW4bN6mJ1xL8aKfE5oR2iVzQIhAOe3lT7nB9wC4yF6pS1uH0gZ8kD2jM5vX3qA7rN1tYb";

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Serials unique to this run, line and position.</summary>
    public static string[] Serials(string run, string lineId, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{run}{lineId}{i:D7}")];

    public static LineEvent Commissioned(long sequence, string serial) => new()
    {
        EventId = Guid.CreateVersion7().ToString(), // as the line agent makes them (LineStoreTransaction.AddEvent): time-ordered
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(Start.AddMilliseconds(sequence * 120)),
        WorkOrderId = "WO-2026-11-25-01",
        UnitCommissioned = new UnitCommissioned
        {
            Unit = new UnitId { Gtin = Gtin, Serial = serial },
            Lot = "LOT2611A",
            Expiry = "281130",
            Digsig = DigSig,
        },
    };

    /// <summary>A line's events, sequences 1…n, cut into the batches it sends.</summary>
    public static LineEventBatch[] Batches(string lineId, IReadOnlyList<string> serials, int batchSize) =>
        [.. serials
            .Select((serial, i) => Commissioned(i + 1, serial))
            .Chunk(batchSize)
            .Select(events =>
            {
                var batch = new LineEventBatch { LineId = lineId };
                batch.Events.AddRange(events);
                return batch;
            })];
}
