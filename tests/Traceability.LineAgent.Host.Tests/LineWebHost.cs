using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Host.Tests;

/// <summary>The web host the test lines serve from: a slim WebApplication without logging on a free port of 127.0.0.1.</summary>
internal static class LineWebHost
{
    public static WebApplicationBuilder CreateBuilder(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);

        // The agent's appsettings.json (copied beside the tests) names the HMI's fixed port: take a free one instead.
        builder.Configuration["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0";
        return builder;
    }

    /// <summary>Starts the app and returns the address it listens on; if it cannot start, disposes the line that owns it.</summary>
    public static async Task<Uri> StartAsync(WebApplication app, IAsyncDisposable line)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await line.DisposeAsync();
            throw;
        }

        return new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }
}
