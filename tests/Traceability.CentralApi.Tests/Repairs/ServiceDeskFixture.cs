using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Tests.Grpc;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.Repairs;

/// <summary>
/// Central with a fake clock at 2028-03-10 (Shanghai) and two units of a 12-month product, commissioned on 2026-11-25:
/// with the default 90 days' grace their warranty runs 2027-02-23 to 2028-02-23.
/// </summary>
internal sealed class ServiceDeskFixture : IDisposable
{
    public const string Gtin = "09506000134352";

    public ServiceDeskFixture() => Factory = new CentralApiFactory { Time = Time };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2028, 3, 10, 2, 0, 0, TimeSpan.Zero));

    public CentralApiFactory Factory { get; }

    public HttpClient Desk() => Factory.HttpClient(CentralApiFactory.ServiceDeskKey);

    /// <summary>Commissions two units (and adds the product); returns their serials.</summary>
    public async Task<IReadOnlyList<string>> CommissionAsync()
    {
        var serials = await AllocateAsync(Factory, "line-1", Gtin, 2);
        await SendAsync(Factory, "line-1", Commissioned(1, Gtin, serials[0]), Commissioned(2, Gtin, serials[1]));
        using var admin = Factory.HttpClient(CentralApiFactory.AdminKey);
        using var product = await admin.PostAsJsonAsync("/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One", warrantyMonths = 12, returnDays = 7, exchangeDays = 15 });
        product.EnsureSuccessStatusCode();
        return serials;
    }

    public void Dispose() => Factory.Dispose();
}
