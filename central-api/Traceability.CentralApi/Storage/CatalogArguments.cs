using Traceability.CentralApi.Catalog;

namespace Traceability.CentralApi.Storage;

/// <summary>The argument checks of <see cref="IProductCatalog"/>, the same on every database.</summary>
internal static class CatalogArguments
{
    public static void Check(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentException.ThrowIfNullOrWhiteSpace(product.Gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(product.Model);
        ArgumentException.ThrowIfNullOrWhiteSpace(product.Name);
        ArgumentNullException.ThrowIfNull(product.Warranty);
        if ((product.ListPrice is null) != (product.Currency is null))
        {
            throw new ArgumentException("A price needs its currency and a currency its price.", nameof(product));
        }
    }

    public static void Check(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.Gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.Lot);
    }

    public static ProductConflictException PrefixChanged(Product product, int stored) =>
        new($"Product {product.Gtin} has company prefix length {stored}; it cannot become {product.CompanyPrefixLength} (EPC URIs already issued would change).");
}
