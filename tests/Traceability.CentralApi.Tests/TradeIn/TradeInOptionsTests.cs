using Microsoft.Extensions.Options;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.TradeIn;

public sealed class TradeInOptionsTests
{
    [Theory]
    [InlineData("TradeIn:ConditionMultipliers:B", "1.5", "TradeIn:ConditionMultipliers:B")]
    [InlineData("TradeIn:QuoteLifetime", "00:00:10", "TradeIn:QuoteLifetime")]
    [InlineData("TradeIn:Curve:0:AgeMonths", "3", "TradeIn:Curve must start at AgeMonths 0")]
    [InlineData("TradeIn:Recyclers:0:Id", "RC-1", "TradeIn:Recyclers:0:Regions")]
    [InlineData("TradeIn:Models:W1:FloorPercent", "120", "TradeIn:Models:W1:FloorPercent")]
    public void A_bad_trade_in_setting_fails_the_start_naming_it(string key, string value, string named)
    {
        using var factory = new CentralApiFactory();
        factory.Settings[key] = value;

        var ex = Assert.Throws<OptionsValidationException>(() => factory.Server);

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
