namespace Traceability.CentralApi.Warranty;

/// <summary>The body of <c>POST /api/units/{gtin}/{serial}/warranty/corrections</c>.</summary>
/// <param name="InvoiceDate">The purchase date on the invoice, yyyy-MM-dd.</param>
/// <param name="Reason">Why; required.</param>
public sealed record WarrantyCorrectionRequest(string? InvoiceDate, string? Reason);

/// <summary>A unit's warranty as the API shows it.</summary>
public sealed record WarrantyResponse(
    string Gtin,
    string Serial,
    PolicyResponse Policy,
    FactsResponse Facts,
    WarrantyStatusResponse? Status,
    IReadOnlyList<CorrectionResponse> Corrections)
{
    public static WarrantyResponse From(UnitWarranty w) => new(
        w.Unit.Gtin,
        w.Unit.Serial,
        new PolicyResponse(w.Policy.WarrantyMonths, w.Policy.ReturnDays, w.Policy.ExchangeDays, w.PolicyFromCatalog ? "catalog" : "default"),
        new FactsResponse(w.Facts.SaleOut, w.Facts.Activation, w.Facts.Shipped, w.Facts.Commissioned, w.Facts.InvoiceDate),
        w.Decision is { } d ? WarrantyStatusResponse.From(d) : null,
        w.Corrections.Select(CorrectionResponse.From).ToList());
}

/// <summary>The policy applied; <paramref name="Source"/> is "catalog" or "default" (product not in the catalog).</summary>
public sealed record PolicyResponse(int WarrantyMonths, int ReturnDays, int ExchangeDays, string Source);

/// <summary>The facts decided from; null where central does not know.</summary>
public sealed record FactsResponse(DateTimeOffset? SaleOut, DateTimeOffset? Activation, DateTimeOffset? Shipped, DateTimeOffset? Commissioned, DateOnly? InvoiceDate);

/// <summary>The decision: start, end, the rule, the day judged and each remedy.</summary>
public sealed record WarrantyStatusResponse(DateOnly Start, DateOnly End, WarrantyRule Rule, DateOnly Today, RemedyWindow Return, RemedyWindow Exchange, RemedyWindow Repair)
{
    public static WarrantyStatusResponse From(WarrantyDecision d) => new(d.Start, d.End, d.Rule, d.Today, d.Return, d.Exchange, d.Repair);
}

/// <summary>One correction in the audit trail.</summary>
public sealed record CorrectionResponse(Guid Id, DateOnly InvoiceDate, string Reason, string CorrectedBy, DateTimeOffset CorrectedAt, DateOnly? PreviousStart, WarrantyRule? PreviousRule)
{
    public static CorrectionResponse From(WarrantyCorrection c) => new(c.CorrectionId, c.InvoiceDate, c.Reason, c.CorrectedBy, c.CorrectedAt, c.PreviousStart, c.PreviousRule);
}
