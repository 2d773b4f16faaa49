using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Simulators.Printers;

namespace Traceability.Simulators.Tests.Printers;

internal static class SimulatedPrinterHarness
{
    public static readonly ZplPrinterOptions Options = new()
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        ReconnectInitial = TimeSpan.FromMilliseconds(20),
        ReconnectMaximum = TimeSpan.FromMilliseconds(100),
    };

    public static string Label(string text) => $"^XA^FO40,40^A0N,30,30^FD{text}^FS^FO40,100^BCN,60,Y,N,N^FD{text}^FS^XZ";

    public static ZplPrinter Driver(SimulatedZplPrinter simulator, ZplPrinterOptions? options = null) =>
        new(StreamConnectors.Create(DeviceEndpoint.Parse(simulator.TcpEndpoint)), options ?? Options);

    public static async Task<PrintedLabel> NextPrintedAsync(SimulatedZplPrinter simulator) =>
        await simulator.Printed.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 5 s");
            await Task.Delay(10);
        }
    }
}
