using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Epcis;

/// <summary>
/// A parsed <c>GET /epcis/events</c> query (the EPCIS 2.0 SimpleEventQuery parameters this repository supports); every
/// given parameter must hold. Values of one parameter are alternatives, separated by <c>|</c> as the REST binding does.
/// </summary>
internal sealed record EpcisQuery(
    IReadOnlyList<string>? EventTypes,
    IReadOnlyList<string>? BizSteps,
    IReadOnlyList<EpcCondition> Epcs,
    DateTimeOffset? From,
    DateTimeOffset? Before)
{
    private const string Gs1Gtin = EpcCanonical.Gs1Resolver + "/01/";

    private static readonly EpcRole[] Instances = [EpcRole.Epc, EpcRole.Child];

    private static readonly Dictionary<string, EpcRole[]> MatchParameters = new(StringComparer.Ordinal)
    {
        ["MATCH_epc"] = Instances,
        ["MATCH_parentID"] = [EpcRole.Parent],
        ["MATCH_inputEPC"] = [EpcRole.Input],
        ["MATCH_outputEPC"] = [EpcRole.Output],
        ["MATCH_anyEPC"] = [EpcRole.Epc, EpcRole.Parent, EpcRole.Child, EpcRole.Input, EpcRole.Output],
        ["MATCH_epcClass"] = [EpcRole.Class],
    };

    /// <summary>Parses the query string; <paramref name="errors"/> names each bad parameter.</summary>
    public static bool TryParse(
        IEnumerable<KeyValuePair<string, StringValues>> parameters,
        EpcisOptions options,
        out EpcisQuery query,
        out int perPage,
        out string? pageToken,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        perPage = options.DefaultPerPage;
        pageToken = null;
        List<string>? types = null, steps = null;
        var epcs = new List<EpcCondition>();
        DateTimeOffset? from = null, before = null;
        foreach (var (name, raw) in parameters)
        {
            var values = raw.SelectMany(v => (v ?? "").Split('|')).Select(v => v.Trim()).ToList();
            if (values.Count == 0 || values.Any(v => v.Length == 0))
            {
                errors[name] = ["Empty value."];
                continue;
            }

            switch (name)
            {
                case "eventType":
                    types = values;
                    break;
                case "EQ_bizStep":
                    steps = [.. values.Select(v => CbvVocabulary.Compact(CbvKind.BizStep, v))];
                    break;
                case "GE_eventTime" or "LT_eventTime":
                    if (values.Count != 1 || !EpcisTime.TryParse(values[0], out var time))
                    {
                        errors[name] = ["One RFC 3339 timestamp with an offset, e.g. 2026-11-25T08:00:00Z."];
                    }
                    else if (name == "GE_eventTime")
                    {
                        from = time;
                    }
                    else
                    {
                        before = time;
                    }

                    break;
                case "perPage":
                    if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 1 || perPage > options.MaxPerPage)
                    {
                        errors[name] = [$"A whole number from 1 to {options.MaxPerPage}."];
                    }

                    break;
                case "nextPageToken":
                    pageToken = values[0];
                    break;
                case var match when MatchParameters.TryGetValue(match, out var roles):
                    if (Condition(roles, values, out var condition, out var problem))
                    {
                        epcs.Add(condition);
                    }
                    else
                    {
                        errors[name] = [problem];
                    }

                    break;
                default:
                    errors[name] = ["Not a query parameter this repository supports (eventType, EQ_bizStep, GE_eventTime, LT_eventTime, MATCH_epc, MATCH_parentID, MATCH_anyEPC, MATCH_inputEPC, MATCH_outputEPC, MATCH_epcClass, perPage, nextPageToken)."];
                    break;
            }
        }

        query = new EpcisQuery(types, steps, epcs, from, before);
        return errors.Count == 0;
    }

    /// <summary>The same query as line-event conditions, or null when no line event can match its identifiers.</summary>
    public IReadOnlyList<LineEpcCondition>? LineConditions()
    {
        var conditions = new List<LineEpcCondition>(Epcs.Count);
        foreach (var c in Epcs)
        {
            // Line events name units and SSCCs in epcList, parentID and childEPCs only.
            if (!c.Roles.Any(r => r is EpcRole.Epc or EpcRole.Parent or EpcRole.Child))
            {
                return null;
            }

            var serials = new List<string>();
            var ssccs = new List<string>();
            foreach (var key in c.Keys)
            {
                switch (EpcId.TryParse(key, out var id, out _) ? id : null)
                {
                    case SgtinId unit:
                        serials.Add(unit.Serial);
                        break;
                    case SsccId logistic:
                        ssccs.Add(logistic.Sscc.Value);
                        break;
                }
            }

            var gtins = c.Prefixes.Where(p => p.StartsWith(Gs1Gtin, StringComparison.Ordinal)).Select(p => p.Substring(Gs1Gtin.Length, 14)).ToList();
            if (serials.Count + ssccs.Count + gtins.Count == 0)
            {
                return null;
            }

            conditions.Add(new LineEpcCondition(serials, ssccs, gtins));
        }

        return conditions;
    }

    /// <summary>Whether an exported event (as JSON) satisfies the query exactly; the store's line-event search is a superset.</summary>
    public bool Matches(EpcisEvent e, JsonObject json, DateTimeOffset position)
    {
        if ((EventTypes is not null && !EventTypes.Contains(e.Type)) || (BizSteps is not null && (e.BizStep is null || !BizSteps.Contains(e.BizStep)))
            || (From is { } from && position < EventBatch.Stored(from)) || (Before is { } before && position >= EventBatch.Stored(before)))
        {
            return false;
        }

        var named = EpcisEpcs.Of(json);
        return Epcs.All(c => named.Any(n => c.Roles.Contains(n.Role)
            && (c.Keys.Contains(n.Key, StringComparer.Ordinal) || c.Prefixes.Any(p => n.Key.StartsWith(p, StringComparison.Ordinal)))));
    }

    /// <summary>A digest of the query (not the page size or position): a page token is only good for the query that made it.</summary>
    public byte[] Fingerprint()
    {
        var sb = new StringBuilder();
        sb.AppendJoin('|', EventTypes ?? ["*"]).Append('\n').AppendJoin('|', BizSteps ?? ["*"]).Append('\n');
        foreach (var c in Epcs)
        {
            sb.AppendJoin(',', c.Roles).Append(';').AppendJoin('|', c.Keys).Append(';').AppendJoin('|', c.Prefixes).Append('\n');
        }

        sb.Append(From?.UtcTicks).Append('\n').Append(Before?.UtcTicks);
        return SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static bool Condition(EpcRole[] roles, List<string> values, out EpcCondition condition, out string problem)
    {
        var keys = new List<string>();
        var prefixes = new List<string>();
        foreach (var value in values)
        {
            var key = EpcCanonical.Key(value);
            if (!value.StartsWith("urn:epc:idpat:", StringComparison.Ordinal))
            {
                keys.Add(key);
            }
            else if (key.StartsWith(Gs1Gtin, StringComparison.Ordinal))
            {
                // A GTIN-level pattern (urn:epc:idpat:sgtin:CP.IR.*): every instance of the GTIN, or every lot of it as a class.
                if (roles.Contains(EpcRole.Class))
                {
                    keys.Add(key);
                    prefixes.Add(key + "/10/");
                }
                else
                {
                    prefixes.Add(key + "/21/");
                }
            }
            else
            {
                condition = null!;
                problem = $"'{value}': the only EPC pattern supported is the GTIN-level SGTIN pattern urn:epc:idpat:sgtin:<CompanyPrefix>.<Indicator+ItemRef>.*";
                return false;
            }
        }

        condition = new EpcCondition(roles, keys, prefixes);
        problem = "";
        return true;
    }
}
