using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Traceability.CentralApi.GeoIp;

/// <summary>
/// Addresses as 128-bit integers: IPv6 as is, IPv4 as its IPv4-mapped IPv6 address (::ffff:a.b.c.d), so one table holds
/// both and a /24 of IPv4 is a /120.
/// </summary>
internal static class IpKey
{
    /// <summary>Bits an IPv4 prefix gains when mapped into IPv6.</summary>
    public const int MappedIpv4Offset = 96;

    public static UInt128 Of(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The top <paramref name="prefixLength"/> bits of <paramref name="key"/>, the rest zero.</summary>
    public static UInt128 Mask(UInt128 key, int prefixLength) =>
        prefixLength == 0 ? UInt128.Zero : key & (UInt128.MaxValue << (128 - prefixLength));
}
