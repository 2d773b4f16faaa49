using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Tests.Storage;

/// <summary>Test data for the line store: a product, serial blocks, work orders, SSCCs, operators.</summary>
internal static class StoreBuilders
{
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");

    public static readonly Gtin OtherGtin = Gtin.Parse("09506000134369");

    public static readonly OperatorAction Operator = new("op-7", "checked at the bench");

    public static SerialBlock Block(string blockId, int count, Gtin? gtin = null, string prefix = "") =>
        new(gtin ?? Gtin, blockId, [.. Enumerable.Range(1, count).Select(i => Serial.Parse(string.Create(CultureInfo.InvariantCulture, $"{prefix}{blockId}X{i:D5}")))]);

    public static Sscc Sscc(long reference) => Core.Gs1.Sscc.Create(0, "9506000", reference);

    public static UnitKey Key(string serial, Gtin? gtin = null) => new(gtin ?? Gtin, Serial.Parse(serial));
}

/// <summary>A work order spec with sensible defaults, changed one field at a time.</summary>
internal sealed record WorkOrderBuilder
{
    public string Id { get; init; } = "WO-1";

    public Gtin Gtin { get; init; } = StoreBuilders.Gtin;

    public string Lot { get; init; } = "L2611";

    public string Expiry { get; init; } = "281130";

    public long Quantity { get; init; } = 1000;

    public int UnitsPerCase { get; init; } = 4;

    public int CasesPerPallet { get; init; } = 2;

    public WorkOrderSpec Build() => new(Id, Gtin, Lot, Expiry, Quantity, UnitsPerCase, CasesPerPallet);
}
