using Microsoft.Extensions.Configuration;

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
        // The validator the host runs at start (ValidateOnStart), over options bound as the host binds them. (Starting a
        // whole host to see it fail raced the host's disposal in CI: ObjectDisposedException instead of the message.)
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var options = new Traceability.CentralApi.TradeIn.TradeInOptions();
        configuration.GetSection(Traceability.CentralApi.TradeIn.TradeInOptions.Section).Bind(options);

        var result = new Traceability.CentralApi.TradeIn.TradeInOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }
}
