using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Trade-in quotes and accepts, the same on every database: one accept per unit, however many race.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset Quoted = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private ITradeInStore TradeIns => (ITradeInStore)Store;

    [Fact]
    public async Task A_quote_round_trips_and_accepting_retires_the_unit_once()
    {
        await PackPalletAsync(["T1", "T2", "T3", "T4"]);
        var quote = Quote("T1");
        await TradeIns.AddTradeInQuoteAsync(quote);

        Assert.Equal(quote, await TradeIns.GetTradeInQuoteAsync(quote.QuoteId));
        Assert.Null(await TradeIns.GetTradeInQuoteAsync(Guid.NewGuid()));
        Assert.Equal(new TradeInFacts(null, false, false, null), await TradeIns.GetTradeInFactsAsync(Gtin, "T1"));
        Assert.Null(await TradeIns.GetTradeInFactsAsync(Gtin, "nobody"));

        var order = Order(quote, Quoted.AddHours(1));
        Assert.Equal(TradeInAcceptOutcome.Accepted, await TradeIns.AcceptTradeInQuoteAsync(order, Quoted.AddHours(1)));
        Assert.Equal(TradeInAcceptOutcome.AlreadyAccepted, await TradeIns.AcceptTradeInQuoteAsync(Order(quote, Quoted.AddHours(2)), Quoted.AddHours(2)));
        Assert.Equal(TradeInAcceptOutcome.QuoteNotFound, await TradeIns.AcceptTradeInQuoteAsync(Order(Quote("T1"), Quoted), Quoted));

        Assert.Equal(order, await TradeIns.GetTradeInOrderAsync(quote.QuoteId));
        var stored = await TradeIns.GetTradeInQuoteAsync(quote.QuoteId);
        Assert.Equal((order.CreatedAt, order.OrderId), (stored!.AcceptedAt, stored.OrderId));
        Assert.Equal(order.CreatedAt, (await TradeIns.GetTradeInFactsAsync(Gtin, "T1"))!.RetiredAt);

        var expired = Quote("T2");
        await TradeIns.AddTradeInQuoteAsync(expired);
        Assert.Equal(TradeInAcceptOutcome.Expired, await TradeIns.AcceptTradeInQuoteAsync(Order(expired, expired.ExpiresAt), expired.ExpiresAt));
        Assert.Null((await TradeIns.GetTradeInFactsAsync(Gtin, "T2"))!.RetiredAt);
        Assert.Null(await TradeIns.GetTradeInOrderAsync(expired.QuoteId));
    }

    [Fact]
    public async Task Concurrent_accepts_of_quotes_for_one_unit_from_two_processes_end_with_exactly_one_order()
    {
        var other = (ITradeInStore)OpenTracked(DatabaseName);
        await PackPalletAsync(["Q1", "Q2", "Q3", "Q4"]);
        foreach (var serial in new[] { "Q1", "Q2", "Q3", "Q4" })
        {
            // Four quotes for the unit, each accepted twice: eight racers, one winner.
            var quotes = Enumerable.Range(0, 4).Select(_ => Quote(serial)).ToList();
            foreach (var quote in quotes)
            {
                await TradeIns.AddTradeInQuoteAsync(quote);
            }

            var orders = quotes.Concat(quotes).Select(q => Order(q, Quoted.AddMinutes(5))).ToList();
            using var start = new ManualResetEventSlim();
            var tasks = orders.Select((o, i) => Task.Run(async () =>
            {
                start.Wait();
                return await (i % 2 == 0 ? TradeIns : other).AcceptTradeInQuoteAsync(o, Quoted.AddMinutes(5));
            })).ToList();
            start.Set();
            var outcomes = await Task.WhenAll(tasks);

            var winner = Assert.Single(orders.Where((_, i) => outcomes[i] == TradeInAcceptOutcome.Accepted));
            Assert.All(outcomes.Where(o => o != TradeInAcceptOutcome.Accepted), o => Assert.True(o is TradeInAcceptOutcome.UnitRetired or TradeInAcceptOutcome.AlreadyAccepted, o.ToString()));
            Assert.Equal(winner, await other.GetTradeInOrderAsync(winner.QuoteId));
            foreach (var quote in quotes.Where(q => q.QuoteId != winner.QuoteId))
            {
                Assert.Null(await TradeIns.GetTradeInOrderAsync(quote.QuoteId));
                Assert.Null((await TradeIns.GetTradeInQuoteAsync(quote.QuoteId))!.AcceptedAt);
            }
        }
    }

    private static TradeInQuoteRecord Quote(string serial) =>
        new(Guid.NewGuid(), Gtin, serial, "B", 682.5m, "CNY", Quoted, Quoted.AddHours(72), """{"value":682.5}""");

    private static TradeInOrderRecord Order(TradeInQuoteRecord quote, DateTimeOffset at) =>
        new(Guid.NewGuid(), quote.QuoteId, quote.Gtin, quote.Serial, "09506000134369", 2000m, quote.Value, 2000m - quote.Value, "CNY", "Li Wei", "RC-1", "CN-440300", "watch", at);
}
