using Microsoft.Extensions.Options;
using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Warranty;

/// <summary>
/// Adds facts about a unit that can start its warranty. Central fills in commissioning and invoice corrections itself;
/// the channel (sale-out, ship date) and activation register a source each, and every caller of
/// <see cref="WarrantyService"/> then decides with them, with no other change.
/// </summary>
public interface IWarrantyFactSource
{
    /// <summary>Returns <paramref name="facts"/> with what this source knows of <paramref name="unit"/> filled in.</summary>
    ValueTask<WarrantyFacts> AddFactsAsync(UnitRecord unit, WarrantyFacts facts, CancellationToken cancellationToken);

    /// <summary>Returns <paramref name="facts"/> with what this source knows of <paramref name="unit"/> from <paramref name="reads"/> (no I/O).</summary>
    WarrantyFacts AddFacts(UnitRecord unit, WarrantyFacts facts, WarrantyReads reads);
}

/// <summary>A unit's warranty as central sees it: policy, facts, the decision and the corrections behind it.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Policy">The product's policy, or the three-guarantees default when the product is not in the catalog.</param>
/// <param name="PolicyFromCatalog">False when <paramref name="Policy"/> is the default.</param>
/// <param name="Facts">The facts decided from.</param>
/// <param name="Decision">The decision, or null when no fact can start the warranty (never commissioned, no correction).</param>
/// <param name="Corrections">Invoice corrections, oldest first.</param>
public sealed record UnitWarranty(
    UnitRecord Unit, WarrantyPolicy Policy, bool PolicyFromCatalog, WarrantyFacts Facts, WarrantyDecision? Decision, IReadOnlyList<WarrantyCorrection> Corrections);

/// <summary>Gathers a unit's warranty facts and decides with <see cref="WarrantyRules"/> on a local day.</summary>
public sealed class WarrantyService
{
    private readonly ICentralStore _store;
    private readonly IProductCatalog _catalog;
    private readonly IWarrantyCorrections _corrections;
    private readonly IWarrantyFactSource[] _sources;
    private readonly TimeProvider _time;
    private readonly int _graceDays;

    public WarrantyService(
        ICentralStore store, IProductCatalog catalog, IWarrantyCorrections corrections, IEnumerable<IWarrantyFactSource> sources,
        IOptions<WarrantyOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _catalog = catalog;
        _corrections = corrections;
        _sources = [.. sources];
        _time = time;
        _graceDays = options.Value.ShipGraceDays;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    }

    /// <summary>The zone whose days count (<c>Warranty:TimeZone</c>).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Today in <see cref="TimeZone"/>.</summary>
    public DateOnly Today => LocalDate(_time.GetUtcNow());

    /// <summary>The local day of <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => WarrantyRules.LocalDate(instant, TimeZone);

    /// <summary>The unit's warranty judged on <paramref name="on"/> (default today), or null when central has no such unit.</summary>
    public async Task<UnitWarranty?> GetAsync(string gtin, string serial, DateOnly? on = null, CancellationToken cancellationToken = default)
    {
        return await _store.GetUnitAsync(gtin, serial, cancellationToken) is { } unit ? await GetAsync(unit, on, cancellationToken) : null;
    }

    /// <summary>The warranty of <paramref name="unit"/>, already read by the caller, judged on <paramref name="on"/> (default today).</summary>
    public async Task<UnitWarranty> GetAsync(UnitRecord unit, DateOnly? on = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var (gtin, serial) = (unit.Gtin, unit.Serial);
        var product = await _catalog.GetProductAsync(gtin, cancellationToken);
        var corrections = await _corrections.ListWarrantyCorrectionsAsync(gtin, serial, cancellationToken);
        var facts = new WarrantyFacts(Commissioned: unit.CommissionedAt, InvoiceDate: corrections.Count > 0 ? corrections[^1].InvoiceDate : null);
        foreach (var source in _sources)
        {
            facts = await source.AddFactsAsync(unit, facts, cancellationToken);
        }

        var policy = product?.Warranty ?? new WarrantyPolicy();
        var decision = WarrantyRules.Decide(policy, facts, on ?? Today, TimeZone, _graceDays);
        return new UnitWarranty(unit, policy, product is not null, facts, decision, corrections);
    }

    /// <summary>
    /// The decision for <paramref name="unit"/> from <paramref name="reads"/>, read by the caller with the unit (the
    /// product comes from the catalog), judged on <paramref name="on"/> (default today); null when no fact starts it.
    /// </summary>
    public async Task<WarrantyDecision?> DecideAsync(UnitRecord unit, WarrantyReads reads, DateOnly? on = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(reads);
        var product = await _catalog.GetProductAsync(unit.Gtin, cancellationToken);
        var facts = new WarrantyFacts(Commissioned: unit.CommissionedAt, InvoiceDate: reads.InvoiceDate);
        foreach (var source in _sources)
        {
            facts = source.AddFacts(unit, facts, reads);
        }

        return WarrantyRules.Decide(product?.Warranty ?? new WarrantyPolicy(), facts, on ?? Today, TimeZone, _graceDays);
    }
}
