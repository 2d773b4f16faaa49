using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Products and batches, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly Product Watch = new("09506000134352", 7, "W1", "Watch One", 1999.00m, "CNY", new WarrantyPolicy());

    private IProductCatalog Catalog => (IProductCatalog)Store;

    [Fact]
    public async Task A_product_round_trips_and_an_update_is_not_a_creation()
    {
        Assert.True(await Catalog.UpsertProductAsync(Watch));
        Assert.Equal(Watch, await Catalog.GetProductAsync(Watch.Gtin));

        var repriced = Watch with { ListPrice = 1799.50m, Warranty = new WarrantyPolicy(24, 7, 15) };
        Assert.False(await Catalog.UpsertProductAsync(repriced));
        Assert.Equal(repriced, await Catalog.GetProductAsync(Watch.Gtin));
    }

    [Fact]
    public async Task A_product_without_a_price_keeps_no_currency()
    {
        var unpriced = Watch with { ListPrice = null, Currency = null };
        await Catalog.UpsertProductAsync(unpriced);
        Assert.Equal(unpriced, await Catalog.GetProductAsync(Watch.Gtin));
    }

    [Fact]
    public async Task The_company_prefix_length_cannot_change_once_set()
    {
        await Catalog.UpsertProductAsync(Watch);

        var ex = await Assert.ThrowsAsync<ProductConflictException>(() => Catalog.UpsertProductAsync(Watch with { CompanyPrefixLength = 9, Model = "W2" }));

        Assert.Contains("company prefix length 7", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Watch, await Catalog.GetProductAsync(Watch.Gtin));
    }

    [Fact]
    public async Task Products_are_read_in_bulk_and_unknown_gtins_are_left_out()
    {
        var earbuds = Watch with { Gtin = "09506000134369", Model = "E1", Name = "Earbuds" };
        await Catalog.UpsertProductAsync(Watch);
        await Catalog.UpsertProductAsync(earbuds);

        var found = await Catalog.GetProductsAsync([Watch.Gtin, earbuds.Gtin, "00000000000017"]);

        Assert.Equal(2, found.Count);
        Assert.Equal(earbuds, found[earbuds.Gtin]);
        Assert.Null(await Catalog.GetProductAsync("00000000000017"));
    }

    [Fact]
    public async Task A_batch_belongs_to_a_known_product()
    {
        var batch = new Batch(Watch.Gtin, "L2026-11", new DateOnly(2026, 11, 20), new DateOnly(2029, 11, 30));

        await Assert.ThrowsAsync<KeyNotFoundException>(() => Catalog.UpsertBatchAsync(batch));
        Assert.Null(await Catalog.GetBatchAsync(Watch.Gtin, batch.Lot));

        await Catalog.UpsertProductAsync(Watch);
        Assert.True(await Catalog.UpsertBatchAsync(batch));
        Assert.Equal(batch, await Catalog.GetBatchAsync(Watch.Gtin, batch.Lot));

        var undated = batch with { ManufacturedOn = null, Expiry = null };
        Assert.False(await Catalog.UpsertBatchAsync(undated));
        Assert.Equal(undated, await Catalog.GetBatchAsync(Watch.Gtin, batch.Lot));
    }
}
