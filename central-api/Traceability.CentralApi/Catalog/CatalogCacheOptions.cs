using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Catalog;

/// <summary>How long this process keeps products and batches it read (section <c>CatalogCache</c>).</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "CatalogCache";

    /// <summary>
    /// How long a product or batch read from the store is reused (default 30 s; zero turns the cache off). A change
    /// through this process's catalog API is seen at once; a change made through another central process is seen here
    /// after at most this long.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most products and the most batches kept (default 10,000 each); past it the cache starts over.</summary>
    public int MaxEntries { get; set; } = 10_000;
}

internal sealed class CatalogCacheOptionsValidator : IValidateOptions<CatalogCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogCacheOptions options)
    {
        var failures = new List<string>();
        if (options.Lifetime < TimeSpan.Zero || options.Lifetime > TimeSpan.FromHours(1))
        {
            failures.Add($"CatalogCache:Lifetime is {options.Lifetime}; it must be 00:00:00 to 01:00:00.");
        }

        if (options.MaxEntries < 1)
        {
            failures.Add($"CatalogCache:MaxEntries is {options.MaxEntries}; it must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
