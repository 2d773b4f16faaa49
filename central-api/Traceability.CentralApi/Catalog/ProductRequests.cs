using System.Text.RegularExpressions;
using Traceability.Core.Gs1;
using Traceability.Core.Gs1.Syntax;

namespace Traceability.CentralApi.Catalog;

/// <summary>
/// The body of <c>POST /api/products</c>. Warranty fields left out take the three-guarantees defaults; a product without
/// a name is named by its model.
/// </summary>
public sealed record ProductRequest(
    string? Gtin,
    int? CompanyPrefixLength,
    string? Model,
    string? Name,
    decimal? ListPrice,
    string? Currency,
    int? WarrantyMonths,
    int? ReturnDays,
    int? ExchangeDays);

/// <summary>The body of <c>POST /api/products/{gtin}/batches</c>.</summary>
public sealed record BatchRequest(string? Lot, DateOnly? ManufacturedOn, DateOnly? Expiry);

/// <summary>Turns requests into master data, or into field errors for a validation problem.</summary>
internal static partial class CatalogValidation
{
    private const int MaxTextLength = 200;

    public static bool TryProduct(ProductRequest request, out Product product, out Dictionary<string, string[]> errors)
    {
        errors = [];
        product = null!;
        if (!Gtin.TryParse(request.Gtin, out var gtin, out var gtinError))
        {
            errors["gtin"] = [request.Gtin is null ? "Required." : gtinError.Message];
        }

        if (request.CompanyPrefixLength is not (>= 6 and <= 12))
        {
            errors["companyPrefixLength"] = ["The GS1 Company Prefix length is required, 6 to 12 digits (EPC URIs split the GTIN there)."];
        }

        CheckText(errors, "model", request.Model);
        if (request.Name is not null)
        {
            CheckText(errors, "name", request.Name);
        }

        if (request.ListPrice is { } listPrice && listPrice < 0)
        {
            errors["listPrice"] = ["A price cannot be negative."];
        }

        if (request.ListPrice is not null && (request.Currency is null || !CurrencyCode().IsMatch(request.Currency)))
        {
            errors["currency"] = ["A price needs its ISO 4217 alphabetic currency code, e.g. CNY."];
        }
        else if (request.ListPrice is null && request.Currency is not null)
        {
            errors["listPrice"] = ["A currency was given without a price."];
        }

        var defaults = new WarrantyPolicy();
        var policy = new WarrantyPolicy(
            request.WarrantyMonths ?? defaults.WarrantyMonths,
            request.ReturnDays ?? defaults.ReturnDays,
            request.ExchangeDays ?? defaults.ExchangeDays);
        if (policy.WarrantyMonths is < 0 or > 120)
        {
            errors["warrantyMonths"] = ["0 to 120 months."];
        }

        if (policy.ReturnDays is < 0 or > 365)
        {
            errors["returnDays"] = ["0 to 365 days."];
        }

        if (policy.ExchangeDays < policy.ReturnDays || policy.ExchangeDays > 365)
        {
            errors["exchangeDays"] = [$"At least the return window ({policy.ReturnDays} days) and at most 365 days."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        var model = request.Model!.Trim();
        product = new Product(gtin.Value, request.CompanyPrefixLength!.Value, model, request.Name?.Trim() ?? model, request.ListPrice, request.Currency, policy);
        return true;
    }

    public static bool TryBatch(string gtinText, BatchRequest request, out Batch batch, out Dictionary<string, string[]> errors)
    {
        errors = [];
        batch = null!;
        if (!Gtin.TryParse(gtinText, out var gtin, out var gtinError))
        {
            errors["gtin"] = [gtinError.Message];
        }

        var lot = request.Lot ?? "";
        if (request.Lot is null)
        {
            errors["lot"] = ["Required."];
        }
        else if (LotDefinition.Check(lot) is { } lotError)
        {
            errors["lot"] = [$"Not an AI (10) batch/lot: {lotError.Message}."];
        }

        if (request.ManufacturedOn is { } made && request.Expiry is { } expiry && expiry < made)
        {
            errors["expiry"] = ["The expiry date is before the manufacture date."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        batch = new Batch(gtin.Value, lot, request.ManufacturedOn, request.Expiry);
        return true;
    }

    public static bool TryGtin(string text, out string gtin, out Dictionary<string, string[]> errors)
    {
        errors = [];
        gtin = "";
        if (Gtin.TryParse(text, out var parsed, out var error))
        {
            gtin = parsed.Value;
            return true;
        }

        errors["gtin"] = [error.Message];
        return false;
    }

    private static AiDefinition LotDefinition =>
        AiTable.Default.TryGet("10", out var d) ? d : throw new InvalidOperationException("AI (10) is missing from the syntax dictionary.");

    private static void CheckText(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else if (value.Length > MaxTextLength)
        {
            errors[field] = [$"At most {MaxTextLength} characters."];
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
