namespace Traceability.CentralApi.Warranty;

/// <summary>
/// A service desk's correction of a unit's warranty start from the customer's invoice. Corrections are kept, never
/// changed: the latest one (by <paramref name="CorrectedAt"/>) is the one that counts.
/// </summary>
/// <param name="CorrectionId">Assigned by central (time-ordered).</param>
/// <param name="Gtin">The unit's GTIN.</param>
/// <param name="Serial">The unit's serial.</param>
/// <param name="InvoiceDate">The purchase date on the invoice: the new warranty start.</param>
/// <param name="Reason">Why (required), e.g. "invoice 0012345 from store Shenzhen Futian".</param>
/// <param name="CorrectedBy">The API key that made it.</param>
/// <param name="CorrectedAt">When.</param>
/// <param name="PreviousStart">The start before the correction, if one was known.</param>
/// <param name="PreviousRule">The rule that had decided <paramref name="PreviousStart"/>.</param>
public sealed record WarrantyCorrection(
    Guid CorrectionId,
    string Gtin,
    string Serial,
    DateOnly InvoiceDate,
    string Reason,
    string CorrectedBy,
    DateTimeOffset CorrectedAt,
    DateOnly? PreviousStart,
    WarrantyRule? PreviousRule);
