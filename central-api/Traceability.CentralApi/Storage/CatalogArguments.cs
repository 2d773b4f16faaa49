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

    /// <summary>
    /// The products among <paramref name="gtins"/>: those whose gtin matches <paramref name="gtinIn"/>, a condition on
    /// the parameter <c>@gtins</c> (the list as the store passes lists: an array, a JSON array) given as
    /// <paramref name="gtinsValue"/>. Integers and the price are read in whatever type the database keeps them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Product>> ReadProductsAsync(
        ConnectionOpener open, IReadOnlyCollection<string> gtins, string gtinIn, object gtinsValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gtins);
        if (gtins.Count == 0)
        {
            return new Dictionary<string, Product>(StringComparer.Ordinal);
        }

        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT gtin, company_prefix_length, model, name, list_price, currency, warranty_months, return_days, exchange_days
            FROM products WHERE {gtinIn};
            """;
        command.With("gtins", gtinsValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadProductsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, Product>> ReadProductsAsync(System.Data.Common.DbDataReader reader, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var c = System.Globalization.CultureInfo.InvariantCulture;
            var product = new Product(
                reader.GetString(0),
                Convert.ToInt32(reader.GetValue(1), c),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : Convert.ToDecimal(reader.GetValue(4), c),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                new WarrantyPolicy(Convert.ToInt32(reader.GetValue(6), c), Convert.ToInt32(reader.GetValue(7), c), Convert.ToInt32(reader.GetValue(8), c)));
            products[product.Gtin] = product;
        }

        return products;
    }

    /// <summary>The batch <paramref name="gtin"/>/<paramref name="lot"/> (the same SQL on both stores), or null.</summary>
    public static async Task<Batch?> ReadBatchAsync(ConnectionOpener open, string gtin, string lot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(lot);
        await using var connection = await open(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT manufactured_on, expiry FROM batches WHERE gtin = @gtin AND lot = @lot;";
        return await command.With("gtin", gtin).With("lot", lot)
            .ReadFirstOrNullAsync(reader => new Batch(gtin, lot, reader.DateOrNull(0), reader.DateOrNull(1)), cancellationToken)
            .ConfigureAwait(false);
    }

    public static ProductConflictException PrefixChanged(Product product, int stored) =>
        new($"Product {product.Gtin} has company prefix length {stored}; it cannot become {product.CompanyPrefixLength} (EPC URIs already issued would change).");
}
