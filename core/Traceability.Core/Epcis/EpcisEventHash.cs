using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.Core.Epcis;

/// <summary>
/// The EPCIS event hash of CBV 2.0 (the "EPCIS Event Hash ID"): a fingerprint of an event's content that does not
/// depend on its syntax, field order, whitespace, time zone or identifier spelling, written
/// <c>ni:///sha-256;&lt;hex&gt;?ver=CBV2.0</c> (RFC 6920). It names captured events that carry no eventID, and tells
/// whether two events with the same eventID say the same thing.
/// </summary>
/// <remarks>
/// The pre-hash string concatenates <c>key=value</c> pairs in the canonical property order, without separators: eventType,
/// eventTime (UTC, milliseconds), eventTimeZoneOffset, epcList, parentID, inputEPCList, childEPCs, the quantity lists,
/// outputEPCList, action, transformationID, bizStep, disposition, persistentDisposition, readPoint, bizLocation,
/// bizTransactionList, sourceList, destinationList, sensorElementList, ilmd, then extensions. List entries are sorted
/// (UTF-8 byte order); EPC URIs become canonical Digital Link URIs (<see cref="EpcCanonical"/>); CBV values become GS1 Web
/// URIs; extension names become <c>{namespace}localName</c>; type attributes follow the value they qualify. eventID,
/// recordTime, certificationInfo and errorDeclaration are not part of the hash. Pinned against the reference generator's
/// worked example; sensor data follows the same rules but has no reference example in our tests.
/// </remarks>
public static class EpcisEventHash
{
    /// <summary>The algorithm version the hash URI declares.</summary>
    public const string Version = "CBV2.0";

    private static readonly HashSet<string> StandardFields = new(StringComparer.Ordinal)
    {
        "@context", "type", "eventTime", "eventTimeZoneOffset", "eventID", "recordTime", "certificationInfo", "errorDeclaration",
        "epcList", "parentID", "inputEPCList", "childEPCs", "quantityList", "childQuantityList", "inputQuantityList", "outputEPCList",
        "outputQuantityList", "action", "transformationID", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
        "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd",
    };

    private static readonly string[] MetadataOrder =
        ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"];

    private static readonly string[] ReportOrder =
    [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance",
        "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
        "percRank", "percValue", "uom", "coordinateReferenceSystem",
    ];

