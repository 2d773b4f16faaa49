using System.Globalization;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.RateLimiting;

/// <summary>A central whose public endpoints allow <see cref="Permits"/> requests per client and queue none.</summary>
internal static class TightPublicLimit
{
    public const int Permits = 2;

    // An hour-long window: the refusal cannot depend on how fast the test runs.
    public static CentralApiFactory Factory() => new()
    {
        Settings =
        {
            ["RateLimiting:Public:PermitLimit"] = Permits.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Public:Window"] = "01:00:00",
            ["RateLimiting:Public:QueueLimit"] = "0",
        },
    };
}
