using System.Collections.Frozen;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>The page, its script and style, embedded in the assembly: the touchscreen needs no network and no CDN.</summary>
internal static class HmiAssets
{
    private static readonly FrozenDictionary<string, (string ContentType, byte[] Bytes)> Files = new Dictionary<string, (string, byte[])>
    {
        ["index.html"] = ("text/html; charset=utf-8", Load("index.html")),
        ["hmi.js"] = ("text/javascript; charset=utf-8", Load("hmi.js")),
        ["hmi.css"] = ("text/css; charset=utf-8", Load("hmi.css")),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryGet(string name, out string contentType, out byte[] bytes)
    {
        if (Files.TryGetValue(name, out var file))
        {
            (contentType, bytes) = file;
            return true;
        }

        (contentType, bytes) = ("", []);
        return false;
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(HmiAssets).Assembly.GetManifestResourceStream("Hmi.Assets." + name)
            ?? throw new InvalidOperationException($"The HMI asset '{name}' is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
