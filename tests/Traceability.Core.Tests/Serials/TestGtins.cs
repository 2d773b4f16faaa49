using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Serials;

internal static class TestGtins
{
    /// <summary>A GTIN-14 with a valid check digit (the GS1 example GTIN 9506000134352, zero-padded).</summary>
    public static readonly Gtin Example = Gtin.Parse("09506000134352");
}
