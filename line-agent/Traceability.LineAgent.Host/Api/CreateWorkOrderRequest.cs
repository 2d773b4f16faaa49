using System.Globalization;
using Traceability.Core.Serials;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>The body of <c>POST /api/work-orders</c>: a work order created on the line by an engineer.</summary>
/// <param name="Id">The work order id; generated (<c>{lineId}-{yyyyMMddHHmmss}</c>) when absent.</param>
/// <param name="Gtin">The product, 14 digits (8, 12 or 13 are padded) with a valid check digit.</param>
/// <param name="Lot">Batch/lot, AI (10): 1 to 20 characters of GS1 CSET 82.</param>
/// <param name="Expiry">Expiry date, <c>yyyy-MM-dd</c>.</param>
/// <param name="Quantity">Units planned, at least 1.</param>
/// <param name="OperatorId">Who creates it.</param>
/// <param name="Reason">Why it is created on the line rather than planned by central.</param>
/// <param name="UnitsPerCase">Units a case holds; <c>LineApi:DefaultUnitsPerCase</c> when absent.</param>
/// <param name="CasesPerPallet">Cases a pallet holds; <c>LineApi:DefaultCasesPerPallet</c> when absent.</param>
public sealed record CreateWorkOrderRequest(
    string? Id, string? Gtin, string? Lot, string? Expiry, long? Quantity, string? OperatorId, string? Reason,
    int? UnitsPerCase = null, int? CasesPerPallet = null)
{
    /// <summary>The spec, or the problems by field (camelCase, as in the body).</summary>
    internal WorkOrderSpec? ToSpec(string id, LineApiOptions defaults, out Dictionary<string, string[]> problems)
    {
        problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (id.Length > 64 || id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || id.Length == 0)
        {
            problems["id"] = [$"The work order id \"{id}\" must be 1 to 64 characters without spaces."];
        }

        Core.Gs1.Gtin gtin = default;
        if (string.IsNullOrWhiteSpace(Gtin))
        {
            problems["gtin"] = ["The GTIN is required."];
        }
        else if (!Core.Gs1.Gtin.TryParse(Gtin.Trim(), out gtin, out var gtinError))
        {
            problems["gtin"] = [$"\"{Gtin}\" is not a GTIN: {gtinError}"];
        }

        var lot = Lot?.Trim() ?? "";
        if (!Gs1Ai10(lot))
        {
            problems["lot"] = [$"The lot \"{lot}\" must be 1 to 20 characters of GS1 CSET 82 (AI 10)."];
        }

        var expiry = "";
        if (string.IsNullOrWhiteSpace(Expiry))
        {
            problems["expiry"] = ["The expiry date is required (yyyy-MM-dd)."];
        }
        else if (!DateOnly.TryParseExact(Expiry.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems["expiry"] = [$"\"{Expiry}\" is not a date yyyy-MM-dd."];
        }
        else if (date.Year is < 2000 or > 2099)
        {
            problems["expiry"] = [$"{Expiry}: AI (17) carries years 2000 to 2099 only here."];
        }
        else
        {
            expiry = date.ToString("yyMMdd", CultureInfo.InvariantCulture);
        }

        if (Quantity is not >= 1)
        {
            problems["quantity"] = [Quantity is null ? "The quantity is required." : $"The quantity {Quantity} must be at least 1."];
        }

        if (UnitsPerCase is < 1)
        {
            problems["unitsPerCase"] = [$"Units per case {UnitsPerCase} must be at least 1."];
        }

        if (CasesPerPallet is < 1)
        {
            problems["casesPerPallet"] = [$"Cases per pallet {CasesPerPallet} must be at least 1."];
        }

        return problems.Count > 0
            ? null
            : new WorkOrderSpec(id, gtin, lot, expiry, Quantity!.Value, UnitsPerCase ?? defaults.DefaultUnitsPerCase, CasesPerPallet ?? defaults.DefaultCasesPerPallet);
    }

    private static bool Gs1Ai10(string lot) => lot.Length is >= 1 and <= 20 && lot.All(SerialAlphabet.IsGs1Cset82);
}
