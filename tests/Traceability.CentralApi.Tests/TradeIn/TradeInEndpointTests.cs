using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.GeoIp;
using Traceability.CentralApi.Tests.Channel;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Channel.ChannelStory;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.TradeIn;

/// <summary>
/// Trade-in over HTTP: four W1 watches made on line-1 and shipped through a distributor to a Guangdong dealer, activated
/// in Shenzhen (authorized) or Zhejiang (diverted); a W2 as the new product; recyclers for Guangdong watches and for
/// everything in China.
/// </summary>
public sealed class TradeInEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private const string NewGtin = "09506000134369";
    private static readonly string Pallet = Sscc.Create(0, "9506000", 23).Value;
    private readonly GeoIpTestDatabases _geo = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CentralApiFactory _factory;

    public TradeInEndpointTests()
    {
        _factory = new CentralApiFactory { Dealers = { Distributor, Guangdong }, Time = _time };
        _factory.Settings["GeoIp:Database"] = _geo.Csv;
        _factory.Settings["TradeIn:Models:W1:Category"] = "watch";
        _factory.Settings["TradeIn:Recyclers:0:Id"] = "RC-GD-WATCH";
        _factory.Settings["TradeIn:Recyclers:0:Regions:0"] = "CN-440000";
        _factory.Settings["TradeIn:Recyclers:0:Categories:0"] = "watch";
        _factory.Settings["TradeIn:Recyclers:1:Id"] = "RC-CN";
        _factory.Settings["TradeIn:Recyclers:1:Regions:0"] = "CN";
        _factory.Settings["TradeIn:Recyclers:1:Categories:0"] = "*";
    }

    public void Dispose()
    {
        _factory.Dispose();
        _geo.Dispose();
    }

    [Fact]
    public async Task A_genuine_unit_is_quoted_with_every_factor_and_the_effects_add_up_to_the_value()
    {
        var serials = await SeedAsync();
        await ActivateAsync(serials[0], ShenzhenIp);
        await RepairAsync(serials[0]);
        await RepairAsync(serials[0]);

        using var quote = await QuoteOkAsync(serials[0], "b");

        var q = quote.RootElement;
        Assert.Equal(("open", "genuine", "authorized", "B", "CNY", "W1"), (q.GetProperty("status").GetString(), q.GetProperty("authenticity").GetString(), q.GetProperty("channel").GetString(), q.GetProperty("condition").GetString(), q.GetProperty("currency").GetString(), q.GetProperty("model").GetString()));
        Assert.Equal((0, "Activation", 2), (q.GetProperty("ageMonths").GetInt32(), q.GetProperty("ageFrom").GetString(), q.GetProperty("repairs").GetInt32()));
        var monthsLeft = q.GetProperty("warranty").GetProperty("monthsLeft").GetInt32();
        Assert.True(q.GetProperty("warranty").GetProperty("active").GetBoolean());
        Assert.InRange(monthsLeft, 11, 12);
        var breakdown = q.GetProperty("breakdown").EnumerateArray().ToList();
        Assert.Equal(["listPrice", "age", "condition", "repairs", "warranty", "diversion", "floor"], breakdown.Select(f => f.GetProperty("factor").GetString()));
        // 1000 × 85% = 850.00; × 0.85 = 722.50; 2 repairs × 50.00; 5.00 per warranty month left.
        Assert.Equal([1000m, -150m, -127.5m, -100m, 5m * monthsLeft, 0m, 0m], breakdown.Select(f => f.GetProperty("effect").GetDecimal()));
        Assert.Equal(622.50m + (5m * monthsLeft), q.GetProperty("value").GetDecimal());
        Assert.Equal(breakdown.Count, q.GetProperty("reasons").GetArrayLength());
        Assert.Equal(_time.GetUtcNow().AddHours(72).ToUnixTimeMilliseconds(), q.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeMilliseconds());

        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var read = JsonDocument.Parse(await staff.GetStringAsync($"/api/tradein/quotes/{q.GetProperty("quoteId").GetGuid()}"));
        Assert.Equal(q.GetProperty("value").GetDecimal(), read.RootElement.GetProperty("value").GetDecimal());
        Assert.Equal(breakdown.Count, read.RootElement.GetProperty("breakdown").GetArrayLength());
    }

    [Fact]
    public async Task A_diverted_unit_is_quoted_at_half_and_flagged()
    {
        var serials = await SeedAsync();
        await ActivateAsync(serials[2], ZhejiangIp);

        using var quote = await QuoteOkAsync(serials[2], "A");

        var q = quote.RootElement;
        Assert.Equal("diverted", q.GetProperty("channel").GetString());
        Assert.Equal(["activation"], q.GetProperty("diversionSources").EnumerateArray().Select(s => s.GetString()));
        var diversion = q.GetProperty("breakdown").EnumerateArray().Single(f => f.GetProperty("factor").GetString() == "diversion");
        var before = diversion.GetProperty("valueAfter").GetDecimal() - diversion.GetProperty("effect").GetDecimal();
        Assert.Equal(Math.Round(before / 2, 2, MidpointRounding.AwayFromZero), q.GetProperty("value").GetDecimal());
        Assert.True(diversion.GetProperty("effect").GetDecimal() < 0);
    }

    [Fact]
    public async Task A_unit_an_inspector_found_outside_its_dealers_regions_is_quoted_as_diverted()
    {
        var serials = await SeedAsync();
        await _factory.PostOkAsync(CentralApiFactory.InspectorKey, "/api/inspections", new { code = CentralApiFactory.SignedCode(Gtin, serials[1]), storeRegion = "CN-330000", storeName = "Hangzhou Store" }, HttpStatusCode.Created);

        using var diverted = await QuoteOkAsync(serials[1], "A");
        using var authorized = await QuoteOkAsync(serials[3], "A");

        Assert.Equal(("diverted", "authorized"), (diverted.RootElement.GetProperty("channel").GetString(), authorized.RootElement.GetProperty("channel").GetString()));
        Assert.Equal(["inspection"], diverted.RootElement.GetProperty("diversionSources").EnumerateArray().Select(s => s.GetString()));
        Assert.True(diverted.RootElement.GetProperty("value").GetDecimal() < authorized.RootElement.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task A_forged_code_is_refused_as_counterfeit_and_raises_a_counterfeit_suspicion_alert()
    {
        var serials = await SeedAsync();
        var forged = CentralApiFactory.SignedCode(Gtin, serials[0]).Replace($"(21){serials[0]}", $"(21){serials[1]}", StringComparison.Ordinal);

        using var response = await PostAsync("/api/tradein/quotes", new { code = forged, condition = "A" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("counterfeit", problem.GetProperty("refusal").GetString());
        Assert.Equal("counterfeit_suspicion", await AlertKindAsync(problem.GetProperty("alertId").GetGuid()));
    }

    [Fact]
    public async Task An_unknown_serial_is_refused_and_raises_an_unknown_serial_alert()
    {
        await SeedAsync();

        using var response = await PostAsync("/api/tradein/quotes", new { code = CentralApiFactory.SignedCode(Gtin, "NEVER-MADE-1"), condition = "A" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_serial", problem.GetProperty("refusal").GetString());
        Assert.Equal("unknown_serial", await AlertKindAsync(problem.GetProperty("alertId").GetGuid()));
    }

    [Fact]
    public async Task Accepting_orders_the_new_product_retires_the_unit_and_assigns_a_recycler_and_it_cannot_be_traded_in_again()
    {
        var serials = await SeedAsync();
        await ActivateAsync(serials[0], ShenzhenIp);
        using var quote = await QuoteOkAsync(serials[0], "A");
        using var other = await QuoteOkAsync(serials[0], "C");
        var quoteId = quote.RootElement.GetProperty("quoteId").GetGuid();
        var value = quote.RootElement.GetProperty("value").GetDecimal();

        using var accepted = await PostAsync($"/api/tradein/quotes/{quoteId}/accept", new { newProductGtin = NewGtin, customer = "Li Wei, 138-0000-0000" });

        var text = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, text);
        using var order = JsonDocument.Parse(text);
        var o = order.RootElement;
        Assert.Equal((2000m, value, 2000m - value, "CNY"), (o.GetProperty("newProductPrice").GetDecimal(), o.GetProperty("tradeInValue").GetDecimal(), o.GetProperty("amountDue").GetDecimal(), o.GetProperty("currency").GetString()));
        var recycler = o.GetProperty("recycler");
        Assert.Equal(("RC-GD-WATCH", "CN-440300", "watch"), (recycler.GetProperty("recyclerId").GetString(), recycler.GetProperty("region").GetString(), recycler.GetProperty("category").GetString()));
        Assert.NotNull((await _factory.Services.GetRequiredService<IActivationStore>().GetActivationSubjectAsync(Gtin, serials[0]))!.RetiredAt);

        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var read = JsonDocument.Parse(await staff.GetStringAsync($"/api/tradein/quotes/{quoteId}"));
        Assert.Equal(("accepted", o.GetProperty("orderId").GetGuid()), (read.RootElement.GetProperty("status").GetString(), read.RootElement.GetProperty("orderId").GetGuid()));

        using var twice = await PostAsync($"/api/tradein/quotes/{quoteId}/accept", new { newProductGtin = NewGtin, customer = "Li Wei" });
        Assert.Equal("accepted", (await AssertProblemAsync(twice, HttpStatusCode.Conflict)).GetProperty("refusal").GetString());
        using var second = await PostAsync($"/api/tradein/quotes/{other.RootElement.GetProperty("quoteId").GetGuid()}/accept", new { newProductGtin = NewGtin, customer = "Li Wei" });
        Assert.Equal("retired", (await AssertProblemAsync(second, HttpStatusCode.Conflict)).GetProperty("refusal").GetString());
        using var again = await PostAsync("/api/tradein/quotes", new { code = CentralApiFactory.SignedCode(Gtin, serials[0]), condition = "A" });
        Assert.Equal("retired", (await AssertProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("refusal").GetString());

        using var activation = await ActivateAsync(serials[0], ShenzhenIp);
        Assert.True(activation.RootElement.GetProperty("flags").GetProperty("retired").GetBoolean());
    }

    [Fact]
    public async Task An_expired_quote_cannot_be_accepted_and_the_unit_stays_in_use()
    {
        var serials = await SeedAsync();
        await ActivateAsync(serials[0], ShenzhenIp);
        using var quote = await QuoteOkAsync(serials[0], "A");
        var quoteId = quote.RootElement.GetProperty("quoteId").GetGuid();

        _time.Advance(TimeSpan.FromHours(72));
        using var response = await PostAsync($"/api/tradein/quotes/{quoteId}/accept", new { newProductGtin = NewGtin, customer = "Li Wei" });

        Assert.Equal("expired", (await AssertProblemAsync(response, HttpStatusCode.Conflict)).GetProperty("refusal").GetString());
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var read = JsonDocument.Parse(await staff.GetStringAsync($"/api/tradein/quotes/{quoteId}"));
        Assert.Equal("expired", read.RootElement.GetProperty("status").GetString());
        Assert.Null((await _factory.Services.GetRequiredService<IActivationStore>().GetActivationSubjectAsync(Gtin, serials[0]))!.RetiredAt);
    }

    [Theory]
    [InlineData("quote", """{"condition":"E"}""", "condition")]
    [InlineData("quote", """{"condition":null}""", "condition")]
    [InlineData("quote", """{"code":null,"condition":"A"}""", "code")]
    [InlineData("quote", """{"code":"hello","condition":"A"}""", "code")]
    [InlineData("accept", """{"newProductGtin":"123","customer":"Li"}""", "newProductGtin")]
    [InlineData("accept", """{"newProductGtin":"09506000134376","customer":"Li"}""", "newProductGtin")]
    [InlineData("accept", """{"newProductGtin":"09506000134369","customer":" "}""", "customer")]
    public async Task Bad_input_is_a_validation_problem_naming_the_field(string route, string body, string field)
    {
        var serials = await SeedAsync();
        await ActivateAsync(serials[0], ShenzhenIp);
        using var json = JsonDocument.Parse(body);
        var fields = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        var path = "/api/tradein/quotes";
        if (route == "quote")
        {
            fields.TryAdd("code", CentralApiFactory.SignedCode(Gtin, serials[0]));
        }
        else
        {
            using var quote = await QuoteOkAsync(serials[0], "A");
            path = $"/api/tradein/quotes/{quote.RootElement.GetProperty("quoteId").GetGuid()}/accept";
        }

        using var response = await PostAsync(path, fields);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Null((await _factory.Services.GetRequiredService<IActivationStore>().GetActivationSubjectAsync(Gtin, serials[0]))!.RetiredAt);
    }

    [Fact]
    public async Task A_partner_key_quotes_and_accepts_but_reads_no_quote_and_a_dealer_key_may_do_neither()
    {
        var serials = await SeedAsync();
        using var partner = _factory.HttpClient(CentralApiFactory.PartnerKey);
        using var dealer = _factory.HttpClient(CentralApiFactory.DealerKey);
        var request = new { code = CentralApiFactory.SignedCode(Gtin, serials[0]), condition = "B" };

        using var refused = await dealer.PostAsJsonAsync("/api/tradein/quotes", request);
        using var quoted = await partner.PostAsJsonAsync("/api/tradein/quotes", request);
        var text = await quoted.Content.ReadAsStringAsync();
        Assert.True(quoted.StatusCode == HttpStatusCode.Created, text);
        using var quote = JsonDocument.Parse(text);
        var quoteId = quote.RootElement.GetProperty("quoteId").GetGuid();
        using var dealerAccept = await dealer.PostAsJsonAsync($"/api/tradein/quotes/{quoteId}/accept", new { newProductGtin = NewGtin, customer = "Li Wei" });
        using var read = await partner.GetAsync(new Uri($"/api/tradein/quotes/{quoteId}", UriKind.Relative));
        using var accepted = await partner.PostAsJsonAsync($"/api/tradein/quotes/{quoteId}/accept", new { newProductGtin = NewGtin, customer = "Li Wei" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, dealerAccept.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_the_service_desk_partners_and_admin_may_quote()
    {
        using var inspector = _factory.HttpClient(CentralApiFactory.InspectorKey);
        using var dealer = _factory.HttpClient(CentralApiFactory.DealerKey);

        using var a = await inspector.PostAsJsonAsync("/api/tradein/quotes", new { code = "x", condition = "A" });
        using var b = await dealer.PostAsJsonAsync("/api/tradein/quotes", new { code = "x", condition = "A" });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (a.StatusCode, b.StatusCode));
    }

    private async Task<JsonDocument> QuoteOkAsync(string serial, string condition)
    {
        using var response = await PostAsync("/api/tradein/quotes", new { code = CentralApiFactory.SignedCode(Gtin, serial), condition });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text);
    }

    private async Task<JsonDocument> ActivateAsync(string serial, string ip)
    {
        using var http = _factory.HttpClient(null);
        using var response = await http.PostAsJsonAsync("/api/activations", new
        {
            code = CentralApiFactory.SignedCode(Gtin, serial), accountId = "acct-1", ip, activatedAt = _time.GetUtcNow().AddMinutes(-1),
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    private async Task RepairAsync(string serial) => await _factory.PostOkAsync(CentralApiFactory.ServiceDeskKey, "/api/repairs", new
    {
        gtin = Gtin, serial, fault = "Strap pin broken", technician = "T-1", serviceCentre = "Shenzhen SC", receivedAt = _time.GetUtcNow().AddMinutes(-1).ToString("O"),
    }, HttpStatusCode.Created);

    private async Task<string?> AlertKindAsync(Guid alertId)
    {
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alert = JsonDocument.Parse(await staff.GetStringAsync($"/api/alerts/{alertId}"));
        return alert.RootElement.GetProperty("kind").GetString();
    }

    // Four W1 units on one pallet, shipped through DIST-1 to GD-1 and received; W1 lists at 1000 CNY, W2 at 2000 CNY.
    private async Task<IReadOnlyList<string>> SeedAsync()
    {
        await _factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One", listPrice = 1000m, currency = "CNY" }, HttpStatusCode.Created);
        await _factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = NewGtin, companyPrefixLength = 7, model = "W2", name = "Watch Two", listPrice = 2000m, currency = "CNY" }, HttpStatusCode.Created);
        var serials = await AllocateAsync(_factory, "line-1", Gtin, 4);
        await SendAsync(
            _factory,
            "line-1",
            Commissioned(1, Gtin, serials[0]),
            Commissioned(2, Gtin, serials[1]),
            Commissioned(3, Gtin, serials[2]),
            Commissioned(4, Gtin, serials[3]),
            Aggregated(5, Pallet, UnitItem(Gtin, serials[0]), UnitItem(Gtin, serials[1]), UnitItem(Gtin, serials[2]), UnitItem(Gtin, serials[3])));
        await _factory.CreateDealersAsync(
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } });
        await _factory.ShipDownAsync($"(00){Pallet}", Distributor, Guangdong);
        return serials;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        return await http.PostAsJsonAsync(path, body);
    }
}
