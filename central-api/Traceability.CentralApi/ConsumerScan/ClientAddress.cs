using System.Net;

namespace Traceability.CentralApi.ConsumerScan;

/// <summary>
/// The address a public request came from: the connection's remote address, or, when the deployment says a proxy it
/// trusts sits in front (<c>TrustForwardedFor</c>), the last entry of <c>X-Forwarded-For</c>: the one that proxy added.
/// Earlier entries are whatever the client wrote and are never used.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Of(HttpContext context, bool trustForwardedFor)
    {
        if (trustForwardedFor)
        {
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && IPAddress.TryParse(last, out var proxied))
            {
                return Normalize(proxied);
            }
        }

        return context.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
