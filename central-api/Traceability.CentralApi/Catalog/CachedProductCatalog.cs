using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Catalog;

/// <summary>
/// The product catalog with this process's recent reads kept for <see cref="CatalogCacheOptions.Lifetime"/>: a consumer
/// scan reads its unit's product three times and its batch once, a trade-in quote its product twice, and master data
/// changes rarely. A product or batch written through this catalog drops its entry at once, and a read that raced with
/// a write is not kept; "not found" is kept too, so a scan of an unknown GTIN costs no read.
/// </summary>
internal sealed class CachedProductCatalog(IProductCatalog store, IOptions<CatalogCacheOptions> options, TimeProvider time) : IProductCatalog
{
    private readonly CatalogCacheOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Entry<Product>> _products = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Gtin, string Lot), Entry<Batch>> _batches = new();
    private long _writes;

    public async Task<bool> UpsertProductAsync(Product product, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        try
        {
            return await store.UpsertProductAsync(product, cancellationToken);
        }
        finally
        {
            // Dropped whether the write succeeded or not: the next read asks the store.
            Interlocked.Increment(ref _writes);
            _products.TryRemove(product.Gtin, out _);
        }
    }

    public async Task<Product?> GetProductAsync(string gtin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gtin);
        var now = time.GetUtcNow();
        if (_products.TryGetValue(gtin, out var cached) && cached.Until > now)
        {
            return cached.Value;
        }

        var writes = Interlocked.Read(ref _writes);
        var product = await store.GetProductAsync(gtin, cancellationToken);
        Keep(_products, gtin, product, now, writes);
        return product;
    }

    public async Task<IReadOnlyDictionary<string, Product>> GetProductsAsync(IReadOnlyCollection<string> gtins, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gtins);
        var now = time.GetUtcNow();
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var gtin in gtins)
        {
            if (_products.TryGetValue(gtin, out var cached) && cached.Until > now)
            {
                if (cached.Value is { } product)
                {
                    found[gtin] = product;
                }
            }
            else
            {
                missing.Add(gtin);
            }
        }

        if (missing.Count > 0)
        {
            var writes = Interlocked.Read(ref _writes);
            var read = await store.GetProductsAsync(missing, cancellationToken);
            foreach (var gtin in missing)
            {
                var product = read.GetValueOrDefault(gtin);
                Keep(_products, gtin, product, now, writes);
                if (product is not null)
                {
                    found[gtin] = product;
                }
            }
        }

        return found;
    }

    public async Task<bool> UpsertBatchAsync(Batch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            return await store.UpsertBatchAsync(batch, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _writes);
            _batches.TryRemove((batch.Gtin, batch.Lot), out _);
        }
    }

    public async Task<Batch?> GetBatchAsync(string gtin, string lot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gtin);
        ArgumentNullException.ThrowIfNull(lot);
        var now = time.GetUtcNow();
        if (_batches.TryGetValue((gtin, lot), out var cached) && cached.Until > now)
        {
            return cached.Value;
        }

        var writes = Interlocked.Read(ref _writes);
        var batch = await store.GetBatchAsync(gtin, lot, cancellationToken);
        Keep(_batches, (gtin, lot), batch, now, writes);
        return batch;
    }

    // writesBefore: the write count when the read started. A write that ran meanwhile may have dropped its entry before
    // this read's older value was set: the value is dropped again (a write counts before it drops, so one of the two
    // drops comes after the set).
    private void Keep<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> cache, TKey key, TValue? value, DateTimeOffset now, long writesBefore)
        where TKey : notnull
        where TValue : class
    {
        if (_options.Lifetime <= TimeSpan.Zero)
        {
            return;
        }

        if (cache.Count >= _options.MaxEntries)
        {
            cache.Clear();
        }

        cache[key] = new Entry<TValue>(value, now + _options.Lifetime);
        if (Interlocked.Read(ref _writes) != writesBefore)
        {
            cache.TryRemove(key, out _);
        }
    }

    private sealed record Entry<TValue>(TValue? Value, DateTimeOffset Until)
        where TValue : class;
}
