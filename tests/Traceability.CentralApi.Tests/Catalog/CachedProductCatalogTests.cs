using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Catalog;

public sealed class CachedProductCatalogTests
{
    private const string Gtin = "09506000134352";
    private readonly CountingCatalog _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_product_read_twice_within_the_lifetime_is_read_from_the_store_once_and_again_after_it()
    {
        var catalog = Catalog(TimeSpan.FromSeconds(30));
        _store.Products[Gtin] = Product("W1");

        Assert.Equal("W1", (await catalog.GetProductAsync(Gtin))!.Model);
        _store.Products[Gtin] = Product("W2");
        Assert.Equal("W1", (await catalog.GetProductAsync(Gtin))!.Model);
        Assert.Equal(1, _store.Reads);

        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("W2", (await catalog.GetProductAsync(Gtin))!.Model);
        Assert.Equal(2, _store.Reads);
    }

    [Fact]
    public async Task A_product_written_through_the_catalog_is_seen_at_once_even_after_not_found_was_kept()
    {
        var catalog = Catalog(TimeSpan.FromMinutes(10));
        Assert.Null(await catalog.GetProductAsync(Gtin));
        Assert.Null(await catalog.GetProductAsync(Gtin));
        Assert.Equal(1, _store.Reads);

        await catalog.UpsertProductAsync(Product("W1"));
        Assert.Equal("W1", (await catalog.GetProductAsync(Gtin))!.Model);
        await catalog.UpsertProductAsync(Product("W2"));
        Assert.Equal("W2", (await catalog.GetProductAsync(Gtin))!.Model);
        Assert.Equal("W2", (await catalog.GetProductsAsync([Gtin]))[Gtin].Model);
    }

    [Fact]
    public async Task A_batch_written_through_the_catalog_is_seen_at_once()
    {
        var catalog = Catalog(TimeSpan.FromMinutes(10));
        await catalog.UpsertBatchAsync(new Batch(Gtin, "L1", null, new DateOnly(2027, 1, 1)));
        Assert.Equal(new DateOnly(2027, 1, 1), (await catalog.GetBatchAsync(Gtin, "L1"))!.Expiry);
        await catalog.UpsertBatchAsync(new Batch(Gtin, "L1", null, new DateOnly(2028, 1, 1)));
        Assert.Equal(new DateOnly(2028, 1, 1), (await catalog.GetBatchAsync(Gtin, "L1"))!.Expiry);
    }

    [Fact]
    public async Task A_lifetime_of_zero_reads_the_store_every_time()
    {
        var catalog = Catalog(TimeSpan.Zero);
        _store.Products[Gtin] = Product("W1");
        await catalog.GetProductAsync(Gtin);
        await catalog.GetProductAsync(Gtin);
        Assert.Equal(2, _store.Reads);
    }

    private CachedProductCatalog Catalog(TimeSpan lifetime) =>
        new(_store, Options.Create(new CatalogCacheOptions { Lifetime = lifetime }), _time);

    private static Product Product(string model) => new(Gtin, 7, model, "Watch", 1_999m, "CNY", new WarrantyPolicy());

    private sealed class CountingCatalog : IProductCatalog
    {
        public Dictionary<string, Product> Products { get; } = [];

        public Dictionary<(string, string), Batch> Batches { get; } = [];

        public int Reads { get; private set; }

        public Task<bool> UpsertProductAsync(Product product, CancellationToken cancellationToken = default)
        {
            var created = Products.TryAdd(product.Gtin, product);
            Products[product.Gtin] = product;
            return Task.FromResult(created);
        }

        public Task<Product?> GetProductAsync(string gtin, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(Products.GetValueOrDefault(gtin));
        }

        public Task<IReadOnlyDictionary<string, Product>> GetProductsAsync(IReadOnlyCollection<string> gtins, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<IReadOnlyDictionary<string, Product>>(gtins.Where(Products.ContainsKey).ToDictionary(g => g, g => Products[g]));
        }

        public Task<bool> UpsertBatchAsync(Batch batch, CancellationToken cancellationToken = default)
        {
            var created = Batches.TryAdd((batch.Gtin, batch.Lot), batch);
            Batches[(batch.Gtin, batch.Lot)] = batch;
            return Task.FromResult(created);
        }

        public Task<Batch?> GetBatchAsync(string gtin, string lot, CancellationToken cancellationToken = default) =>
            Task.FromResult(Batches.GetValueOrDefault((gtin, lot)));
    }
}
