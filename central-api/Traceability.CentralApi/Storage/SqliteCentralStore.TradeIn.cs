using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>Trade-in on SQLite: accepting is one IMMEDIATE write transaction, so two accepts cannot interleave.</summary>
public sealed partial class SqliteCentralStore : ITradeInStore
{
    public async Task<TradeInFacts?> GetTradeInFactsAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, TradeInQueries.Facts);
        command.Parameters.AddWithValue("@gtin", gtin);
        command.Parameters.AddWithValue("@serial", serial);
        command.Parameters.AddWithValue("@yes", 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TradeInFacts(reader.InstantOrNull(0), reader.GetInt64(1) != 0, reader.GetInt64(2) != 0, reader.TextOrNull(3))
            : null;
    }

    public async Task AddTradeInQuoteAsync(TradeInQuoteRecord quote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quote);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var insert = Command(
            connection,
            write.Transaction,
            $"INSERT INTO tradein_quotes ({TradeInQueries.QuoteColumns}) VALUES (@quote, @gtin, @serial, @condition, @value, @currency, @created, @expires, @body, NULL, NULL);");
        insert.Parameters.AddWithValue("@quote", quote.QuoteId.ToString("D"));
        insert.Parameters.AddWithValue("@gtin", quote.Gtin);
        insert.Parameters.AddWithValue("@serial", quote.Serial);
        insert.Parameters.AddWithValue("@condition", quote.Condition);
        insert.Parameters.AddWithValue("@value", Money(quote.Value));
        insert.Parameters.AddWithValue("@currency", quote.Currency);
        insert.Parameters.AddWithValue("@created", EventBatch.ToSqliteText(quote.CreatedAt));
        insert.Parameters.AddWithValue("@expires", EventBatch.ToSqliteText(quote.ExpiresAt));
        insert.Parameters.AddWithValue("@body", quote.Body);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await write.Transaction.CommitAsync(cancellationToken);
    }

    public async Task<TradeInQuoteRecord?> GetTradeInQuoteAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {TradeInQueries.QuoteColumns} FROM tradein_quotes WHERE quote_id = @quote;");
        command.Parameters.AddWithValue("@quote", quoteId.ToString("D"));
        return await command.ReadFirstOrNullAsync(TradeInRows.Quote, cancellationToken);
    }

    public async Task<TradeInOrderRecord?> GetTradeInOrderAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {TradeInQueries.OrderColumns} FROM tradein_orders WHERE quote_id = @quote;");
        command.Parameters.AddWithValue("@quote", quoteId.ToString("D"));
        return await command.ReadFirstOrNullAsync(TradeInRows.Order, cancellationToken);
    }

    public async Task<TradeInAcceptOutcome> AcceptTradeInQuoteAsync(TradeInOrderRecord order, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await using (var claim = Command(connection, tx, TradeInQueries.Claim))
        {
            claim.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(order.CreatedAt));
            claim.Parameters.AddWithValue("@order", order.OrderId.ToString("D"));
            claim.Parameters.AddWithValue("@quote", order.QuoteId.ToString("D"));
            claim.Parameters.AddWithValue("@now", EventBatch.ToSqliteText(now));
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var state = Command(connection, tx, TradeInQueries.QuoteState);
                state.Parameters.AddWithValue("@quote", order.QuoteId.ToString("D"));
                await using var reader = await state.ExecuteReaderAsync(cancellationToken);
                var found = await reader.ReadAsync(cancellationToken);
                return TradeInQueries.WhyNotClaimed(found, found && !reader.IsDBNull(0));
            }
        }

        await using (var retire = Command(connection, tx, TradeInQueries.Retire))
        {
            retire.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(order.CreatedAt));
            retire.Parameters.AddWithValue("@gtin", order.Gtin);
            retire.Parameters.AddWithValue("@serial", order.Serial);
            if (await retire.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Disposing the transaction uncommitted rolls the claim back.
                return TradeInAcceptOutcome.UnitRetired;
            }
        }

        await using (var insert = Command(connection, tx, $"INSERT INTO tradein_orders ({TradeInQueries.OrderColumns}) VALUES ({TradeInQueries.OrderValues});"))
        {
            insert.Parameters.AddWithValue("@order", order.OrderId.ToString("D"));
            insert.Parameters.AddWithValue("@quote", order.QuoteId.ToString("D"));
            insert.Parameters.AddWithValue("@gtin", order.Gtin);
            insert.Parameters.AddWithValue("@serial", order.Serial);
            insert.Parameters.AddWithValue("@new_gtin", order.NewGtin);
            insert.Parameters.AddWithValue("@new_price", Money(order.NewPrice));
            insert.Parameters.AddWithValue("@value", Money(order.TradeInValue));
            insert.Parameters.AddWithValue("@due", Money(order.AmountDue));
            insert.Parameters.AddWithValue("@currency", order.Currency);
            insert.Parameters.AddWithValue("@customer", order.Customer);
            insert.Parameters.AddWithValue("@recycler", order.RecyclerId);
            insert.Parameters.AddWithValue("@region", order.Region);
            insert.Parameters.AddWithValue("@category", order.Category);
            insert.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(order.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return TradeInAcceptOutcome.Accepted;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
