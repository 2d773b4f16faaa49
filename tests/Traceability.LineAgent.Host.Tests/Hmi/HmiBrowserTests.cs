using System.Diagnostics;
using Microsoft.Playwright;
using Traceability.LineAgent.Storage;
using Traceability.Testing;
using Xunit.Abstractions;

namespace Traceability.LineAgent.Host.Tests.Hmi;

/// <summary>The page in headless Chromium (the system's <c>/usr/bin/chromium</c>, driven by Playwright; no browser download).</summary>
public sealed class HmiBrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly ITestOutputHelper _output;
    private string _profile = null!;
    private HmiLine _line = null!;
    private IPlaywright _playwright = null!;
    private IBrowserContext _browser = null!;

    public HmiBrowserTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _profile = Directory.CreateTempSubdirectory("traceability-chromium-").FullName;
        _line = await HmiLine.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 1024 },
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _line.DisposeAsync();
        Directory.Delete(_profile, recursive: true);
    }

    [Fact]
    public async Task The_page_shows_the_counts_updates_live_pauses_the_order_and_renders_a_screenshot()
    {
        var watch = Stopwatch.StartNew();
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_line.BaseAddress.ToString());

        await Assertions.Expect(page.Locator("#verified")).ToHaveTextAsync("3", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#rejected")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#case")).ToHaveTextAsync("3 of 4");
        await Assertions.Expect(page.Locator("#rejects")).ToContainTextAsync("no-read: 1");
        await Assertions.Expect(page.Locator("#balanced")).ToHaveTextAsync("balanced");

        // A unit verified in the store reaches the open page through the event stream, without a reload.
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;
        await _line.VerifyUnitAsync();
        await Assertions.Expect(page.Locator("#verified")).ToHaveTextAsync("4", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        Assert.Equal(0, navigations);

        // The operator's Pause button reaches the store.
        await page.Locator("tr[data-order='WO-1'] button[data-action='pause']").ClickAsync();
        await Eventually.TrueAsync(
            () => _line.Store.FindWorkOrder("WO-1")!.State == WorkOrderState.Paused,
            () => $"WO-1 is {_line.Store.FindWorkOrder("WO-1")!.State} after Pause was pressed",
            Wait);
        Assert.Equal(("operator", "workorder.pause"), (_line.Store.ReadAudit(1, 100)[^1].OperatorId, _line.Store.ReadAudit(1, 100)[^1].Action));
        await Assertions.Expect(page.Locator("tr[data-order='WO-1'] button[data-action='start']")).ToBeEnabledAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#current")).ToHaveTextAsync("WO-1");
        await Assertions.Expect(page.Locator("#reprints")).ToContainTextAsync("no-read");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "hmi-screenshot.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(png.Length > 1000, $"screenshot is {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.True(new FileInfo(screenshot).Length == png.Length);
        _output.WriteLine($"browser test body took {watch.Elapsed.TotalSeconds:F1} s; screenshot {screenshot} ({png.Length} bytes)");
    }

    [Fact]
    public async Task An_engineer_closes_a_paused_order_through_the_pin_dialog()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_line.BaseAddress.ToString());

        await page.Locator("tr[data-order='WO-0'] button[data-action='close']").ClickAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.Locator("#engineer-reason").FillAsync("cancelled by planning");
        await page.Locator("#engineer-pin").FillAsync(HmiLine.Pin);
        await page.Locator("#engineer-ok").ClickAsync();

        await Eventually.TrueAsync(
            () => _line.Store.FindWorkOrder("WO-0")!.State == WorkOrderState.Closed,
            () => $"WO-0 is {_line.Store.FindWorkOrder("WO-0")!.State} after the engineer confirmed",
            Wait);
        Assert.Equal(("engineer", "cancelled by planning"), (_line.Store.ReadAudit(1, 100)[^1].OperatorId, _line.Store.ReadAudit(1, 100)[^1].Reason));
        await Assertions.Expect(page.Locator("tr[data-order='WO-0']")).ToContainTextAsync("Closed", new() { Timeout = (float)Wait.TotalMilliseconds });
    }

    [Fact]
    public async Task An_engineer_creates_a_work_order_with_the_new_order_dialog()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_line.BaseAddress.ToString());

        await page.Locator("#new-order").ClickAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.Locator("#create-id").FillAsync("WO-HMI");
        await page.Locator("#create-gtin").FillAsync("09506000134352");
        await page.Locator("#create-lot").FillAsync("L77");
        await page.Locator("#create-expiry").FillAsync("2029-05-31");
        await page.Locator("#create-quantity").FillAsync("24");
        await page.Locator("#create-reason").FillAsync("central down");
        await page.Locator("#create-pin").FillAsync(HmiLine.Pin);
        await page.Locator("#create-ok").ClickAsync();

        await Eventually.TrueAsync(() => _line.Store.FindWorkOrder("WO-HMI") is not null, () => "WO-HMI was not created", Wait);
        var order = _line.Store.FindWorkOrder("WO-HMI")!;
        Assert.Equal((WorkOrderState.Planned, "290531", 24L), (order.State, order.Spec.Expiry, order.Spec.Quantity));
        Assert.Equal(("engineer", "workorder.create"), (_line.Store.ReadAudit(1, 100)[^1].OperatorId, _line.Store.ReadAudit(1, 100)[^1].Action));
        await Assertions.Expect(page.Locator("tr[data-order='WO-HMI']")).ToContainTextAsync("Planned", new() { Timeout = (float)Wait.TotalMilliseconds });
    }

    [Fact]
    public async Task An_operator_reprints_from_the_queue_and_an_engineer_reissues_a_verified_unit_with_the_pin()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_line.BaseAddress.ToString());
        var rejected = _line.Store.UnitsOf("WO-1").Single(u => u.State == Core.Lifecycle.SerialState.LabelScrapped);

        // The rejected label's Reprint button in the queue: an operator action (no PIN), with a reason.
        await page.Locator($"#reprints li[data-unit='{rejected.Key}'] button[data-action='reprint']").ClickAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.Locator("#manual-operator").FillAsync("op-7");
        await page.Locator("#manual-reason").FillAsync("label smudged");
        await page.Locator("#manual-ok").ClickAsync();

        await Eventually.TrueAsync(
            () => _line.Store.FindUnit(rejected.Key)!.ReprintCount == 1,
            () => $"{rejected.Key} was reprinted {_line.Store.FindUnit(rejected.Key)!.ReprintCount} times",
            Wait);
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"Reprinted {rejected.Key} (1×)", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator($"#reprints li[data-unit='{rejected.Key}']")).ToContainTextAsync("reprinted 1×", new() { Timeout = (float)Wait.TotalMilliseconds });
        Assert.True(_line.Printer.Printed.Reader.TryRead(out var printed));
        Assert.Contains("/21/" + rejected.Key.Serial.Value, printed.Code, StringComparison.Ordinal);
        Assert.Equal(("op-7", "unit.reprint", "label smudged"), (_line.Store.ReadAudit(1, 100)[^1].OperatorId, _line.Store.ReadAudit(1, 100)[^1].Action, _line.Store.ReadAudit(1, 100)[^1].Reason));

        // A verified unit: the engineer's PIN, and the default policy reissues it under a new serial.
        var verified = await _line.VerifyUnitAsync();
        await page.Locator("#manual-code").FillAsync(verified.Key.ToString());
        await page.Locator("button[data-manual='reprint']").ClickAsync();
        await page.Locator("#manual-reason").FillAsync("label torn");
        await page.Locator("#manual-pin").FillAsync(HmiLine.Pin);
        await page.Locator("#manual-ok").ClickAsync();

        await Eventually.TrueAsync(
            () => _line.Store.FindUnit(verified.Key)!.State == Core.Lifecycle.SerialState.Inactive,
            () => $"{verified.Key} is {_line.Store.FindUnit(verified.Key)!.State} after the engineer's reprint",
            Wait);
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"Reissued {verified.Key} as", new() { Timeout = (float)Wait.TotalMilliseconds });
        Assert.Equal("unit.reissue", _line.Store.ReadAudit(1, 100)[^1].Action);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "hmi-reprint-screenshot.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        _output.WriteLine($"screenshot {screenshot} ({png.Length} bytes)");
    }
}
