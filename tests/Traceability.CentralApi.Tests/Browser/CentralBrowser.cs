using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Traceability.CentralApi.Tests.GeoIp;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Browser;

/// <summary>
/// What the page tests in a browser share: central in memory over its own test GeoIP database, a client of it, and
/// <see cref="HeadlessChromium"/> whose requests to the page's host are handed to that client (Playwright routing) by
/// the test's forward, so the page is exactly what central serves. Disposes them in order.
/// </summary>
internal sealed class CentralBrowser : IAsyncDisposable
{
    private readonly GeoIpTestDatabases _geo;

    private CentralBrowser(GeoIpTestDatabases geo, CentralApiFactory factory, HttpClient http, HeadlessChromium chromium)
    {
        _geo = geo;
        Factory = factory;
        Http = http;
        Chromium = chromium;
    }

    public CentralApiFactory Factory { get; }

    /// <summary>The client the browser's requests go through.</summary>
    public HttpClient Http { get; }

    public HeadlessChromium Chromium { get; }

    /// <summary>
    /// Central made by <paramref name="central"/> (given the GeoIP CSV), a <paramref name="width"/> × <paramref name="height"/>
    /// browser, and its requests to <paramref name="host"/> routed to <paramref name="forward"/> with the client.
    /// </summary>
    public static async Task<CentralBrowser> StartAsync(
        Func<string, CentralApiFactory> central, string host, int width, int height, Func<IRoute, HttpClient, Task> forward,
        WebApplicationFactoryClientOptions? clientOptions = null)
    {
        var geo = new GeoIpTestDatabases();
        CentralApiFactory? factory = null;
        HttpClient? http = null;
        try
        {
            factory = central(geo.Csv);
            http = clientOptions is null ? factory.CreateClient() : factory.CreateClient(clientOptions);
            var chromium = await HeadlessChromium.LaunchAsync(width, height);
            var browser = new CentralBrowser(geo, factory, http, chromium);
            await chromium.Context.RouteAsync($"{host}/**", route => forward(route, browser.Http));
            return browser;
        }
        catch
        {
            http?.Dispose();
            if (factory is not null)
            {
                await factory.DisposeAsync();
            }

            geo.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Factory.DisposeAsync();
        Http.Dispose();
        _geo.Dispose();
    }
}
