namespace Traceability.CentralApi.TradeIn;

internal static partial class TradeInLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Trade-in quote {QuoteId} for {Gtin}/{Serial}: {Value} {Currency} (condition {Condition}, channel {Channel})")]
    public static partial void Quoted(ILogger logger, Guid quoteId, string gtin, string serial, decimal value, string currency, string condition, string channel);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Trade-in quote refused for {Gtin}/{Serial}: {Refusal}")]
    public static partial void Refused(ILogger logger, string? gtin, string? serial, string refusal);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Trade-in quote {QuoteId} accepted as order {OrderId}: {Gtin}/{Serial} retired, to recycler {RecyclerId}")]
    public static partial void Accepted(ILogger logger, Guid quoteId, Guid orderId, string gtin, string serial, string recyclerId);
}
