namespace Traceability.LineAgent.Devices.Plc;

/// <summary>Where the line PLC is and which nodes carry its tags; bound from the <c>Plc</c> section.</summary>
/// <remarks>Node ids default to the simulator's layout (simulators/plc-opcua), which is the one we ask integrators to publish.</remarks>
public sealed class PlcOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Plc";

    /// <summary>The PLC's OPC UA endpoint, <c>opc.tcp://host:port[/path]</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Boolean: a product is under the trigger sensor.</summary>
    public string ProductPresent { get; set; } = "ns=1;s=Line.ProductPresent";

    /// <summary>UInt32: the unit sequence number n, +1 per unit.</summary>
    public string UnitCounter { get; set; } = "ns=1;s=Line.UnitCounter";

    /// <summary>UInt32: verdict mailbox, writing it latches the verdict for unit n.</summary>
    public string VerdictSequence { get; set; } = "ns=1;s=Line.VerdictSequence";

    /// <summary>Boolean: verdict mailbox, good (true) or reject (false).</summary>
    public string VerdictGood { get; set; } = "ns=1;s=Line.VerdictGood";

    /// <summary>String: verdict mailbox, the reject reason.</summary>
    public string VerdictReason { get; set; } = "ns=1;s=Line.VerdictReason";

    /// <summary>UInt32: the last sequence number the PLC latched.</summary>
    public string VerdictAck { get; set; } = "ns=1;s=Line.VerdictAck";

    /// <summary>Boolean: the line is running.</summary>
    public string Running { get; set; } = "ns=1;s=Line.Running";

    /// <summary>Boolean: the line is faulted.</summary>
    public string Fault { get; set; } = "ns=1;s=Line.Fault";

    /// <summary>Double: units per minute.</summary>
    public string Speed { get; set; } = "ns=1;s=Line.Speed";

    /// <summary>Boolean: the current case is full.</summary>
    public string CaseFull { get; set; } = "ns=1;s=Line.CaseFull";

    /// <summary>How often the PLC publishes counter changes (real PLCs: 50–1000 ms).</summary>
    public TimeSpan PublishingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often the PLC samples the unit counter for the agent. Zero (the default) asks for every change: sampled at
    /// the publishing interval, two units within one interval arrive as one step and the first is refused as a missed
    /// trigger (a line faster than 600 units/min at 100 ms). The server revises it to what it supports.
    /// </summary>
    public TimeSpan SamplingInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How long one OPC UA request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every node option with its name, in the order the agent checks them on connect.</summary>
    internal IEnumerable<(string Name, string Value)> Nodes()
    {
        yield return (nameof(ProductPresent), ProductPresent);
        yield return (nameof(UnitCounter), UnitCounter);
        yield return (nameof(VerdictSequence), VerdictSequence);
        yield return (nameof(VerdictGood), VerdictGood);
        yield return (nameof(VerdictReason), VerdictReason);
        yield return (nameof(VerdictAck), VerdictAck);
        yield return (nameof(Running), Running);
        yield return (nameof(Fault), Fault);
        yield return (nameof(Speed), Speed);
        yield return (nameof(CaseFull), CaseFull);
    }
}
