using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Traceability.CentralApi;

namespace Traceability.Benchmarks.Load;

/// <summary>Central in the benchmark process (<c>--in-process</c>, the harness of sessions 1–4): a loopback port, no log providers, this process's GC.</summary>
internal sealed class InProcessCentral : ICentralHost
{
    private readonly WebApplication _app;

    private InProcessCentral(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public Uri Address { get; }

    public string Description => $"central in the benchmark process at {Address}";

    public static async Task<InProcessCentral> StartAsync(IReadOnlyDictionary<string, string?> settings, string folder)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0" });
        builder.Logging.ClearProviders();
        builder.AddCentralApi();
        var app = builder.Build();
        app.MapCentralApi();
        await app.StartAsync();
        return new InProcessCentral(app);
    }

    public TimeSpan? CpuTime() => null;

    public string? PeakMemory() => null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
