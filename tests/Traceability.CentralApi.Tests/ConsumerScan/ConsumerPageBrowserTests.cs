using Microsoft.Playwright;
using Traceability.CentralApi.Tests.Browser;
using static Traceability.CentralApi.Tests.ConsumerScan.ScanSeed;

namespace Traceability.CentralApi.Tests.ConsumerScan;

/// <summary>
/// The consumer page in headless Chromium (the system's <c>/usr/bin/chromium</c> driven by Playwright) with JavaScript
/// switched off: a phone-sized viewport opens the label's Digital Link; the browser's requests to the label's host are
/// answered by central in memory (Playwright routing), so the page is exactly what central serves.
/// </summary>
public sealed class ConsumerPageBrowserTests : IAsyncLifetime
{
    private const string Host = "http://id.example.test";
    private CentralBrowser _browser = null!;
    private ScanSeed _seed = null!;

    public async Task InitializeAsync()
    {
        _browser = await CentralBrowser.StartAsync(Factory, Host, 390, 844, ForwardAsync);
        _seed = new ScanSeed(_browser.Factory);
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task The_label_link_opens_a_readable_genuine_page_without_JavaScript_and_a_screenshot_is_kept()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);
        var page = await _browser.Chromium.Context.NewPageAsync();

        var response = await page.GotoAsync(Host + SignedLink(serials[0]));

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Genuine product");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "genuine");
        await Assertions.Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl")).ToContainTextAsync("W1");
        await Assertions.Expect(page.Locator("dl")).ToContainTextAsync("CN-440000");
        await Assertions.Expect(page.Locator("dl")).ToContainTextAsync("Warranty");
        Assert.Equal(0, await page.Locator("script").CountAsync());
        var screenshot = Path.Combine(AppContext.BaseDirectory, "consumer-scan-genuine.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
    }

    [Fact]
    public async Task A_forged_label_opens_a_suspicious_page_with_its_reason_and_a_screenshot_is_kept()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);
        var page = await _browser.Chromium.Context.NewPageAsync();
        var forged = SignedLink(serials[0]).Replace($"/21/{serials[0]}", $"/21/{serials[1]}", StringComparison.Ordinal);

        await page.GotoAsync(Host + forged);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Suspicious product code");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "suspicious");
        await Assertions.Expect(page.Locator("#reasons li[data-reason='signature_invalid']")).ToBeVisibleAsync();
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "consumer-scan-suspicious.png"), FullPage = true });
        Assert.True(png.Length > 1000, $"screenshot is {png.Length} bytes");
    }

    // The browser's request to central in memory, from a Shenzhen address (central trusts X-Forwarded-For here).
    private static async Task ForwardAsync(IRoute route, HttpClient http)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Request.Method), new Uri(route.Request.Url).PathAndQuery);
        request.Headers.TryAddWithoutValidation("Accept", route.Request.Headers.TryGetValue("accept", out var accept) ? accept : "text/html");
        request.Headers.Add("X-Forwarded-For", ShenzhenIp);
        using var response = await http.SendAsync(request);
        await route.FulfillAsync(new RouteFulfillOptions
        {
            Status = (int)response.StatusCode,
            ContentType = response.Content.Headers.ContentType?.ToString(),
            BodyBytes = await response.Content.ReadAsByteArrayAsync(),
        });
    }
}
