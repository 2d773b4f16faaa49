using Traceability.CentralApi.Catalog;

namespace Traceability.CentralApi.Storage;

/// <summary>Products and batches: the master data events and pages are read against.</summary>
/// <remarks>Implemented by each central store over its own database, so master data and events commit together.</remarks>
public interface IProductCatalog
{
    /// <summary>Creates or updates a product.</summary>
    /// <returns>True when the product was created, false when an existing one was updated.</returns>
    /// <exception cref="ProductConflictException">The product exists with another company prefix length.</exception>
    Task<bool> UpsertProductAsync(Product product, CancellationToken cancellationToken = default);

    /// <summary>The product with this GTIN (14 digits), or null.</summary>
    Task<Product?> GetProductAsync(string gtin, CancellationToken cancellationToken = default);

    /// <summary>The products among <paramref name="gtins"/> that central knows, keyed by GTIN.</summary>
    Task<IReadOnlyDictionary<string, Product>> GetProductsAsync(IReadOnlyCollection<string> gtins, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a batch of a known product.</summary>
    /// <returns>True when the batch was created.</returns>
    /// <exception cref="KeyNotFoundException">The product is not known.</exception>
    Task<bool> UpsertBatchAsync(Batch batch, CancellationToken cancellationToken = default);

    /// <summary>The batch, or null.</summary>
    Task<Batch?> GetBatchAsync(string gtin, string lot, CancellationToken cancellationToken = default);
}
