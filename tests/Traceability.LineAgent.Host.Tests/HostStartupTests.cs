using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests;

public sealed class HostStartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_printer_port_out_of_range_stops_the_agent_at_start_naming_the_key()
    {
        using var agent = new Agent(_dir.File("line.db"), printer: "tcp://127.0.0.1:70000");
        var e = Assert.ThrowsAny<OptionsValidationException>(() => agent.Server);
        Assert.Contains("Printer:Endpoint", e.Message, StringComparison.Ordinal);
        Assert.Contains("70000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_configuration_starts_and_serves_health()
    {
        using var agent = new Agent(_dir.File("line.db"), printer: "tcp://127.0.0.1:9");
        using var http = agent.CreateClient();
        var body = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Contains("\"lineId\":\"line-7\"", body, StringComparison.Ordinal);
    }

    private sealed class Agent(string storePath, string printer) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("LineStore:Path", storePath);
            builder.UseSetting("LineStore:LineId", "line-7");
            builder.UseSetting("Printer:Endpoint", printer);
            builder.UseSetting("CodeReader:Endpoint", "tcp://127.0.0.1:9");
            builder.UseSetting("Plc:Endpoint", "opc.tcp://127.0.0.1:9/UA/Plc");
            builder.UseSetting("Central:ApiKey", "line-key-0123456789abcdef");
            builder.UseSetting("Hmi:EngineerPin", "2468");
            foreach (var kind in new[] { "Unit", "Case", "Pallet" })
            {
                builder.UseSetting($"Pipeline:{kind}Template", RepositoryPaths.Combine("label-templates", "templates", kind.ToLowerInvariant() + ".json"));
            }
        }
    }
}
