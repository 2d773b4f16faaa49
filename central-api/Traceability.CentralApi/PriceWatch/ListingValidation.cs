using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.CentralApi.PriceWatch;

// A row whose fields are each well-formed; the product behind it is checked afterwards. GtinField: which field named
// the product ("gtin", or "sku" when the GTIN came from the SKU table).
internal sealed record ValidListingRow(
    int Row, string Platform, string Store, string? Sku, string Gtin, string GtinField, decimal Price, string? Currency, DateTimeOffset ListedAt, string? Serial);

/// <summary>Checks each field of an imported row; errors are keyed <c>rows[N].field</c> and say the row.</summary>
internal static class ListingValidation
{
    public const int MaxNameLength = 200;
    public const int MaxSkuLength = 64;

    public static ValidListingRow? Check(ListingRow row, IDictionary<string, string> skus, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var n = row.Row;
        var platform = Name(row.Platform, "platform", n, errors);
        var store = Name(row.Store, "store", n, errors);
        string? gtin = null;
        var gtinField = "gtin";
        if (row.Gtin is not null)
        {
            if (Gtin.TryParse(row.Gtin.Trim(), out var parsed))
            {
                gtin = parsed.Value;
            }
            else
            {
                Add(errors, n, "gtin", $"'{row.Gtin}' is not a GTIN (8, 12, 13 or 14 digits with a valid check digit).");
            }
        }

        var sku = row.Sku?.Trim();
        if (sku is { Length: 0 or > MaxSkuLength })
        {
            Add(errors, n, "sku", $"a SKU has 1 to {MaxSkuLength} characters.");
        }
        else if (sku is not null && skus.TryGetValue(sku, out var mapped))
        {
            var mappedGtin = Gtin.Parse(mapped).Value;
            if (gtin is not null && !string.Equals(gtin, mappedGtin, StringComparison.Ordinal))
            {
                Add(errors, n, "sku", $"SKU '{sku}' is GTIN {mappedGtin} in PriceWatch:Skus, not {gtin}.");
            }
            else if (row.Gtin is null)
            {
                gtin = mappedGtin;
                gtinField = "sku";
            }
        }
        else if (sku is not null && row.Gtin is null)
        {
            Add(errors, n, "sku", $"SKU '{sku}' is not in the SKU table (PriceWatch:Skus); name the GTIN instead.");
        }
        else if (sku is null && row.Gtin is null)
        {
            Add(errors, n, "gtin", "a listing names its product by gtin or sku.");
        }

        decimal price = 0;
        if (row.Price is null)
        {
            Add(errors, n, "price", "the price is required.");
        }
        else if (!ListingReader.TryPrice(row.Price.Trim(), out price) || price <= 0 || price >= 1_000_000_000_000m || price.Scale > 4)
        {
            Add(errors, n, "price", $"'{row.Price}' is not a positive amount with at most 4 decimals (e.g. 899.00).");
        }

        var currency = row.Currency?.Trim();
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            Add(errors, n, "currency", $"'{row.Currency}' is not an ISO 4217 code (three capital letters, e.g. CNY).");
        }

        var listedAt = Instant(row.Time, n, errors);
        var serial = row.Serial?.Trim();
        if (serial is not null && (serial.Length is 0 or > 20 || !serial.All(SerialAlphabet.IsGs1Cset82)))
        {
            Add(errors, n, "serial", $"'{row.Serial}' is not a serial (1 to 20 GS1 characters, as in AI (21)).");
        }

        return errors.Count > before
            ? null
            : new ValidListingRow(n, platform!, store!, sku, gtin!, gtinField, price, currency, listedAt!.Value, serial);
    }

    public static void Add(Dictionary<string, string[]> errors, int row, string field, string message)
    {
        var key = $"rows[{row}].{field}";
        var text = $"Row {row}: {field}: {message}";
        errors[key] = errors.TryGetValue(key, out var existing) ? [.. existing, text] : [text];
    }

    private static string? Name(string? text, string field, int row, Dictionary<string, string[]> errors)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            Add(errors, row, field, $"the {field} is required: 1 to {MaxNameLength} characters, no control characters.");
            return null;
        }

        return trimmed;
    }

    private static DateTimeOffset? Instant(string? text, int row, Dictionary<string, string[]> errors)
    {
        // RFC 3339 needs an offset: a bare local time would mean different instants to different readers.
        var t = text?.Trim();
        var time = t?.IndexOfAny(['T', 't']) ?? -1;
        if (t is not null && time > 0 && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (t.EndsWith('Z') || t.EndsWith('z') || t.LastIndexOfAny(['+', '-']) > time))
        {
            return instant;
        }

        Add(errors, row, "time", $"'{text}' is not an RFC 3339 instant with an offset (e.g. 2026-12-01T10:00:00+08:00).");
        return null;
    }
}
