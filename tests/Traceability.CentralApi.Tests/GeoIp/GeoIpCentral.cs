using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.GeoIp;

/// <summary>Central in memory made over its own test GeoIP database (a story's factory, given the CSV); disposed together.</summary>
internal sealed class GeoIpCentral : IDisposable
{
    private readonly GeoIpTestDatabases _geo = new();

    public GeoIpCentral(Func<string, CentralApiFactory> central)
    {
        try
        {
            Factory = central(_geo.Csv);
        }
        catch
        {
            _geo.Dispose();
            throw;
        }
    }

    public CentralApiFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        _geo.Dispose();
    }
}
