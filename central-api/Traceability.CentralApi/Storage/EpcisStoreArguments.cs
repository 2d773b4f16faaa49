using System.Globalization;

namespace Traceability.CentralApi.Storage;

/// <summary>The checks and rules both stores share for EPCIS storage.</summary>
internal static class EpcisStoreArguments
{
    private const string UuidUrn = "urn:uuid:";

    public static void Check(EpcisCapture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(capture.Events);
        for (var i = 0; i < capture.Events.Count; i++)
        {
            var e = capture.Events[i] ?? throw new ArgumentException($"Event {i} of the capture is null.", nameof(capture));
            if (string.IsNullOrWhiteSpace(e.Key) || string.IsNullOrWhiteSpace(e.Type) || string.IsNullOrWhiteSpace(e.ContentHash)
                || string.IsNullOrWhiteSpace(e.EventJson) || e.Epcs is null)
            {
                throw new ArgumentException($"Event {i} of the capture lacks its key, type, content hash, JSON or identifiers.", nameof(capture));
            }
        }
    }

    public static void Check(CapturedEventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Epcs);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
    }

    public static void Check(LineEventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Types);
        ArgumentNullException.ThrowIfNull(query.Epcs);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
    }

    /// <summary>
    /// Captured keys of the form <c>urn:uuid:&lt;uuid&gt;</c>, by uuid: the ids the EPCIS export gives line events, so a
    /// captured event must not take one that a line event holds.
    /// </summary>
    public static Dictionary<Guid, string> LineEventIds(EpcisCapture capture)
    {
        var ids = new Dictionary<Guid, string>();
        foreach (var e in capture.Events)
        {
            if (e.Key.StartsWith(UuidUrn, StringComparison.OrdinalIgnoreCase)
                && Guid.TryParseExact(e.Key.AsSpan(UuidUrn.Length), "D", out var id))
            {
                ids.TryAdd(id, e.Key);
            }
        }

        return ids;
    }

    public static EpcisEventConflictException Conflict(List<string> keys)
    {
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        return new EpcisEventConflictException(
            distinct,
            string.Create(CultureInfo.InvariantCulture, $"{distinct.Count} eventID(s) already name different content (a stored event with another hash, an earlier event of the same document, or a line event): {string.Join(", ", distinct.Take(10))}. Nothing of the document was stored."));
    }
}
