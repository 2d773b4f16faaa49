using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Host.Hmi;

namespace Traceability.LineAgent.Host.Tests.Hmi;

public sealed class HmiUnitTests
{
    [Fact]
    public void Rate_is_units_over_the_last_minute_and_forgets_older_samples()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var rate = new RateMeter(time);

        Assert.Equal(0, rate.Sample("WO-1", 0));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(100, rate.Sample("WO-1", 50), 6);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(60, rate.Sample("WO-1", 60), 6);
        time.Advance(TimeSpan.FromSeconds(30));
        // the sample at 0 s is now 90 s old: the rate is over the last minute only (50 → 60 in 60 s)
        Assert.Equal(10, rate.Sample("WO-1", 60), 6);
    }

    [Fact]
    public void Rate_starts_afresh_for_another_work_order()
    {
        var time = new FakeTimeProvider();
        var rate = new RateMeter(time);
        rate.Sample("WO-1", 500);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, rate.Sample("WO-2", 3));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(30, rate.Sample("WO-2", 6), 6);
    }

    [Theory]
    [InlineData("4711", "4711", true)]
    [InlineData("4711", "4712", false)]
    [InlineData("4711", "", false)]
    [InlineData("4711", null, false)]
    [InlineData("123456789012", "123456789012", true)]
    public void Pin_matches_only_itself(string configured, string? entered, bool matches)
    {
        Assert.True(EngineerPin.TryParse(configured, out var pin, out _));
        Assert.Equal(matches, pin.Matches(entered));
    }

    [Fact]
    public void Pin_may_be_configured_as_its_sha256()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("2468")));

        Assert.True(EngineerPin.TryParse("sha256:" + hash, out var pin, out _));
        Assert.True(pin.Matches("2468"));
        Assert.False(pin.Matches("sha256:" + hash));
    }

    [Theory]
    [InlineData("", "no engineer PIN")]
    [InlineData("123", "4 to 12 digits")]
    [InlineData("12a4", "4 to 12 digits")]
    [InlineData("sha256:abcd", "64 hex digits")]
    public void A_missing_or_malformed_pin_fails_validation_naming_the_setting(string configured, string expected)
    {
        var result = new HmiOptionsValidator().Validate(null, new HmiOptions { EngineerPin = configured });

        Assert.True(result.Failed);
        Assert.Contains("Hmi:EngineerPin", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_settings_out_of_range_fail_validation()
    {
        var result = new HmiOptionsValidator().Validate(null, new HmiOptions
        {
            EngineerPin = "4711", RefreshInterval = TimeSpan.FromMilliseconds(10), DefaultOperatorId = " ", ReprintQueueLimit = 0,
            MinRefreshInterval = TimeSpan.FromMilliseconds(20),
        });

        Assert.Equal(4, result.Failures!.Count());
    }

    [Fact]
    public async Task An_agent_without_an_engineer_pin_fails_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HmiLine.StartAsync(new Dictionary<string, string?>()));

        Assert.Contains("Hmi:EngineerPin", error.Message, StringComparison.Ordinal);
    }
}
