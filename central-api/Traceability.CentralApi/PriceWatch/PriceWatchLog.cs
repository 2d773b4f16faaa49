namespace Traceability.CentralApi.PriceWatch;

internal static partial class PriceWatchLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Price watch import: {Received} rows, {Stored} stored, {Violations} violations, {Traced} test buys traced")]
    public static partial void Imported(ILogger logger, int received, int stored, int violations, int traced);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PriceWatch:AuthorizedStores maps {Platform}/{Store} to dealer {DealerId}, which central does not know: the store counts as unauthorized")]
    public static partial void UnknownStoreDealer(ILogger logger, string platform, string store, string dealerId);
}
