using System.Diagnostics.Metrics;

namespace Traceability.LineAgent.Pipeline;

/// <summary>
/// The pipeline's measurement point (meter <see cref="MeterName"/>): the agent's own time per unit from trigger to
/// verdict, device latency excluded. Recorded for units decided by a read of their label (a no-read's time is the
/// read window): trigger received → label handed to the printer, plus read received → verdict durable and handed to
/// the PLC. What it leaves out is what the devices take (printing, the label's way to the reader, the PLC write).
/// With no listener a recording costs a flag check.
/// </summary>
internal static class PipelineMetrics
{
    /// <summary>The meter's name, for a <see cref="MeterListener"/> or an OpenTelemetry exporter.</summary>
    public const string MeterName = "Traceability.LineAgent.Pipeline";

    /// <summary>The histogram's name (milliseconds).</summary>
    public const string AgentTimeName = "traceability.line.unit.agent_time";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> AgentTime = Meter.CreateHistogram<double>(
        AgentTimeName, "ms", "The agent's own time per unit from trigger to verdict, device latency excluded");

    /// <summary>Records one unit's agent time from two spans measured with <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public static void RecordAgentTime(TimeProvider time, long beforePrintTicks, long readTimestamp)
    {
        if (!AgentTime.Enabled)
        {
            return;
        }

        var afterRead = time.GetElapsedTime(readTimestamp);
        var beforePrint = TimeSpan.FromSeconds(beforePrintTicks / (double)time.TimestampFrequency);
        AgentTime.Record((beforePrint + afterRead).TotalMilliseconds);
    }
}
