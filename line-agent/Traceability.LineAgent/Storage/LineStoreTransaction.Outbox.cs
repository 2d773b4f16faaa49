using System.Globalization;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    /// <summary>
    /// Moves the acknowledgement watermark to <paramref name="upToSequence"/>: central durably stored every event up to
    /// it. The events stay in the file (the line's own record); a lower value than the current one changes nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 0, or above the last event written.</exception>
    public void AcknowledgeEvents(long upToSequence) => Step(() =>
    {
        var outbox = Outbox();
        if (upToSequence < 0 || upToSequence > outbox.Last)
        {
            throw new ArgumentOutOfRangeException(nameof(upToSequence), upToSequence, string.Create(CultureInfo.InvariantCulture,
                $"Central acknowledged event {upToSequence}, but the outbox holds events 1 to {outbox.Last}: the acknowledgement is for another line or another store file."));
        }

        if (upToSequence > outbox.Acknowledged)
        {
            outbox.Acknowledged = upToSequence;
            outbox.Dirty = true;
        }
    });
}
