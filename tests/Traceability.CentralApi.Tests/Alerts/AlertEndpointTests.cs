using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Alerts;

public sealed class AlertEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly CentralApiFactory _factory;

    public AlertEndpointTests() => _factory = new CentralApiFactory { Time = _time };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Alerts_list_newest_first_page_by_token_and_filter_by_kind_and_status()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await RaiseAsync(i % 2 == 0 ? AlertKind.Diversion : AlertKind.UnknownSerial, "S" + i));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        var first = await GetJsonAsync(http, "/api/alerts?limit=2");
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await GetJsonAsync(http, $"/api/alerts?limit=2&pageToken={token}");
        var third = await GetJsonAsync(http, $"/api/alerts?limit=2&pageToken={second.GetProperty("nextPageToken").GetString()}");
        var diversions = await GetJsonAsync(http, "/api/alerts?kind=diversion&status=open");

        Assert.Equal(Enumerable.Reverse(ids), new[] { first, second, third }.SelectMany(Ids));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextPageToken").ValueKind);
        Assert.Equal([ids[4], ids[2], ids[0]], Ids(diversions));
        var alert = first.GetProperty("alerts")[0];
        Assert.Equal("diversion", alert.GetProperty("kind").GetString());
        Assert.Equal("open", alert.GetProperty("status").GetString());
        Assert.Equal("S4", alert.GetProperty("unit").GetProperty("serial").GetString());
        Assert.Equal("106141411234567897", alert.GetProperty("evidence").GetProperty("case").GetProperty("sscc").GetString());
    }

    [Fact]
    public async Task An_alert_is_acknowledged_once_with_a_note_then_409_and_an_unknown_id_is_404()
    {
        var id = await RaiseAsync(AlertKind.UnknownSerial, "S1");
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var first = await http.PostAsJsonAsync($"/api/alerts/{id}/ack", new { note = "dealer confirmed a grey import" });
        using var second = await http.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
        using var missing = await http.PostAsJsonAsync($"/api/alerts/{Guid.NewGuid()}/ack", new { });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("acknowledged", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("dealer confirmed a grey import", body.RootElement.GetProperty("note").GetString());
        Assert.Equal("servicedesk-key-1", body.RootElement.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(_time.GetUtcNow(), body.RootElement.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var open = await GetJsonAsync(http, "/api/alerts?status=open");
        Assert.Empty(Ids(open));
    }

    [Theory]
    [InlineData("/api/alerts?kind=theft", "kind")]
    [InlineData("/api/alerts?status=closed", "status")]
    [InlineData("/api/alerts?limit=0", "limit")]
    [InlineData("/api/alerts?limit=501", "limit")]
    [InlineData("/api/alerts?pageToken=garbage", "pageToken")]
    [InlineData("/api/alerts/not-a-uuid", "id")]
    public async Task A_bad_listing_or_id_is_a_validation_problem_naming_the_field(string path, string field)
    {
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        await AssertProblemAsync(response, field);
    }

    [Fact]
    public async Task A_page_token_used_with_other_filters_is_refused()
    {
        await RaiseAsync(AlertKind.Diversion, "S1");
        await RaiseAsync(AlertKind.Diversion, "S2");
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        var token = (await GetJsonAsync(http, "/api/alerts?limit=1&kind=diversion")).GetProperty("nextPageToken").GetString();

        using var response = await http.GetAsync(new Uri($"/api/alerts?limit=1&kind=unknown_serial&pageToken={token}", UriKind.Relative));

        await AssertProblemAsync(response, "pageToken");
    }

    [Fact]
    public async Task A_note_too_long_is_refused_and_the_alert_stays_open()
    {
        var id = await RaiseAsync(AlertKind.Diversion, "S1");
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var response = await http.PostAsJsonAsync($"/api/alerts/{id}/ack", new { note = new string('x', AlertEndpoints.MaxNoteLength + 1) });

        await AssertProblemAsync(response, "note");
        Assert.Single(Ids(await GetJsonAsync(http, "/api/alerts?status=open")));
    }

    [Theory]
    [InlineData(CentralApiFactory.InspectorKey, HttpStatusCode.Forbidden)]
    [InlineData(CentralApiFactory.DealerKey, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(CentralApiFactory.AdminKey, HttpStatusCode.OK)]
    public async Task Only_the_service_desk_and_admins_read_alerts(string? key, HttpStatusCode expected)
    {
        using var http = _factory.HttpClient(key);

        using var response = await http.GetAsync(new Uri("/api/alerts", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<Guid> RaiseAsync(AlertKind kind, string serial)
    {
        var alerts = _factory.Services.GetRequiredService<AlertService>();
        var evidence = new DiversionEvidence(
            new EvidenceUnit(Gtin, serial), new EvidenceContainer("106141411234567897"), null, null, null,
            new EvidencePlace("CN-330000", "ip", _time.GetUtcNow(), "183.130.0.1"));
        var raised = await alerts.RaiseAsync(kind, $"{kind} of {serial}", evidence, Gtin, serial);
        return raised.Alert.AlertId;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }

    private static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();

    internal static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
