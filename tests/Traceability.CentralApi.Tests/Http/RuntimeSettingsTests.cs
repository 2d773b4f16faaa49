using System.Text.Json;

namespace Traceability.CentralApi.Tests.Http;

/// <summary>The runtime settings central's executable ships with (its runtimeconfig.json, copied beside the tests).</summary>
public sealed class RuntimeSettingsTests
{
    // Thread-pool spinning cost central about a fifth of its CPU per request below saturation on two cores
    // (docs/benchmarks.md, session 6); the setting must reach the deployed runtimeconfig.json, not only a benchmark's
    // environment.
    [Fact]
    public void Central_ships_with_thread_pool_spinning_off_and_server_gc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Traceability.CentralApi.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var settings = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, settings.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
        Assert.True(settings.GetProperty("System.GC.Server").GetBoolean());
    }
}
