using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.ConsumerScan;
using Traceability.CentralApi.Tests.GeoIp;
using Traceability.CentralApi.Tests.Grpc;
using static Traceability.CentralApi.Tests.ConsumerScan.ScanSeed;

namespace Traceability.CentralApi.Tests.Rewards;

/// <summary>
/// <c>POST /api/rewards/claims</c>: a sold unit's reward once, refusals (already claimed 409, not sold 403, abnormal rate
/// 429 with Retry-After) and the reward-fraud alerts of the fraud cases.
/// </summary>
public sealed class RewardEndpointTests : IDisposable
{
    private readonly GeoIpCentral _central = new(Factory);
    private readonly ScanSeed _seed;

    public RewardEndpointTests() => _seed = new ScanSeed(_central.Factory);

    public void Dispose() => _central.Dispose();

    [Fact]
    public async Task A_genuine_unit_sold_at_retail_earns_its_configured_reward_once_and_a_second_claim_is_refused()
    {
        _central.Factory.Settings[$"Rewards:Points:{Gtin}"] = "250";
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipAndSellAsync(serials[0]);

        using var first = await ClaimAsync(serials[0], "acct-1", "dev-1");
        using var second = await ClaimAsync(serials[0], "acct-2", "dev-2");

        var granted = await BodyAsync(first, HttpStatusCode.Created);
        Assert.Equal((Gtin, serials[0], 250), (granted.GetProperty("unit").GetProperty("gtin").GetString(), granted.GetProperty("unit").GetProperty("serial").GetString(), granted.GetProperty("points").GetInt32()));
        var refused = await BodyAsync(second, HttpStatusCode.Conflict);
        Assert.Equal("already_claimed", refused.GetProperty("refusal").GetString());
        var stored = await _central.Factory.Services.GetRequiredService<IRewardStore>().GetClaimAsync(Gtin, serials[0]);
        Assert.Equal(("acct-1", "dev-1", ShenzhenIp), (stored!.AccountId, stored.DeviceId, stored.IpAddress));
        Assert.Empty(await _seed.AlertsAsync());
    }

    [Fact]
    public async Task Without_a_per_product_entry_the_default_points_are_given()
    {
        _central.Factory.Settings["Rewards:DefaultPoints"] = "40";
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipAndSellAsync(serials[0]);

        using var response = await ClaimAsync(serials[0], "acct-1", "dev-1");

        Assert.Equal(40, (await BodyAsync(response, HttpStatusCode.Created)).GetProperty("points").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_claim_on_a_unit_not_sold_at_retail_is_refused_and_raises_one_reward_fraud_alert(bool shippedToDealer)
    {
        var serials = await _seed.MakeUnitsAsync();
        if (shippedToDealer)
        {
            await _seed.ShipToGuangdongAsync(serials[0]);
        }

        using var first = await ClaimAsync(serials[0], "acct-1", "dev-1");
        using var again = await ClaimAsync(serials[0], "acct-2", "dev-2");

        var refused = await BodyAsync(first, HttpStatusCode.Forbidden);
        Assert.Equal(("not_sold", true), (refused.GetProperty("refusal").GetString(), refused.GetProperty("alertRaised").GetBoolean()));
        (await BodyAsync(again, HttpStatusCode.Forbidden)).GetProperty("refusal").GetString();
        var alert = Assert.Single(await _seed.AlertsAsync());
        Assert.Equal(("reward_fraud", serials[0]), (alert.GetProperty("kind").GetString(), alert.GetProperty("unit").GetProperty("serial").GetString()));
        Assert.Equal("not_sold", alert.GetProperty("evidence").GetProperty("refusal").GetString());
        Assert.Null(await _central.Factory.Services.GetRequiredService<IRewardStore>().GetClaimAsync(Gtin, serials[0]));
    }

    [Theory]
    [InlineData("account")]
    [InlineData("device")]
    public async Task An_account_or_device_claiming_at_an_abnormal_rate_is_refused_with_Retry_After_and_raises_an_alert(string by)
    {
        _central.Factory.Settings["Rewards:MaxClaimsPerAccount"] = "2";
        _central.Factory.Settings["Rewards:MaxClaimsPerDevice"] = "2";
        var serials = await _seed.MakeUnitsAsync();
        foreach (var serial in serials)
        {
            await _seed.ShipAndSellAsync(serial);
        }

        string Account(int i) => by == "account" ? "harvester" : $"acct-{i}";
        string Device(int i) => by == "device" ? "phone-1" : $"dev-{i}";
        using var one = await ClaimAsync(serials[0], Account(0), Device(0));
        using var two = await ClaimAsync(serials[1], Account(1), Device(1));
        using var three = await ClaimAsync(serials[2], Account(2), Device(2));

        await BodyAsync(one, HttpStatusCode.Created);
        await BodyAsync(two, HttpStatusCode.Created);
        var refused = await BodyAsync(three, HttpStatusCode.TooManyRequests);
        Assert.Equal("abnormal_rate", refused.GetProperty("refusal").GetString());
        Assert.Equal("86400", three.Headers.RetryAfter?.ToString());
        Assert.Null(await _central.Factory.Services.GetRequiredService<IRewardStore>().GetClaimAsync(Gtin, serials[2]));
        var alert = Assert.Single(await _seed.AlertsAsync());
        Assert.Equal(("reward_fraud", "abnormal_rate"), (alert.GetProperty("kind").GetString(), alert.GetProperty("evidence").GetProperty("refusal").GetString()));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("unsigned")]
    public async Task A_code_that_is_not_genuine_is_refused_before_anything_is_read_or_stored(string kind)
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipAndSellAsync(serials[0]);
        var signed = CentralApiFactory.SignedCode(Gtin, serials[0]);
        var code = kind == "forged" ? signed.Replace($"(21){serials[0]}", $"(21){serials[1]}", StringComparison.Ordinal) : $"(01){Gtin}(21){serials[0]}";

        using var http = _central.Factory.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/rewards/claims", new { code, accountId = "acct-1", deviceId = "dev-1" });

        var problem = await BodyAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["code"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Null(await _central.Factory.Services.GetRequiredService<IRewardStore>().GetClaimAsync(Gtin, serials[0]));
        Assert.Null(await _central.Factory.Services.GetRequiredService<IRewardStore>().GetClaimAsync(Gtin, serials[1]));
    }

    [Theory]
    [InlineData("""{"accountId":"a"}""", "deviceId")]
    [InlineData("""{"deviceId":"d"}""", "accountId")]
    [InlineData("""{"accountId":"   ","deviceId":"d"}""", "accountId")]
    public async Task A_claim_without_account_or_device_is_a_validation_problem_naming_the_field(string partial, string field)
    {
        var serials = await _seed.MakeUnitsAsync();
        using var body = JsonDocument.Parse(partial);
        var fields = body.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        fields["code"] = CentralApiFactory.SignedCode(Gtin, serials[0]);

        using var http = _central.Factory.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/rewards/claims", fields);

        var problem = await BodyAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_sold_unit_give_exactly_one_reward()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipAndSellAsync(serials[0]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ClaimAsync(serials[0], $"acct-{i}", $"dev-{i}")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private async Task<HttpResponseMessage> ClaimAsync(string serial, string account, string device)
    {
        using var http = _central.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rewards/claims")
        {
            Content = JsonContent.Create(new { code = CentralApiFactory.SignedCode(Gtin, serial), accountId = account, deviceId = device }),
        };
        request.Headers.Add("X-Forwarded-For", ShenzhenIp);
        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }
}
