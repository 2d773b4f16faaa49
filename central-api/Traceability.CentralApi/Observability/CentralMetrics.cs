using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Observability;

/// <summary>
/// Central's own instruments, on the meter <see cref="MeterName"/> (scraped at <c>/metrics</c> in Prometheus form:
/// dots become underscores and counters end in <c>_total</c>).
/// </summary>
public sealed class CentralMetrics
{
    public const string MeterName = "Traceability.CentralApi";
    public const string LineIdTag = "line_id";

    private readonly Counter<long> _eventsStored;
    private readonly Counter<long> _eventsDuplicate;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _serialsAllocated;
    private readonly ConcurrentDictionary<string, LineSequences> _lines = new(StringComparer.Ordinal);

    public CentralMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
#pragma warning disable CA2000 // The factory owns the meter and disposes it with the service provider.
        var meter = meterFactory.Create(MeterName);
#pragma warning restore CA2000
        _eventsStored = meter.CreateCounter<long>("traceability.events.stored", "{event}", "Line events stored (first time seen).");
        _eventsDuplicate = meter.CreateCounter<long>(
            "traceability.events.duplicates", "{event}", "Line events received again and acknowledged without storing.");
        _eventsRejected = meter.CreateCounter<long>("traceability.events.rejected", "{event}", "Line events refused as malformed.");
        _serialsAllocated = meter.CreateCounter<long>("traceability.serials.allocated", "{serial}", "Serials allocated to lines.");
        meter.CreateObservableGauge(
            "traceability.line.sequence_gaps",
            ObserveGaps,
            "{sequence}",
            "Sequences missing between a line's watermark and the highest sequence stored.");
    }

    /// <summary>
    /// Counts one batch of a line's events and brings the line's gap gauge up to date. The gap count follows from the
    /// batch itself (a new highest sequence opens the sequences it skips, a stored sequence below it fills one); the
    /// store is asked only the first time this process sees the line, so in-order streaming costs no extra query.
    /// </summary>
    /// <param name="store">Asked for the line's progress the first time the line is seen.</param>
    /// <param name="lineId">The line.</param>
    /// <param name="accepted">The events given to the store (empty when all were rejected).</param>
    /// <param name="appended">What the store answered; null when nothing was given to it.</param>
    /// <param name="rejected">How many events of the batch were refused as malformed.</param>
    /// <param name="watermark">The line's watermark after the batch.</param>
    /// <param name="cancellationToken">Cancels the progress query.</param>
    internal async Task RecordBatchAsync(
        ICentralStore store,
        string lineId,
        IReadOnlyList<LineEvent> accepted,
        AppendResult? appended,
        int rejected,
        long watermark,
        CancellationToken cancellationToken)
    {
        var tag = new KeyValuePair<string, object?>(LineIdTag, lineId);
        var stored = new List<long>(accepted.Count);
        if (appended is not null)
        {
            var duplicates = 0;
            for (var i = 0; i < appended.Outcomes.Count; i++)
            {
                if (appended.Outcomes[i] == AppendOutcome.Stored)
                {
                    stored.Add(accepted[i].Sequence);
                }
                else
                {
                    duplicates++;
                }
            }

            _eventsStored.Add(stored.Count, tag);
            _eventsDuplicate.Add(duplicates, tag);
        }

        if (rejected > 0)
        {
            _eventsRejected.Add(rejected, tag);
        }

        if (_lines.TryGetValue(lineId, out var line))
        {
            line.Apply(stored, watermark);
            return;
        }

        // First sight of the line in this process: the store knows what came before (it already holds this batch).
        var progress = await store.GetLineProgressAsync(lineId, cancellationToken);
        var missing = progress.Gaps.Sum(g => g.Last - g.First + 1);
        _lines.TryAdd(lineId, new LineSequences(progress.HighestSeen, missing));
    }

    internal void SerialsAllocated(string lineId, int count) =>
        _serialsAllocated.Add(count, new KeyValuePair<string, object?>(LineIdTag, lineId));

    private IEnumerable<Measurement<long>> ObserveGaps() =>
        _lines.Select(l => new Measurement<long>(l.Value.Missing, new KeyValuePair<string, object?>(LineIdTag, l.Key)));

    /// <summary>A line's highest stored sequence and how many sequences below it are missing.</summary>
    private sealed class LineSequences(long highestSeen, long missing)
    {
        private readonly Lock _lock = new();
        private long _highestSeen = highestSeen;
        private long _missing = missing;

        public long Missing
        {
            get
            {
                lock (_lock)
                {
                    return _missing;
                }
            }
        }

        public void Apply(List<long> storedSequences, long watermark)
        {
            storedSequences.Sort();
            lock (_lock)
            {
                foreach (var sequence in storedSequences)
                {
                    if (sequence > _highestSeen)
                    {
                        _missing += sequence - _highestSeen - 1;
                        _highestSeen = sequence;
                    }
                    else
                    {
                        _missing = Math.Max(0, _missing - 1);
                    }
                }

                // Everything up to the watermark is stored: at or past the highest, nothing is missing. This also
                // corrects the count when another central instance stored some of the line's events.
                if (watermark >= _highestSeen)
                {
                    _highestSeen = watermark;
                    _missing = 0;
                }
            }
        }
    }
}
