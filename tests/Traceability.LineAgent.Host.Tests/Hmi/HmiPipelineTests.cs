using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Traceability.Core.Authentication;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Pipeline;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests.Hmi;

/// <summary>The HMI over a real <see cref="LinePipeline"/> with in-process devices, registered as the host registers it.</summary>
public sealed class HmiPipelineTests : IAsyncLifetime
{
    private HmiLine _line = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // The container owns the devices (their disposal is a no-op); the printer hands each label to the reader.
        _line = await HmiLine.StartAsync(services: s =>
        {
            s.AddSingleton<InProcessPlc>();
            s.AddSingleton<InProcessReader>();
            s.AddSingleton(sp => new InProcessPrinter(sp.GetRequiredService<InProcessReader>()));
            s.AddSingleton<IPlc>(sp => sp.GetRequiredService<InProcessPlc>());
            s.AddSingleton<IPrinter>(sp => sp.GetRequiredService<InProcessPrinter>());
            s.AddSingleton<ICodeReader>(sp => sp.GetRequiredService<InProcessReader>());
            s.AddSingleton(sp => new LinePipeline(
                sp.GetRequiredService<LineStore>(), sp.GetRequiredService<IPlc>(), sp.GetRequiredService<IPrinter>(), sp.GetRequiredService<ICodeReader>(), PipelineFixture.Options(),
                new CodeSigner(CodeSigningKey.Create(CodeKeyId.Parse("K1")))));
        });
        _client = _line.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _line.DisposeAsync();
    }

    [Fact]
    public async Task Start_on_the_hmi_runs_the_line_and_pause_stops_it_before_the_order_pauses()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/hmi/work-orders/WO-1/pause")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/hmi/work-orders/WO-0/start")).StatusCode);
        var pipeline = _line.App.Services.GetRequiredService<LinePipeline>();
        var plc = _line.App.Services.GetRequiredService<InProcessPlc>();
        Assert.Equal((PipelineState.Running, "WO-0"), (pipeline.State, pipeline.WorkOrderId));

        for (var i = 0; i < 3; i++)
        {
            plc.Trigger();
        }

        await Eventually.TrueAsync(() => plc.Verdicts.Count == 3, () => $"{plc.Verdicts.Count} of 3 verdicts; {pipeline.State} {pipeline.FaultReason}");
        var state = await _client.GetFromJsonAsync<JsonElement>("/hmi/state");
        Assert.Equal(("Running", "WO-0"), (state.GetProperty("line").GetString(), state.GetProperty("current").GetString()));
        Assert.Equal(3, state.GetProperty("counts").GetProperty("verified").GetInt64());
        Assert.All(state.GetProperty("devices").EnumerateArray().Where(d => d.GetProperty("name").GetString() != "central"),
            d => Assert.Equal("Connected", d.GetProperty("state").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/hmi/work-orders/WO-0/pause")).StatusCode);

        Assert.Equal(PipelineState.Stopped, pipeline.State);
        Assert.Equal(WorkOrderState.Paused, _line.Store.FindWorkOrder("WO-0")!.State);
        var counts = _line.Store.CountFromData("WO-0");
        Assert.True(counts.IsBalanced, string.Join("; ", counts.Imbalances()));
        Assert.Equal(0, counts.AwaitingVerdict);
    }

    private async Task<HttpResponseMessage> PostAsync(string path)
    {
        var response = await _client.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
