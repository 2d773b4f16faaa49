using System.Globalization;

namespace Traceability.Testing;

/// <summary>
/// Renders ZPL to PNG with npm zpl-renderer-js 3.4.0 (the zebrash renderer in WebAssembly), an independent check that
/// our ZPL prints what we think it prints. Runs <c>node render.js</c> from tests/Traceability.Testing/node, which needs
/// <c>npm ci</c> there first (.ci/run does it). One node process per label: start-up measured at about 0.3 s.
/// </summary>
public static class ZplRendererJs
{
    /// <summary>How long one render may take before node is killed.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The folder holding render.js, package.json and package-lock.json.</summary>
    public static string ScriptFolder => RepositoryPaths.Combine("tests", "Traceability.Testing", "node");

    /// <summary>The first label of <paramref name="zpl"/> as PNG bytes, at <paramref name="dpmm"/> dots per millimetre (8 = 203 dpi, 12 = 300 dpi).</summary>
    public static byte[] RenderPng(string zpl, double widthMm, double heightMm, int dpmm)
    {
        ArgumentException.ThrowIfNullOrEmpty(zpl);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthMm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heightMm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpmm);
        var folder = ScriptFolder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "zpl-renderer-js")))
        {
            throw new ExternalToolException($"zpl-renderer-js is not installed: run `npm ci` in {folder} (.ci/run does).");
        }

        string[] arguments =
        [
            "render.js",
            widthMm.ToString(CultureInfo.InvariantCulture),
            heightMm.ToString(CultureInfo.InvariantCulture),
            dpmm.ToString(CultureInfo.InvariantCulture),
        ];
        var result = ToolProcess.Run("node", arguments, zpl, Timeout, "Debian package nodejs, node 20", folder);
        if (result.ExitCode != 0 || result.Stdout.Length == 0)
        {
            throw ToolProcess.Failure("node", arguments, result);
        }

        return Convert.FromBase64String(result.Stdout.Trim());
    }
}
