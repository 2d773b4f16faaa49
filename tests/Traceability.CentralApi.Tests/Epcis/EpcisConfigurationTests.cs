using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Traceability.CentralApi.Epcis;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Epcis;
using static Traceability.CentralApi.Tests.Epcis.EpcisTestClient;

namespace Traceability.CentralApi.Tests.Epcis;

public sealed class EpcisConfigurationTests
{
    [Theory]
    [InlineData(5, "UTC", "https://example.com/ns/", "SsccCompanyPrefixLength")]
    [InlineData(null, "Mars/Olympus_Mons", "https://example.com/ns/", "TimeZone")]
    [InlineData(null, "UTC", "not a uri", "ExtensionNamespace")]
    [InlineData(null, "UTC", "https://example.com/ns", "ExtensionNamespace")]
    public void Wrong_settings_are_refused_naming_the_setting(int? ssccLength, string zone, string ns, string setting)
    {
        var options = new EpcisOptions { SsccCompanyPrefixLength = ssccLength, TimeZone = zone, ExtensionNamespace = ns };

        var result = new EpcisOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Epcis:" + setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new EpcisOptionsValidator().Validate(null, new EpcisOptions { TimeZone = "Asia/Shanghai", SsccCompanyPrefixLength = 9 }).Succeeded);
    }

    [Fact]
    public void A_wrong_time_zone_stops_the_service_at_start()
    {
        using var factory = new CentralApiFactory();
        using var broken = factory.WithWebHostBuilder(b => b.UseSetting("Epcis:TimeZone", "Nowhere/Atlantis"));

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains("Epcis:TimeZone", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_capture_over_the_limit_is_refused_with_413_and_the_limit()
    {
        using var factory = new CentralApiFactory();
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Epcis:CaptureLimit", "1"));
        using var http = limited.CreateClient().WithKey(CentralApiFactory.AdminKey);

        using var response = await CaptureAsync(http, Example("Example_9.6.1-ObjectEvent.jsonld"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("GS1-EPCIS-Capture-Limit")));
        Assert.Equal("epcisException:CaptureLimitExceededException", Text(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]));
    }

    [Fact]
    public async Task Only_the_rollback_capture_error_behaviour_is_offered()
    {
        using var factory = new CentralApiFactory();
        using var http = factory.CreateClient().WithKey(CentralApiFactory.AdminKey);
        http.DefaultRequestHeaders.Add("GS1-Capture-Error-Behaviour", "proceed");

        using var response = await CaptureAsync(http, Example("Example_9.6.2-ObjectEvent.jsonld"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public void The_embedded_gs1_context_defines_the_prefixes_the_core_assumes()
    {
        var context = JsonNode.Parse(EpcisSchema.Context)!["@context"]!.AsObject();

        foreach (var (prefix, iri) in EpcisContext.StandardPrefixes)
        {
            Assert.Equal(iri, context[prefix]?.GetValue<string>());
        }
    }

    [Fact]
    public void The_second_event_of_a_reissue_has_a_stable_version_8_uuid()
    {
        var lineEvent = Guid.Parse("0b3f5d4e-8a64-4f57-9a57-3d7f0f4f2a11");

        var id = LineEventExport.SecondEventId(lineEvent);

        Assert.Equal(id, LineEventExport.SecondEventId(lineEvent));
        Assert.NotEqual(id, LineEventExport.SecondEventId(Guid.NewGuid()));
        Assert.Equal('8', id.ToString("D")[14]);
        Assert.Contains(id.ToString("D")[19], "89ab");
    }
}