    /// <summary>The hash URI of <paramref name="e"/>, e.g. <c>ni:///sha-256;df7b…?ver=CBV2.0</c>.</summary>
    /// <param name="e">The event as JSON (a captured event, or <see cref="EpcisJson.Write"/> of a model event).</param>
    /// <param name="documentContext">The <c>@context</c> of the document the event came in, for its extension prefixes.</param>
    /// <exception cref="FormatException">The event has no type or no readable eventTime.</exception>
    public static string Compute(JsonObject e, JsonNode? documentContext = null)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(PreHashString(e, documentContext)));
        return $"ni:///sha-256;{Convert.ToHexStringLower(digest)}?ver={Version}";
    }

    /// <summary>The canonical pre-hash string <see cref="Compute"/> hashes (for tests and for comparing with other implementations).</summary>
    /// <exception cref="FormatException">The event has no type or no readable eventTime.</exception>
    public static string PreHashString(JsonObject e, JsonNode? documentContext = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var builder = new PreHash(EpcisContext.Prefixes(documentContext, e["@context"]));
        return builder.Build(e);
    }

    private sealed class PreHash(IReadOnlyDictionary<string, string> prefixes)
    {
        private readonly StringBuilder _sb = new(512);

        public string Build(JsonObject e)
        {
            var type = Text(e["type"]) ?? throw new FormatException("type: missing; the event hash needs the event type.");
            var time = Text(e["eventTime"]) ?? throw new FormatException("eventTime: missing; the event hash needs it.");
            _sb.Append("eventType=").Append(type);
            _sb.Append("eventTime=").Append(EpcisTime.ToHashForm(time));
            Value(e, "eventTimeZoneOffset", Text);
            EpcList(e, "epcList");
            Value(e, "parentID", Id);
            EpcList(e, "inputEPCList");
            EpcList(e, "childEPCs");
            Quantities(e, "quantityList");
            Quantities(e, "childQuantityList");
            Quantities(e, "inputQuantityList");
            EpcList(e, "outputEPCList");
            Quantities(e, "outputQuantityList");
            Value(e, "action", Text);
            Value(e, "transformationID", Id);
            Value(e, "bizStep", n => Text(n) is { } s ? CbvVocabulary.FullUri(CbvKind.BizStep, s) : null);
            Value(e, "disposition", n => Text(n) is { } s ? CbvVocabulary.FullUri(CbvKind.Disposition, s) : null);
            PersistentDisposition(e);
            IdObject(e, "readPoint");
            IdObject(e, "bizLocation");
            TypedList(e, "bizTransactionList", "bizTransaction", CbvKind.BizTransactionType);
            TypedList(e, "sourceList", "source", CbvKind.SourceDestinationType);
            TypedList(e, "destinationList", "destination", CbvKind.SourceDestinationType);
            Sensors(e);
            if (e["ilmd"] is JsonObject ilmd && ilmd.Count > 0)
            {
                _sb.Append("ilmd");
                AppendSorted(ilmd.Where(p => !p.Key.StartsWith('@')).SelectMany(p => Extension(p.Key, p.Value)));
            }

            foreach (var holder in new[] { "readPoint", "bizLocation" })
            {
                if (e[holder] is JsonObject o && o.Any(p => p.Key != "id" && !p.Key.StartsWith('@')))
                {
                    _sb.Append(holder);
                    AppendSorted(o.Where(p => p.Key != "id" && !p.Key.StartsWith('@')).SelectMany(p => Extension(p.Key, p.Value)));
                }
            }

            AppendSorted(e.Where(p => !StandardFields.Contains(p.Key) && !p.Key.StartsWith('@')).SelectMany(p => Extension(p.Key, p.Value)));
            return _sb.ToString();
        }

        private void Value(JsonObject o, string name, Func<JsonNode?, string?> render)
        {
            if (o.ContainsKey(name) && render(o[name]) is { } value)
            {
                _sb.Append(name).Append('=').Append(value);
            }
        }

        private void EpcList(JsonObject o, string name)
        {
            if (o[name] is JsonArray { Count: > 0 } list)
            {
                _sb.Append(name);
                AppendSorted(list.Select(n => "epc=" + Id(n)));
            }
        }

        private void Quantities(JsonObject o, string name)
        {
            if (o[name] is JsonArray { Count: > 0 } list)
            {
                _sb.Append(name);
                AppendSorted(list.OfType<JsonObject>().Select(q =>
                {
                    var s = new StringBuilder("quantityElement");
                    s.Append("epcClass=").Append(Id(q["epcClass"]));
                    if (Number(q["quantity"]) is { } quantity)
                    {
                        s.Append("quantity=").Append(quantity);
                    }

                    if (Text(q["uom"]) is { } uom)
                    {
                        s.Append("uom=").Append(uom);
                    }

                    return s.ToString();
                }));
            }
        }

        private void PersistentDisposition(JsonObject o)
        {
            if (o["persistentDisposition"] is not JsonObject pd)
            {
                return;
            }

            _sb.Append("persistentDisposition");
            foreach (var part in new[] { "set", "unset" })
            {
                if (pd[part] is JsonArray values)
                {
                    AppendSorted(values.Select(v => $"{part}={CbvVocabulary.FullUri(CbvKind.Disposition, Text(v) ?? "")}"));
                }
            }
        }

        private void IdObject(JsonObject o, string name)
        {
            if (o[name] is JsonObject holder && holder["id"] is { } id)
            {
                _sb.Append(name).Append("id=").Append(Id(id));
            }
        }

        // Value first, then its type (CBV 2.0 rule: the type attribute follows the value before sorting).
        private void TypedList(JsonObject o, string listName, string field, CbvKind typeKind)
        {
            if (o[listName] is JsonArray { Count: > 0 } list)
            {
                _sb.Append(listName);
                AppendSorted(list.OfType<JsonObject>().Select(entry =>
                {
                    var s = $"{field}={Id(entry[field])}";
                    return Text(entry["type"]) is { } type ? $"{s}type={CbvVocabulary.FullUri(typeKind, type)}" : s;
                }));
            }
        }

        private void Sensors(JsonObject o)
        {
            if (o["sensorElementList"] is not JsonArray { Count: > 0 } list)
            {
                return;
            }

            _sb.Append("sensorElementList");
            AppendSorted(list.OfType<JsonObject>().Select(element =>
            {
                var s = new StringBuilder("sensorElement");
                if (element["sensorMetadata"] is JsonObject metadata)
                {
                    s.Append(Ordered("sensorMetadata", metadata, MetadataOrder));
                }

                var reports = element["sensorReport"] as JsonArray ?? [];
                foreach (var report in reports.OfType<JsonObject>().Select(r => Ordered("sensorReport", r, ReportOrder)).OrderBy(r => r, Utf8Order.Instance))
                {
                    s.Append(report);
                }

                foreach (var extension in element.Where(p => p.Key is not ("sensorMetadata" or "sensorReport")).SelectMany(p => Extension(p.Key, p.Value)).OrderBy(x => x, Utf8Order.Instance))
                {
                    s.Append(extension);
                }

                return s.ToString();
            }));
        }

        private string Ordered(string name, JsonObject o, string[] order)
        {
            var s = new StringBuilder(name);
            foreach (var field in order)
            {
                if (o[field] is { } value && SensorValue(field, value) is { } rendered)
                {
                    s.Append(field).Append('=').Append(rendered);
                }
            }

            foreach (var extension in o.Where(p => !order.Contains(p.Key) && !p.Key.StartsWith('@')).SelectMany(p => Extension(p.Key, p.Value)).OrderBy(x => x, Utf8Order.Instance))
            {
                s.Append(extension);
            }

            return s.ToString();
        }

        private string? SensorValue(string field, JsonNode value)
        {
            if (Number(value) is { } number)
            {
                return number;
            }

            var text = Text(value);
            if (text is null)
            {
                return value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.ToJsonString() : null;
            }

            return field switch
            {
                "time" or "startTime" or "endTime" => EpcisTime.ToHashForm(text),
                "type" when !text.Contains(':', StringComparison.Ordinal) => "https://gs1.org/voc/" + text,
                "exception" when !text.Contains(':', StringComparison.Ordinal) => "https://gs1.org/voc/SensorAlertType-" + text,
                "component" when !text.Contains(':', StringComparison.Ordinal) => CbvVocabulary.WebUriBase + "Comp-" + text,
                _ => Normalize(text),
            };
        }

        private IEnumerable<string> Extension(string name, JsonNode? value)
        {
            var qualified = QualifiedName(name);
            switch (value)
            {
                case JsonArray array:
                    foreach (var item in array)
                    {
                        foreach (var s in Extension(name, item))
                        {
                            yield return s;
                        }
                    }

                    break;
                case JsonObject o:
                    var children = o.Where(p => !p.Key.StartsWith('@') && p.Key != "#text").SelectMany(p => Extension(p.Key, p.Value)).OrderBy(x => x, Utf8Order.Instance);
                    var text = o["#text"] is { } t ? Scalar(t) : null;
                    yield return qualified + (text is null ? string.Empty : "=" + text) + string.Concat(children);
                    break;
                case null:
                    yield return qualified;
                    break;
                default:
                    yield return qualified + "=" + Scalar(value);
                    break;
            }
        }

        private string? Scalar(JsonNode node) =>
            Number(node) ?? (Text(node) is { } s ? Normalize(s) : node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.ToJsonString() : null);

        // Extension names as {namespace}localName: a compact IRI expands through the context; an absolute IRI splits at
        // its last '/', '#' or (for URNs) ':'. URN namespaces lose their trailing ':' (the XML namespace of cbvmda is
        // urn:epcglobal:cbv:mda, its JSON-LD prefix urn:epcglobal:cbv:mda:).
        private string QualifiedName(string name)
        {
            string ns, local;
            if (name.Contains("://", StringComparison.Ordinal) || name.StartsWith("urn:", StringComparison.Ordinal))
            {
                var cut = name.LastIndexOfAny(name.StartsWith("urn:", StringComparison.Ordinal) ? [':'] : ['/', '#']) + 1;
                (ns, local) = (name[..cut], name[cut..]);
            }
            else if (name.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                var prefix = name[..colon];
                (ns, local) = (prefixes.TryGetValue(prefix, out var iri) ? iri : prefix, name[(colon + 1)..]);
            }
            else
            {
                return name;
            }

            if (ns.StartsWith("urn:", StringComparison.Ordinal))
            {
                ns = ns.TrimEnd(':');
            }

            return "{" + ns + "}" + local;
        }

        // Identifiers: EPC URIs and Digital Link URIs in canonical form, CBV URNs as Web URIs, known CURIEs expanded.
        private string? Id(JsonNode? node) => Text(node) is { } s ? Normalize(s) : null;

        private string Normalize(string value)
        {
            var v = value.Trim();
            if (v.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal))
            {
                foreach (var kind in Enum.GetValues<CbvKind>())
                {
                    if (CbvVocabulary.StandardName(kind, v) is not null)
                    {
                        return CbvVocabulary.FullUri(kind, v);
                    }
                }

                return v;
            }

            if (v.StartsWith("urn:epc:", StringComparison.Ordinal) || v.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                return EpcCanonical.Key(v);
            }

            if (v.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && prefixes.TryGetValue(v[..colon], out var iri))
            {
                return iri + v[(colon + 1)..];
            }

            return v;
        }

        private void AppendSorted(IEnumerable<string> parts)
        {
            foreach (var part in parts.OrderBy(p => p, Utf8Order.Instance))
            {
                _sb.Append(part);
            }
        }

        private static string? Text(JsonNode? node) =>
            node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;

        // Numbers without trailing zeros and without exponent: 1.0 → 1, 0.3430 → 0.343.
        private static string? Number(JsonNode? node)
        {
            if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            {
                return null;
            }

            var raw = v.ToJsonString();
            return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d.ToString("0.############################", CultureInfo.InvariantCulture)
                : raw;
        }
    }
}
