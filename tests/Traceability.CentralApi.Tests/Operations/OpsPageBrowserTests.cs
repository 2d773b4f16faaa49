using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Traceability.CentralApi.Tests.Browser;
using Traceability.CentralApi.Tests.Grpc;
using Xunit.Abstractions;
using static Traceability.CentralApi.Tests.Operations.OpsStory;

namespace Traceability.CentralApi.Tests.Operations;

/// <summary>
/// The operations page in headless Chromium (the system's <c>/usr/bin/chromium</c> driven by Playwright) with JavaScript
/// switched off: the browser signs in through the form and reads the charts. Its requests to the page's host are
/// answered by central in memory (Playwright routing), cookies included, so the browser keeps the session cookie as
/// it would from a real server.
/// </summary>
public sealed class OpsPageBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Host = "http://ops.example.test";
    private CentralBrowser _browser = null!;
    private OpsStory _story = null!;

    public async Task InitializeAsync()
    {
        _browser = await CentralBrowser.StartAsync(
            Factory, Host, 1280, 900, ForwardAsync, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        _story = new OpsStory(_browser.Factory);
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task An_admin_signs_in_through_the_form_and_sees_the_charts_and_a_screenshot_is_kept()
    {
        await _story.TellAsync();
        var page = await _browser.Chromium.Context.NewPageAsync();

        // Where /ops sends a browser without a session (OpsSignInTests pins the redirect itself: a redirect answered by
        // Playwright routing on the first navigation is not routed again).
        await page.GotoAsync(Host + "/ops/sign-in?returnUrl=%2Fops");
        await page.FillAsync("#apiKey", CentralApiFactory.AdminKey);
        await page.ClickAsync("form.sign-in button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(Host + "/ops");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("admin-key-0");
        await Assertions.Expect(page.Locator("#chart-activation-region g.bar")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#chart-activation-batch g.bar")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#chart-activation-batch g.bar text.label")).ToHaveTextAsync(["L-A", "L-B"]);
        await Assertions.Expect(page.Locator("#chart-dealers g.bar text.label")).ToHaveTextAsync(["Guangdong Dealer", "Shanghai Dealer"]);
        await Assertions.Expect(page.Locator("#chart-dealers rect.segment")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#chart-activation-region")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#open-alerts tbody tr")).ToHaveCountAsync(5);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        // Drawn, not just present: the region chart is as wide as its section allows, and its bars have width.
        var box = await page.Locator("#chart-activation-region").BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 40 }, $"chart box {box?.Width}x{box?.Height}");
        var desk = Path.Combine(AppContext.BaseDirectory, "ops-dashboard.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = desk, FullPage = true });
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        output.WriteLine($"Screenshot (desk, 1280 px): {desk}");

        await page.SetViewportSizeAsync(390, 844);
        var phone = Path.Combine(AppContext.BaseDirectory, "ops-dashboard-phone.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = phone, FullPage = true });
        output.WriteLine($"Screenshot (phone, 390 px): {phone}");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide on a 390 px phone");
    }

    [Fact]
    public async Task Acknowledging_in_the_browser_takes_the_alert_off_the_list()
    {
        await _story.TellAsync();
        var page = await _browser.Chromium.Context.NewPageAsync();
        await page.GotoAsync(Host + "/ops/sign-in");
        await page.FillAsync("#apiKey", CentralApiFactory.AdminKey);
        await page.ClickAsync("form.sign-in button[type=submit]");
        var rows = page.Locator("#open-alerts tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        var first = await rows.First.GetAttributeAsync("data-alert-id");

        await rows.First.Locator("button", new LocatorLocatorOptions { HasText = "Acknowledge" }).ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator($"#open-alerts tr[data-alert-id='{first}']")).ToHaveCountAsync(0);
    }

    // The browser's request, cookies and form body included, to central in memory; central's answer, Set-Cookie and
    // Location included, back to the browser.
    private static async Task ForwardAsync(IRoute route, HttpClient http)
    {
        var request = route.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Url).PathAndQuery);
        message.Headers.Host = new Uri(request.Url).Authority;
        var headers = await request.AllHeadersAsync();
        if (headers.TryGetValue("cookie", out var cookie))
        {
            message.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        message.Headers.TryAddWithoutValidation("Accept", headers.TryGetValue("accept", out var accept) ? accept : "text/html");
        if (request.PostDataBuffer is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (headers.TryGetValue("content-type", out var type))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await http.SendAsync(message);
        var answer = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            answer[name] = string.Join(name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ? "\n" : ", ", values);
        }

        await route.FulfillAsync(new RouteFulfillOptions
        {
            Status = (int)response.StatusCode,
            Headers = answer,
            BodyBytes = await response.Content.ReadAsByteArrayAsync(),
        });
    }
}
