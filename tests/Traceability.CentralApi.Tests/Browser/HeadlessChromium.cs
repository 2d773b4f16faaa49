using Microsoft.Playwright;

namespace Traceability.CentralApi.Tests.Browser;

/// <summary>
/// The system's Chromium (<c>/usr/bin/chromium</c>) driven by Playwright, headless, JavaScript off, in a throwaway
/// profile: the browser the page tests look through. Each test routes the browser's requests to central itself.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly string _profile;
    private readonly IPlaywright _playwright;

    private HeadlessChromium(string profile, IPlaywright playwright, IBrowserContext context)
    {
        _profile = profile;
        _playwright = playwright;
        Context = context;
    }

    /// <summary>The browser (a persistent context: it keeps cookies like a real one).</summary>
    public IBrowserContext Context { get; }

    public static async Task<HeadlessChromium> LaunchAsync(int width, int height)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var profile = Directory.CreateTempSubdirectory("traceability-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            JavaScriptEnabled = false,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return new HeadlessChromium(profile, playwright, context);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
