using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Epcis;

/// <summary>One page of query results and the position to continue after (null on the last page).</summary>
internal sealed record EpcisPage(IReadOnlyList<JsonObject> Events, EpcisKeyset? Next);

/// <summary>
/// Answers EPCIS queries over both sources, captured events and exported line events, as one list in (event time, key)
/// order, paged by keyset. Each page reads at most perPage + 1 rows from each source per round; a source that returned
/// that many may have more, so events beyond its last row (its horizon) wait for a later round or page. Line events
/// are filtered exactly after export (their store search is a superset), so a round can yield fewer events than it
/// read; the next round starts at the horizon, never skipping or repeating an event.
/// </summary>
internal sealed class EpcisEventQueryService(IEpcisStore store, IProductCatalog catalog, IOptions<EpcisOptions> options)
{
    private readonly EpcisOptions _options = options.Value;

    public async Task<EpcisPage> QueryAsync(EpcisQuery query, EpcisKeyset? after, int perPage, CancellationToken cancellationToken)
    {
        var lineTypes = LineEventExport.TypesFor(query.EventTypes, query.BizSteps);
        var lineConditions = query.LineConditions();
        var readLines = lineTypes.Count > 0 && lineConditions is not null;
        var page = new List<(EpcisKeyset Position, JsonObject Json)>(perPage);
        var position = after;
        while (true)
        {
            var need = perPage - page.Count;
            var candidates = new List<(EpcisKeyset Position, JsonObject Json)>();
            EpcisKeyset? horizon = null;

            var captured = await store.QueryCapturedAsync(
                new CapturedEventQuery(query.EventTypes, query.BizSteps, query.Epcs, query.From, query.Before, position, need + 1), cancellationToken);
            candidates.AddRange(captured.Select(c => (new EpcisKeyset(c.EventTime, c.Key), CapturedJson(c))));
            if (captured.Count > need)
            {
                horizon = Min(horizon, new EpcisKeyset(captured[^1].EventTime, captured[^1].Key));
            }

            if (readLines)
            {
                var rows = await store.QueryLineEventsAsync(
                    new LineEventQuery(lineTypes, lineConditions!, query.From, query.Before, position, need + 1), cancellationToken);
                var exported = await ExportAsync(rows, cancellationToken);
                if (rows.Count > need && exported.Count > 0)
                {
                    horizon = Min(horizon, exported.Select(x => x.Position).Aggregate(Max));
                }

                foreach (var x in exported)
                {
                    var json = EpcisJson.Write(x.Event);
                    if ((position is null || Compare(x.Position, position) > 0) && query.Matches(x.Event, json, x.Position.EventTime))
                    {
                        candidates.Add((x.Position, json));
                    }
                }
            }

            var eligible = candidates
                .Where(c => horizon is null || Compare(c.Position, horizon) <= 0)
                .OrderBy(c => c.Position, Comparer<EpcisKeyset>.Create(Compare))
                .ToList();
            page.AddRange(eligible.Take(need));
            if (page.Count == perPage)
            {
                var more = eligible.Count > need || horizon is not null;
                return new EpcisPage([.. page.Select(p => p.Json)], more ? page[^1].Position : null);
            }

            if (horizon is null)
            {
                return new EpcisPage([.. page.Select(p => p.Json)], null);
            }

            // Every event up to the horizon is on the page now; continue behind it.
            position = horizon;
        }
    }

    /// <summary>The event with this eventID, as JSON: a captured event, or a line event's (first) export.</summary>
    public async Task<JsonObject?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        if (eventId.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)
            && Guid.TryParseExact(eventId.AsSpan("urn:uuid:".Length), "D", out var id)
            && await store.GetLineEventAsync(id, cancellationToken) is { } line)
        {
            var exported = await ExportAsync([line], cancellationToken);
            return exported.Where(x => string.Equals(x.Event.EventId, eventId, StringComparison.OrdinalIgnoreCase))
                .Select(x => EpcisJson.Write(x.Event)).FirstOrDefault();
        }

        return await store.GetCapturedAsync(eventId, cancellationToken) is { } captured ? CapturedJson(captured) : null;
    }

    /// <summary>Exports line events with the master data they need, read in bulk.</summary>
    public async Task<IReadOnlyList<ExportedEvent>> ExportAsync(IReadOnlyList<StoredLineEvent> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var gtins = rows.SelectMany(LineEventExport.Gtins).ToHashSet(StringComparer.Ordinal);
        var products = await catalog.GetProductsAsync(gtins, cancellationToken);
        var prefixes = await store.GetCompanyPrefixesAsync(cancellationToken);
        var export = new LineEventExport(products, prefixes, _options);
        return [.. rows.SelectMany(export.Export)];
    }

    /// <summary>(event time, key), the key compared by UTF-8 bytes as both databases do.</summary>
    public static int Compare(EpcisKeyset? a, EpcisKeyset? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byTime = a.EventTime.UtcTicks.CompareTo(b.EventTime.UtcTicks);
        return byTime != 0 ? byTime : Utf8Order.Instance.Compare(a.Key, b.Key);
    }

    private static JsonObject CapturedJson(CapturedEpcisEvent captured)
    {
        var json = JsonNode.Parse(captured.EventJson)!.AsObject();
        json["recordTime"] = EpcisTime.Format(captured.RecordTime);
        return json;
    }

    private static EpcisKeyset Min(EpcisKeyset? a, EpcisKeyset b) => a is null || Compare(b, a) < 0 ? b : a;

    private static EpcisKeyset Max(EpcisKeyset a, EpcisKeyset b) => Compare(a, b) >= 0 ? a : b;
}
