using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.LineAgent.Storage;

/// <summary>A unit's identity: GTIN + serial, as AI (01) + AI (21) carry it.</summary>
public readonly record struct UnitKey(Gtin Gtin, Serial Serial)
{
    // '|' is outside GS1 CSET 82, so it never occurs in a serial and the key splits back unambiguously.
    internal string Id => Gtin.Value + "|" + Serial.Value;

    /// <summary>The key in GS1 element-string form, e.g. (01)09506000134352(21)A1B2C3.</summary>
    public override string ToString() => $"(01){Gtin.Value}(21){Serial.Value}";

    internal static UnitKey FromId(string id)
    {
        var bar = id.IndexOf('|', StringComparison.Ordinal);
        return new UnitKey(Gtin.Parse(id[..bar]), Serial.Parse(id[(bar + 1)..]));
    }
}
