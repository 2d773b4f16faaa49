using System.Net;
using System.Text;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.GeoIp;

/// <summary>One loaded GeoIP database: a CSV of networks or a MaxMind file. Safe to share between threads.</summary>
internal abstract class IpRegionDatabase : IDisposable
{
    // The MaxMind DB format puts this marker before its metadata, in the last 128 KiB of the file.
    private static readonly byte[] MaxMindMetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];
    private const int MaxMindMetadataWindow = 128 * 1024;

    /// <summary>What the database is, for logs: "CSV, 3 networks" or "MaxMind GeoIP2-City".</summary>
    public abstract string Description { get; }

    /// <summary>The region of <paramref name="address"/>, or null when the database does not place it.</summary>
    public abstract RegionCode? Find(IPAddress address);

    /// <summary>Opens <paramref name="path"/>: <c>.mmdb</c> or <c>.csv</c> by extension, otherwise by content.</summary>
    /// <exception cref="GeoIpDatabaseException">The file is missing, of unknown format, or invalid (the message names the line).</exception>
    public static IpRegionDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new GeoIpDatabaseException($"'{path}' does not exist.");
        }

        var extension = Path.GetExtension(path);
        if (extension.Equals(".mmdb", StringComparison.OrdinalIgnoreCase))
        {
            return MaxMindIpRegionDatabase.OpenFile(path);
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return CsvIpRegionDatabase.Load(path);
        }

        if (HasMaxMindMetadata(path))
        {
            return MaxMindIpRegionDatabase.OpenFile(path);
        }

        if (LooksLikeText(path))
        {
            return CsvIpRegionDatabase.Load(path);
        }

        throw new GeoIpDatabaseException(
            $"'{path}' is neither a MaxMind database (no MaxMind metadata) nor a CSV text file of network,region lines; name it .mmdb or .csv.");
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private static bool HasMaxMindMetadata(string path)
    {
        using var file = File.OpenRead(path);
        var length = (int)Math.Min(file.Length, MaxMindMetadataWindow);
        var tail = new byte[length];
        file.Seek(-length, SeekOrigin.End);
        file.ReadExactly(tail);
        return tail.AsSpan().LastIndexOf(MaxMindMetadataMarker) >= 0;
    }

    private static bool LooksLikeText(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[(int)Math.Min(file.Length, 4096)];
        file.ReadExactly(head);
        if (head.Contains((byte)0))
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(head);
            return true;
        }
        catch (DecoderFallbackException)
        {
            // A multi-byte character cut at the 4 KiB boundary is still text.
            return head.Length == 4096;
        }
    }
}
