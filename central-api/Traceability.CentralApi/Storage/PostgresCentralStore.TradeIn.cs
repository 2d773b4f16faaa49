using Npgsql;
using NpgsqlTypes;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Trade-in on PostgreSQL. Accepting claims the quote row and then the unit row with guarded UPDATEs in one transaction:
/// a concurrent accept of the same quote or the same unit waits on the row lock, then re-reads the guard and finds the
/// quote accepted or the unit retired (READ COMMITTED re-checks the WHERE of an UPDATE after the wait).
/// </summary>
public sealed partial class PostgresCentralStore : ITradeInStore
{
    public async Task<TradeInFacts?> GetTradeInFactsAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, TradeInQueries.Facts);
        command.Parameters.AddWithValue("gtin", gtin);
        command.Parameters.AddWithValue("serial", serial);
        command.Parameters.AddWithValue("yes", true);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TradeInFacts(reader.InstantOrNull(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.TextOrNull(3))
            : null;
    }

    public async Task AddTradeInQuoteAsync(TradeInQuoteRecord quote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quote);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = Command(
            connection,
            null,
            $"INSERT INTO tradein_quotes ({TradeInQueries.QuoteColumns}) VALUES (@quote, @gtin, @serial, @condition, @value, @currency, @created, @expires, @body, NULL, NULL);");
        insert.Parameters.AddWithValue("quote", quote.QuoteId);
        insert.Parameters.AddWithValue("gtin", quote.Gtin);
        insert.Parameters.AddWithValue("serial", quote.Serial);
        insert.Parameters.AddWithValue("condition", quote.Condition);
        insert.Parameters.AddWithValue("value", quote.Value);
        insert.Parameters.AddWithValue("currency", quote.Currency);
        insert.Parameters.AddWithValue("created", quote.CreatedAt.UtcDateTime);
        insert.Parameters.AddWithValue("expires", quote.ExpiresAt.UtcDateTime);
        insert.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Json) { Value = quote.Body });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TradeInQuoteRecord?> GetTradeInQuoteAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(
            connection, null, $"SELECT {TradeInQueries.QuoteColumns.Replace("body", "body::text", StringComparison.Ordinal)} FROM tradein_quotes WHERE quote_id = @quote;");
        command.Parameters.AddWithValue("quote", quoteId);
        return await command.ReadFirstOrNullAsync(TradeInRows.Quote, cancellationToken);
    }

    public async Task<TradeInOrderRecord?> GetTradeInOrderAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {TradeInQueries.OrderColumns} FROM tradein_orders WHERE quote_id = @quote;");
        command.Parameters.AddWithValue("quote", quoteId);
        return await command.ReadFirstOrNullAsync(TradeInRows.Order, cancellationToken);
    }

    public async Task<TradeInAcceptOutcome> AcceptTradeInQuoteAsync(TradeInOrderRecord order, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = Command(connection, tx, TradeInQueries.Claim))
        {
            claim.Parameters.AddWithValue("at", order.CreatedAt.UtcDateTime);
            claim.Parameters.AddWithValue("order", order.OrderId);
            claim.Parameters.AddWithValue("quote", order.QuoteId);
            claim.Parameters.AddWithValue("now", now.UtcDateTime);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var state = Command(connection, tx, TradeInQueries.QuoteState);
                state.Parameters.AddWithValue("quote", order.QuoteId);
                await using var reader = await state.ExecuteReaderAsync(cancellationToken);
                var found = await reader.ReadAsync(cancellationToken);
                return TradeInQueries.WhyNotClaimed(found, found && !reader.IsDBNull(0));
            }
        }

        await using (var retire = Command(connection, tx, TradeInQueries.Retire))
        {
            retire.Parameters.AddWithValue("at", order.CreatedAt.UtcDateTime);
            retire.Parameters.AddWithValue("gtin", order.Gtin);
            retire.Parameters.AddWithValue("serial", order.Serial);
            if (await retire.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await tx.RollbackAsync(cancellationToken);
                return TradeInAcceptOutcome.UnitRetired;
            }
        }

        await using (var insert = Command(connection, tx, $"INSERT INTO tradein_orders ({TradeInQueries.OrderColumns}) VALUES ({TradeInQueries.OrderValues});"))
        {
            insert.Parameters.AddWithValue("order", order.OrderId);
            insert.Parameters.AddWithValue("quote", order.QuoteId);
            insert.Parameters.AddWithValue("gtin", order.Gtin);
            insert.Parameters.AddWithValue("serial", order.Serial);
            insert.Parameters.AddWithValue("new_gtin", order.NewGtin);
            insert.Parameters.AddWithValue("new_price", order.NewPrice);
            insert.Parameters.AddWithValue("value", order.TradeInValue);
            insert.Parameters.AddWithValue("due", order.AmountDue);
            insert.Parameters.AddWithValue("currency", order.Currency);
            insert.Parameters.AddWithValue("customer", order.Customer);
            insert.Parameters.AddWithValue("recycler", order.RecyclerId);
            insert.Parameters.AddWithValue("region", order.Region);
            insert.Parameters.AddWithValue("category", order.Category);
            insert.Parameters.AddWithValue("at", order.CreatedAt.UtcDateTime);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return TradeInAcceptOutcome.Accepted;
    }
}
