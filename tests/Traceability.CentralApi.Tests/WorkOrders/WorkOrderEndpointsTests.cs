using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.CentralApi.WorkOrders;
using Traceability.Contracts.Line.V1;

namespace Traceability.CentralApi.Tests.WorkOrders;

public sealed class WorkOrderEndpointsTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();
    private readonly HttpClient _http;

    public WorkOrderEndpointsTests() => _http = _factory.HttpClient(CentralApiFactory.AdminKey);

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_valid_work_order_is_created_planned_with_its_location()
    {
        using var response = await PostAsync(Order() with { Gtin = "9506000134352" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<WorkOrderResponse>();
        Assert.NotNull(created);
        Assert.Equal(("WO-1", "line-1", "09506000134352", "LOT-7", "271231", "Planned"), (created.WorkOrderId, created.LineId, created.Gtin, created.Lot, created.Expiry, created.State));
        Assert.Equal("/api/work-orders/WO-1", response.Headers.Location?.ToString());
        Assert.Equal(created, await _http.GetFromJsonAsync<WorkOrderResponse>("/api/work-orders/WO-1"));
    }

    [Fact]
    public async Task Without_an_id_central_makes_one_up()
    {
        using var response = await PostAsync(Order() with { WorkOrderId = null });

        var created = await response.Content.ReadFromJsonAsync<WorkOrderResponse>();
        Assert.True(Guid.TryParse(created?.WorkOrderId, out _));
    }

    [Theory]
    [InlineData("gtin", "09506000134353", null)]
    [InlineData("lot", null, "LOT 7")]
    [InlineData("lot", null, "LOT-7-IS-FAR-TOO-LONG-FOR-AI-10")]
    [InlineData("expiry", null, "261332")]
    [InlineData("expiry", null, "2612")]
    public async Task A_bad_gtin_lot_or_expiry_is_a_400_naming_the_field(string field, string? gtin, string? value)
    {
        var order = field switch
        {
            "gtin" => Order() with { Gtin = gtin },
            "lot" => Order() with { Lot = value },
            _ => Order() with { Expiry = value },
        };

        var errors = await ValidationErrorsAsync(await PostAsync(order));

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public async Task Missing_and_non_positive_fields_are_each_named()
    {
        var order = new WorkOrderRequest("bad id", null, null, null, null, 0, -1, null, null);

        var errors = await ValidationErrorsAsync(await PostAsync(order));

        Assert.Equal(
            ["casesPerPallet", "gtin", "lineId", "lot", "quantity", "unitsPerCase", "workOrderId"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("' ' at position 4", errors["workOrderId"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem()
    {
        using var content = new StringContent("{not json", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("/api/work-orders", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_second_work_order_with_the_same_id_is_a_409_and_changes_nothing()
    {
        (await PostAsync(Order())).Dispose();

        using var response = await PostAsync(Order() with { Quantity = 5 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1000, (await _http.GetFromJsonAsync<WorkOrderResponse>("/api/work-orders/WO-1"))?.Quantity);
    }

    [Fact]
    public async Task An_unknown_work_order_is_a_404_problem()
    {
        using var get = await _http.GetAsync(new Uri("/api/work-orders/WO-9", UriKind.Relative));
        using var release = await _http.PostAsync(new Uri("/api/work-orders/WO-9/release", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, release.StatusCode);
    }

    [Fact]
    public async Task Listing_needs_a_line_and_shows_that_lines_work_orders()
    {
        (await PostAsync(Order())).Dispose();
        (await PostAsync(Order() with { WorkOrderId = "WO-2", LineId = "line-2" })).Dispose();

        var listed = await _http.GetFromJsonAsync<WorkOrderResponse[]>("/api/work-orders?lineId=line-1");
        var errors = await ValidationErrorsAsync(await _http.GetAsync(new Uri("/api/work-orders", UriKind.Relative)));

        Assert.Equal(["WO-1"], listed!.Select(o => o.WorkOrderId));
        Assert.Equal(["lineId"], errors.Keys);
    }

    [Fact]
    public async Task The_line_receives_a_work_order_once_released_and_no_longer_once_closed()
    {
        (await PostAsync(Order())).Dispose();
        var planned = await GetWorkOrdersAsync("line-1");

        var released = await MoveAsync("WO-1", "release");
        var whileReleased = await GetWorkOrdersAsync("line-1");
        var closed = await MoveAsync("WO-1", "close");
        using var releaseAgain = await _http.PostAsync(new Uri("/api/work-orders/WO-1/release", UriKind.Relative), null);

        Assert.Empty(planned);
        Assert.Equal("Released", released.State);
        var wire = Assert.Single(whileReleased);
        Assert.Equal(("WO-1", "09506000134352", "LOT-7", "271231", 1000L, 12, 40, "Model X"),
            (wire.WorkOrderId, wire.Gtin, wire.Lot, wire.Expiry, wire.Quantity, wire.UnitsPerCase, wire.CasesPerPallet, wire.Model));
        Assert.Equal("Closed", closed.State);
        Assert.Empty(await GetWorkOrdersAsync("line-1"));
        Assert.Equal(HttpStatusCode.Conflict, releaseAgain.StatusCode);
    }

    [Fact]
    public async Task A_work_order_closed_event_from_the_line_closes_the_work_order()
    {
        (await PostAsync(Order())).Dispose();
        await MoveAsync("WO-1", "release");

        var ack = await SendAsync("line-1", Closed(1, "WO-1"), Closed(2, ""));

        Assert.Equal(("work_order_id", 2L), (Assert.Single(ack.Rejected).Field, ack.Rejected[0].Sequence));
        Assert.Equal("Closed", (await _http.GetFromJsonAsync<WorkOrderResponse>("/api/work-orders/WO-1"))?.State);
        Assert.Empty(await GetWorkOrdersAsync("line-1"));
    }

    private static WorkOrderRequest Order() => new("WO-1", "line-1", "09506000134352", "LOT-7", "271231", 1000, 12, 40, "Model X");

    private static LineEvent Closed(long sequence, string workOrderId) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero)),
        WorkOrderId = workOrderId,
        WorkOrderClosed = new WorkOrderClosed { Issued = 1000, Printed = 990, Unused = 10 },
    };

    private Task<HttpResponseMessage> PostAsync(WorkOrderRequest order) => _http.PostAsJsonAsync("/api/work-orders", order);

    private async Task<WorkOrderResponse> MoveAsync(string id, string action)
    {
        using var response = await _http.PostAsync(new Uri($"/api/work-orders/{id}/{action}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkOrderResponse>())!;
    }

    private async Task<List<WorkOrder>> GetWorkOrdersAsync(string lineId) =>
        [.. (await _factory.Client().GetWorkOrdersAsync(new GetWorkOrdersRequest { LineId = lineId })).WorkOrders];

    private async Task<EventAck> SendAsync(string lineId, params LineEvent[] events)
    {
        using var call = _factory.Client().StreamEvents();
        var batch = new LineEventBatch { LineId = lineId };
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current;
    }

    private static async Task<Dictionary<string, string[]>> ValidationErrorsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return problem.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
    }
}
