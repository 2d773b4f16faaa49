using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Traceability.CentralApi.PriceWatch;

// One listing as read from the body, every field as text, before validation. Row: JSON, the element's position from 1;
// CSV, the record's number in the file, the header being 1.
internal sealed record ListingRow(
    int Row, string? Platform, string? Store, string? Sku, string? Gtin, string? Price, string? Currency, string? Time, string? Serial);

/// <summary>Reads an import body (a JSON array or CSV with a header) into rows; structural errors name the row.</summary>
internal static class ListingReader
{
    /// <summary>The CSV columns, in any order; platform, store, price and time are required, sku or gtin too.</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["platform", "store", "sku", "gtin", "price", "currency", "time", "serial"];

    private static readonly string[] Required = ["platform", "store", "price", "time"];

    public static List<ListingRow> ReadJson(string body, Dictionary<string, string[]> errors)
    {
        var rows = new List<ListingRow>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            errors["body"] = [$"The body is not JSON: {e.Message}"];
            return rows;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors["body"] = ["The body is a JSON array of listings."];
                return rows;
            }

            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors[$"rows[{row}]"] = [$"Row {row}: a listing is a JSON object."];
                    continue;
                }

                rows.Add(new ListingRow(
                    row,
                    Text(element, "platform", row, errors),
                    Text(element, "store", row, errors),
                    Text(element, "sku", row, errors),
                    Text(element, "gtin", row, errors),
                    Text(element, "price", row, errors, numberAllowed: true),
                    Text(element, "currency", row, errors),
                    Text(element, "time", row, errors),
                    Text(element, "serial", row, errors)));
            }
        }

        return rows;
    }

    public static List<ListingRow> ReadCsv(string body, Dictionary<string, string[]> errors)
    {
        var rows = new List<ListingRow>();
        var records = ParseCsv(body, errors);
        if (errors.Count > 0)
        {
            return rows;
        }

        if (records.Count == 0)
        {
            errors["rows[1]"] = [$"Row 1: the CSV needs a header naming its columns ({string.Join(',', CsvColumns)})."];
            return rows;
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var unknown = header.Where(h => !CsvColumns.Contains(h)).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || header.Distinct(StringComparer.Ordinal).Count() != header.Count
            || !(header.Contains("sku") || header.Contains("gtin")))
        {
            errors["rows[1]"] = [$"Row 1: the header names the columns, each once, from {string.Join(',', CsvColumns)}; platform, store, price, time and sku or gtin are required."
                + (unknown.Count > 0 ? $" Unknown: {string.Join(',', unknown)}." : "") + (missing.Count > 0 ? $" Missing: {string.Join(',', missing)}." : "")];
            return rows;
        }

        foreach (var (row, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != header.Count)
            {
                errors[$"rows[{row}]"] = [$"Row {row}: {fields.Count} fields where the header has {header.Count}."];
                continue;
            }

            string? Field(string name)
            {
                var i = header.IndexOf(name);
                return i < 0 || fields[i].Length == 0 ? null : fields[i];
            }

            rows.Add(new ListingRow(row, Field("platform"), Field("store"), Field("sku"), Field("gtin"), Field("price"), Field("currency"), Field("time"), Field("serial")));
        }

        return rows;
    }

    private static string? Text(JsonElement element, string name, int row, Dictionary<string, string[]> errors, bool numberAllowed = false)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (numberAllowed && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        errors[$"rows[{row}].{name}"] = [$"Row {row}: {name} is a {(numberAllowed ? "number or " : "")}string."];
        return null;
    }

    // RFC 4180: comma-separated, fields optionally in double quotes with "" for a quote; CRLF or LF ends a record.
    // The record number counts records, so a quoted field spanning lines is still one row.
    private static List<(int Row, List<string> Fields)> ParseCsv(string body, Dictionary<string, string[]> errors)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var row = 1;
        var i = 0;
        var quoted = false;
        var atFieldStart = true;
        if (body.Length > 0 && body[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < body.Length)
        {
            var c = body[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < body.Length && body[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                    i++;
                    if (i < body.Length && body[i] is not (',' or '\r' or '\n'))
                    {
                        errors[$"rows[{row}]"] = [$"Row {row}: a closing quote must end its field."];
                        return records;
                    }

                    continue;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    i++;
                    continue;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    i++;
                    continue;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((row, fields));
                    fields = [];
                    row++;
                    atFieldStart = true;
                    i += c == '\r' && i + 1 < body.Length && body[i + 1] == '\n' ? 2 : 1;
                    continue;
                default:
                    field.Append(c);
                    atFieldStart = false;
                    i++;
                    continue;
            }
        }

        if (quoted)
        {
            errors[$"rows[{row}]"] = [$"Row {row}: a quoted field is not closed."];
            return records;
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((row, fields));
        }

        return records;
    }

    /// <summary>Parses a price: a plain decimal with a point, no sign or grouping.</summary>
    public static bool TryPrice(string text, out decimal price) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out price);
}
