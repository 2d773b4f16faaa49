namespace Traceability.CentralApi.Catalog;

/// <summary>Product master data: what central knows about a trade item (one GTIN).</summary>
/// <param name="Gtin">The GTIN, 14 digits.</param>
/// <param name="CompanyPrefixLength">
/// How many digits of the GTIN (after the indicator digit) are the brand's GS1 Company Prefix, 6 to 12. It cannot be
/// derived from the GTIN, and EPC URIs (<c>urn:epc:id:sgtin:…</c>) split the GTIN there. Fixed once set.
/// </param>
/// <param name="Model">The model name printed on the product, e.g. "W1 Pro".</param>
/// <param name="Name">The product's name for people.</param>
/// <param name="ListPrice">Manufacturer's suggested retail price, or null.</param>
/// <param name="Currency">ISO 4217 alphabetic code of <paramref name="ListPrice"/>, e.g. "CNY"; null without a price.</param>
/// <param name="Warranty">The warranty policy units of this product start with.</param>
public sealed record Product(
    string Gtin, int CompanyPrefixLength, string Model, string Name, decimal? ListPrice, string? Currency, WarrantyPolicy Warranty);

/// <summary>
/// A warranty policy. The defaults are China's "three guarantees" (三包): return within 7 days, exchange within 15,
/// repair within the warranty term (one year for most electronics).
/// </summary>
/// <param name="WarrantyMonths">Repair term from the warranty start.</param>
/// <param name="ReturnDays">Days from the warranty start in which a faulty unit may be returned.</param>
/// <param name="ExchangeDays">Days from the warranty start in which a faulty unit may be exchanged.</param>
public sealed record WarrantyPolicy(int WarrantyMonths = 12, int ReturnDays = 7, int ExchangeDays = 15);

/// <summary>A production batch (lot) of one product.</summary>
/// <param name="Gtin">The product's GTIN, 14 digits.</param>
/// <param name="Lot">The AI (10) batch/lot number.</param>
/// <param name="ManufacturedOn">Manufacture date, or null when unknown.</param>
/// <param name="Expiry">Expiry date, or null when the product does not expire.</param>
public sealed record Batch(string Gtin, string Lot, DateOnly? ManufacturedOn, DateOnly? Expiry);

/// <summary>A product update would change what was fixed when the product was created.</summary>
public sealed class ProductConflictException : Exception
{
    public ProductConflictException()
    {
    }

    public ProductConflictException(string message)
        : base(message)
    {
    }

    public ProductConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
