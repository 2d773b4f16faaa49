using System.Text.Json.Nodes;
using Traceability.CentralApi.Grpc;

namespace Traceability.CentralApi.Tests.Grpc;

public sealed class LineEventMappingTests
{
    [Fact]
    public void The_work_order_joins_the_body_as_its_last_member()
    {
        var json = LineEventMapping.WithWorkOrder("""{ "unit": { "gtin": "09506000134352", "serial": "S1" }, "lot": "L1" }""", "WO \"7\" é\\");

        var payload = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("WO \"7\" é\\", (string?)payload["workOrderId"]);
        Assert.Equal("L1", (string?)payload["lot"]);
        Assert.Equal("S1", (string?)payload["unit"]!["serial"]);
        Assert.Equal(3, payload.Count);
    }

    [Theory]
    [InlineData("{ }")]
    [InlineData("{}")]
    public void A_body_with_no_fields_set_gets_the_work_order_alone(string body)
    {
        var payload = JsonNode.Parse(LineEventMapping.WithWorkOrder(body, "WO-9"))!.AsObject();

        Assert.Equal("WO-9", (string?)Assert.Single(payload).Value);
    }
}
